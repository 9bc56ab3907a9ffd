import * as assert from 'node:assert/strict';

import { mayMention } from '../../../eslint-plugin/src/util/sourceText';
import { probe } from './probe';

const BAGGAGE: readonly string[] = ['baggage', 'setentry'];
const TRACE: readonly string[] = ['trace'];

describe('mayMention()', () => {
  it('answers false only when the text certainly does not spell a needle, in any case', () => {
    assert.equal(probe("const x = 'trace';", 'ts', (context) => mayMention(context.sourceCode, BAGGAGE)), false);
    assert.equal(probe("headers.BAGGAGE = 'a=b';", 'ts', (context) => mayMention(context.sourceCode, BAGGAGE)), true);
    assert.equal(probe('b.setEntry(k, v);', 'ts', (context) => mayMention(context.sourceCode, BAGGAGE)), true);
  });

  it('counts a name written only in a comment (a needless true, never a wrong false)', () => {
    assert.equal(probe('// baggage\nconst x = 1;', 'ts', (context) => mayMention(context.sourceCode, BAGGAGE)), true);
  });

  it('answers true for any text with a backslash, where an escape may spell the name', () => {
    assert.equal(probe("headers['b\\x61ggage'] = 'a=b';", 'ts', (context) => mayMention(context.sourceCode, BAGGAGE)), true);
    assert.equal(probe("const n = 'x\\n';", 'ts', (context) => mayMention(context.sourceCode, BAGGAGE)), true);
  });

  it('keeps one answer per file and needle list', () => {
    const answers = probe("const x = 'trace';", 'ts', (context) => [mayMention(context.sourceCode, BAGGAGE), mayMention(context.sourceCode, TRACE), mayMention(context.sourceCode, BAGGAGE)]);
    assert.deepEqual(answers, [false, true, false]);
  });
});
