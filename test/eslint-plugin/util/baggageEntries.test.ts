import * as assert from 'node:assert/strict';

import type { BaggageBuild } from '../../../eslint-plugin/src/util/baggageEntries';
import type { Dialect } from './probe';

import { baggageOfCreate, baggageOfEntryChain, isContinuedByEntryCall } from '../../../eslint-plugin/src/util/baggageEntries';
import { getImportTracker } from '../../../eslint-plugin/src/util/imports';
import { collectCalls, probe } from './probe';

/** How a build renders in these tests: `key=value-source` per entry (`^` marks inherited ones), then `complete`. */
function render(build: BaggageBuild | undefined, text: (node: never) => string): string {
  if (build === undefined) return '-';
  const entries = build.entries.map((entry) => `${entry.own ? '' : '^'}${entry.key}=${entry.value === undefined ? '?' : text(entry.value as never)}`);
  return `${entries.join(',')}${build.complete ? '' : ' +more'}`;
}

/** Renders every outermost baggage-building call of `code`. */
function builds(code: string, dialect: Dialect = 'ts'): string[] {
  return probe(code, dialect, (context, program) => {
    const tracker = getImportTracker(context);
    const text = (node: never): string => context.sourceCode.getText(node);
    return collectCalls(program)
      .map((call) => call as never)
      .filter((call) => !isContinuedByEntryCall(call))
      .map((call) => render(baggageOfCreate(call, tracker) ?? baggageOfEntryChain(call, tracker), text))
      .filter((rendered) => rendered !== '-');
  });
}

describe('baggageOfCreate()', () => {
  it('reads inline entries with their value expressions', () => {
    assert.deepEqual(builds(`import { propagation } from '@opentelemetry/api';\npropagation.createBaggage({ a: { value: 'x' }, 'b.c': { value: v, metadata: m }, 7: e });`), [
      "a='x',b.c=v,7=?",
    ]);
  });

  it('reads a constant object of entries', () => {
    assert.deepEqual(builds(`const { propagation } = require('@opentelemetry/api');\nconst entries = { a: { value: '1' } };\npropagation.createBaggage(entries);`, 'cjs'), ["a='1'"]);
  });

  it('keeps only the entries after a spread and marks the build incomplete', () => {
    assert.deepEqual(builds(`import * as api from '@opentelemetry/api';\napi.propagation.createBaggage({ a: { value: '1' }, ...defaults, b: { value: '2' } });`, 'esm'), ["b='2' +more"]);
  });

  it('ignores a createBaggage that is not the API one', () => {
    assert.deepEqual(builds(`const propagation = local();\npropagation.createBaggage({ a: { value: '1' } });`), []);
  });
});

describe('baggageOfEntryChain()', () => {
  it('reads a chain from createBaggage as one build, reported at the outermost call', () => {
    assert.deepEqual(builds(`import { propagation } from '@opentelemetry/api';\npropagation.createBaggage({ a: { value: '1' } }).setEntry('b', { value: '2' }).setEntry('c', entry);`), [
      "a='1',b='2',c=?",
    ]);
  });

  it('marks entries from a constant baggage as inherited', () => {
    assert.deepEqual(builds(`import { propagation } from '@opentelemetry/api';\nconst base = propagation.createBaggage({ a: { value: '1' } });\nconst next = base.setEntry('b', { value: '2' });`), [
      "a='1'",
      "^a='1',b='2'",
    ]);
  });

  it('starts incomplete from the active baggage', () => {
    assert.deepEqual(builds(`import { propagation } from '@opentelemetry/api';\npropagation.getActiveBaggage()?.setEntry('a', { value: '1' });`), ["a='1' +more"]);
  });

  it('accepts an unknown receiver only for entries shaped { value }', () => {
    assert.deepEqual(builds(`bag.setEntry('a', { value: '1' });\ncache.setEntry('b', token);`), ["a='1' +more"]);
  });

  it('gives up on a chain that removes entries', () => {
    assert.deepEqual(builds(`import { propagation } from '@opentelemetry/api';\npropagation.createBaggage().setEntry('a', { value: '1' }).removeEntry('a').setEntry('b', { value: '2' });`), []);
  });
});
