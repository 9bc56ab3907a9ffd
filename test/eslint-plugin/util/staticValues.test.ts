import * as assert from 'node:assert/strict';

import type { StaticString } from '../../../eslint-plugin/src/util/staticValues';
import type { Dialect, ProbeNode } from './probe';

import { getImportTracker } from '../../../eslint-plugin/src/util/imports';
import { evaluateString, STATIC_STRING_MAX_LENGTH } from '../../../eslint-plugin/src/util/staticValues';
import { probe } from './probe';

/** Evaluates the initializer of the last `probe` variable declared in `code`. */
function evaluate(code: string, dialect: Dialect = 'esm'): StaticString {
  return probe(code, dialect, (context, program) => {
    // Read loosely: the plugin's AST enum is a different copy from the one this file could import.
    const declarators = (program.body as unknown as { declarations?: { id: { name?: string }; init: ProbeNode | null }[] }[]).flatMap((statement) => statement.declarations ?? []);
    const target = declarators.filter((declarator) => declarator.id.name === 'probe').at(-1)?.init;
    if (target === undefined || target === null) throw new Error('no probe declaration');
    return evaluateString(target, getImportTracker(context));
  });
}

describe('evaluateString()', () => {
  it('reads a string literal', () => {
    assert.deepEqual(evaluate(`const probe = 'tenant';`), { kind: 'known', value: 'tenant' });
  });

  it('renders number and boolean literals as String() does', () => {
    assert.deepEqual(evaluate(`const probe = 'n=' + 42 + ',b=' + true;`), { kind: 'known', value: 'n=42,b=true' });
  });

  it('keeps a numeric sum unknown instead of concatenating digits', () => {
    assert.deepEqual(evaluate(`const probe = 1 + 2;`), { kind: 'unknown' });
  });

  it('joins a template literal whose expressions are all known', () => {
    assert.deepEqual(evaluate('const id = 7;\nconst probe = `user-${id}-${"x"}`;'), { kind: 'known', value: 'user-7-x' });
  });

  it('is unknown for a template literal with a parameter', () => {
    assert.deepEqual(evaluate('function f(id) { return id; }\nconst probe = `user-${f(1)}`;'), { kind: 'unknown' });
  });

  it('repeats a known string by a literal count', () => {
    assert.deepEqual(evaluate(`const probe = 'ab'.repeat(3);`), { kind: 'known', value: 'ababab' });
  });

  it('resolves constants through scope, including a repeated constant', () => {
    assert.deepEqual(evaluate(`const unit = 'x';\nconst big = unit.repeat(4);\nconst probe = big + '!';`, 'cjs'), { kind: 'known', value: 'xxxx!' });
  });

  it('is unknown for a variable that is reassigned', () => {
    assert.deepEqual(evaluate(`let unit = 'x';\nunit = read();\nconst probe = unit;`), { kind: 'unknown' });
  });

  it('is unknown for repeat with a computed count', () => {
    assert.deepEqual(evaluate(`const probe = 'x'.repeat(n);`), { kind: 'unknown' });
  });

  it('is unknown for repeat on something that may not be a string', () => {
    assert.deepEqual(evaluate(`const probe = list.repeat(3);`), { kind: 'unknown' });
  });

  it('is unknown rather than allocating past the length cap', () => {
    assert.deepEqual(evaluate(`const probe = 'x'.repeat(${STATIC_STRING_MAX_LENGTH + 1});`), { kind: 'unknown' });
  });

  it('sees through TypeScript wrappers and String()', () => {
    assert.deepEqual(evaluate(`const probe = String('a' as string) + ('b' satisfies string);`, 'ts'), { kind: 'known', value: 'ab' });
  });

  it('reports JSON.stringify as unbounded', () => {
    assert.deepEqual(evaluate(`const probe = JSON.stringify(user);`), { kind: 'unbounded', source: 'JSON.stringify(…)' });
  });

  it('reports a request body as unbounded, even inside a concatenation', () => {
    assert.deepEqual(evaluate(`const probe = 'payload=' + req.body;`), { kind: 'unbounded', source: 'req.body' });
  });

  it('reports a whole object through a constant as unbounded, naming what the constant holds', () => {
    assert.deepEqual(evaluate(`const user = { id: 1 };\nconst probe = \`\${user}\`;`), { kind: 'unbounded', source: 'a whole object' });
  });

  it('names the request body read behind a constant', () => {
    assert.deepEqual(evaluate(`const payload = ctx.request.body;\nconst probe = payload;`, 'cjs'), { kind: 'unbounded', source: 'ctx.request.body' });
  });

  it('lets unbounded win over unknown in a template literal', () => {
    assert.deepEqual(evaluate('const probe = `${id}:${JSON.stringify(state)}`;'), { kind: 'unbounded', source: 'JSON.stringify(…)' });
  });

  it('does not take a local JSON object for the global', () => {
    assert.deepEqual(evaluate(`const JSON = { stringify: () => 'x' };\nconst probe = JSON.stringify(v);`), { kind: 'unknown' });
  });
});
