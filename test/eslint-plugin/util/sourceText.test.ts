import * as assert from 'node:assert/strict';

import { mayContain, mayMention } from '../../../eslint-plugin/src/util/sourceText';
import { probe } from './probe';

const BAGGAGE: readonly string[] = ['baggage', 'setentry'];
const TRACE: readonly string[] = ['trace'];
const START_SPAN: readonly string[] = ['startSpan'];

function mentions(code: string, needles: readonly string[] = BAGGAGE): boolean {
  return probe(code, 'ts', (context) => mayMention(context.sourceCode, needles));
}

function contains(code: string, needles: readonly string[] = START_SPAN): boolean {
  return probe(code, 'ts', (context) => mayContain(context.sourceCode, needles));
}

describe('mayMention()', () => {
  it('answers false only when the text certainly does not spell a needle, in any case', () => {
    assert.equal(mentions("const x = 'trace';"), false);
    assert.equal(mentions("headers.BAGGAGE = 'a=b';"), true);
    assert.equal(mentions('b.setEntry(k, v);'), true);
  });

  it('counts a name written only in a comment (a needless true, never a wrong false)', () => {
    assert.equal(mentions('// baggage\nconst x = 1;'), true);
  });

  it('answers true for a file with an escape that may spell a letter', () => {
    assert.equal(mentions("headers['b\\x61ggage'] = 'a=b';"), true);
    assert.equal(mentions("headers['b\\u{61}ggage'] = 'a=b';"), true);
  });

  it('keeps one answer per file and needle list', () => {
    const answers = probe("const x = 'trace';", 'ts', (context) => [mayMention(context.sourceCode, BAGGAGE), mayMention(context.sourceCode, TRACE), mayMention(context.sourceCode, BAGGAGE)]);
    assert.deepEqual(answers, [false, true, false]);
  });
});

describe('mayContain()', () => {
  it('answers whether the text holds a needle exactly, case included', () => {
    assert.equal(contains("tracer.startSpan('x');"), true);
    assert.equal(contains("tracer.startActiveSpan('x', run);"), false);
    assert.equal(contains("tracer.STARTSPAN('x');"), false);
    assert.equal(contains("tracer.startActiveSpan('x', run);", ['startSpan', 'startActiveSpan']), true);
  });

  it('answers true when an escape in a name, string or template may spell the needle', () => {
    assert.equal(contains('tracer.start\\u0053pan(name);'), true, 'identifier escape');
    assert.equal(contains("tracer['start\\x53pan'](name);"), true, 'hex escape');
    assert.equal(contains("tracer['start\\u{53}pan'](name);"), true, 'code point escape');
    assert.equal(contains("tracer['start\\Span'](name);"), true, 'escape of a plain letter');
    assert.equal(contains('tracer[`start\\x53pan`](name);'), true, 'template');
    assert.equal(contains("tracer['start\\\nSpan'](name);"), true, 'line continuation');
  });

  it('ignores escapes that spell no name: regular expressions, comments, control characters, quotes', () => {
    assert.equal(contains('const pattern = /^[A-Z]{3}-\\d{3}$/;'), false, 'regular expression');
    assert.equal(contains('// C:\\temp\\spans\nconst x = 1;'), false, 'line comment');
    assert.equal(contains('/* a\\b */ const x = 1;'), false, 'block comment');
    assert.equal(contains("const line = 'a\\n\\t\\r\\'\\\\';"), false, 'control characters, quote, backslash');
    assert.equal(contains('const zero = `\\0 \\${x}`;'), false, 'NUL and an escaped template hole');
    const inJavaScript = (code: string): boolean => probe(code, 'esm', (context) => mayContain(context.sourceCode, START_SPAN));
    assert.equal(inJavaScript('export const pattern = /^[A-Z]{3}-\\d{3}$/;'), false, 'regular expression, espree');
    assert.equal(inJavaScript("tracer['start\\x53pan'](name);"), true, 'hex escape, espree');
  });

  it('does not take an escaped backslash for the start of an escape', () => {
    assert.equal(contains("const path = 'C:\\\\new';"), false);
    assert.equal(contains("const path = 'C:\\\\\\x53';"), true);
  });

  it('keeps its answers apart from mayMention() for the same needle list', () => {
    const needles: readonly string[] = ['Trace'];
    const answers = probe("const x = 'trace';", 'ts', (context) => [mayMention(context.sourceCode, needles), mayContain(context.sourceCode, needles)]);
    assert.deepEqual(answers, [true, false]);
  });
});
