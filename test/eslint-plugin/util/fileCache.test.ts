import type { Rule } from 'eslint';
import type { ImportTracker } from '../../../eslint-plugin/src/util/imports';

import * as assert from 'node:assert/strict';
import { Linter } from 'eslint';
import { perFile } from '../../../eslint-plugin/src/util/fileCache';
import { getImportTracker } from '../../../eslint-plugin/src/util/imports';

/** Stand-ins for two files: the cache only compares identities. */
const fileA = { text: 'a' } as never;
const fileB = { text: 'b' } as never;

describe('perFile()', () => {
  it('computes a value once per file', () => {
    let created = 0;
    const cache = perFile(() => ({ serial: (created += 1) }));
    const first = cache(fileA);
    assert.equal(cache(fileA), first);
    assert.equal(created, 1);
  });

  it('keeps the values of different caches of one file apart', () => {
    const names = perFile(() => ['names']);
    const counts = perFile(() => ['counts']);
    assert.deepEqual(names(fileA), ['names']);
    assert.deepEqual(counts(fileA), ['counts']);
    assert.deepEqual(names(fileA), ['names']);
  });

  it('holds one file at a time: another file drops the values of the previous one', () => {
    const cache = perFile((sourceCode: { text: string }) => ({ of: sourceCode.text }));
    const a = cache(fileA);
    const b = cache(fileB);
    assert.deepEqual(b, { of: 'b' });
    const again = cache(fileA);
    assert.deepEqual(again, { of: 'a' });
    assert.notEqual(again, a, 'the first value was dropped when the second file came');
  });

  it('lets a value be built from another per-file value of the same file', () => {
    const base = perFile(() => ({ base: true }));
    const derived = perFile((sourceCode) => ({ from: base(sourceCode) }));
    const value = derived(fileA);
    assert.equal(value.from, base(fileA));
    assert.equal(derived(fileA), value);
  });

  it('gives every rule linting a file the same import tracker, and the next file a new one', () => {
    const seen: { rule: string; filename: string; tracker: ImportTracker }[] = [];
    const recording = (rule: string): Rule.RuleModule => ({
      meta: { type: 'problem', schema: [] },
      create(context) {
        seen.push({ rule, filename: context.filename, tracker: getImportTracker(context as never) });
        return {};
      },
    });
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [{ plugins: { probe: { rules: { one: recording('one'), two: recording('two') } } }, rules: { 'probe/one': 'error', 'probe/two': 'error' } }];
    linter.verify('const a = 1;', config, { filename: 'a.js' });
    linter.verify('const b = 2;', config, { filename: 'b.js' });
    assert.deepEqual(seen.map(({ rule, filename }) => `${rule}@${filename}`), ['one@a.js', 'two@a.js', 'one@b.js', 'two@b.js']);
    assert.equal(seen[0]?.tracker, seen[1]?.tracker);
    assert.equal(seen[2]?.tracker, seen[3]?.tracker);
    assert.notEqual(seen[0]?.tracker, seen[2]?.tracker);
  });
});
