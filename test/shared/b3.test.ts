import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { decodeB3, decodeB3Multi, parseB3, parseB3Multi, serializeB3, serializeB3Multi } from '../../shared/src/b3';
import type { ParseResult } from '../../shared/src/result';

const TRACE_128 = '80f198ee56343ba864fe8b2a57d3eff7';
const TRACE_64 = '64fe8b2a57d3eff7';
const SPAN = 'e457b5a2e4d86bd1';
const PARENT = '05e3ac9a4f6e3b90';

function value<T>(result: ParseResult<T>): T {
  assert.ok(result.ok, `expected success, got ${JSON.stringify(result)}`);
  return result.value;
}

function errorFields<T>(result: ParseResult<T>): string[] {
  assert.ok(!result.ok, 'expected a rejection');
  return result.errors.map((e) => e.field);
}

describe('parseB3()', () => {
  it('reads a 128-bit trace id, span id, accept and parent', () => {
    const result = parseB3(`${TRACE_128}-${SPAN}-1-${PARENT}`);
    assert.deepEqual(result, {
      ok: true,
      value: { traceId: TRACE_128, spanId: SPAN, parentSpanId: PARENT, sampled: true, debug: false, denyOnly: false },
      warnings: [],
    });
  });
  it('reads a 64-bit trace id as sent', () => {
    assert.equal(value(parseB3(`${TRACE_64}-${SPAN}`)).traceId, TRACE_64);
  });
  it('defers the sampling decision when the state is absent', () => {
    assert.equal(value(parseB3(`${TRACE_128}-${SPAN}`)).sampled, null);
  });
  it('reads 0 as a deny decision that keeps the ids', () => {
    assert.deepEqual(value(parseB3(`${TRACE_128}-${SPAN}-0`)), { traceId: TRACE_128, spanId: SPAN, sampled: false, debug: false, denyOnly: false });
  });
  it('reads d as debug, which implies accept', () => {
    const b = value(parseB3(`${TRACE_128}-${SPAN}-d`));
    assert.equal(b.debug, true);
    assert.equal(b.sampled, true);
  });
  it('reads b3: 0 as deny-only', () => {
    assert.deepEqual(value(parseB3('0')), { sampled: false, debug: false, denyOnly: true });
  });
  it('reads b3: 1 as accept without ids', () => {
    assert.deepEqual(value(parseB3('1')), { sampled: true, debug: false, denyOnly: false });
  });
  it('reads b3: d as debug without ids', () => {
    assert.deepEqual(value(parseB3('d')), { sampled: true, debug: true, denyOnly: false });
  });
  it('trims leading and trailing spaces and tabs', () => {
    assert.equal(value(parseB3(` \t${TRACE_128}-${SPAN}-1\t `)).spanId, SPAN);
  });
  it('reads trace-span-parent as a deferred decision with a parent, with a warning', () => {
    const result = parseB3(`${TRACE_128}-${SPAN}-${PARENT}`);
    assert.ok(result.ok);
    assert.equal(result.value.parentSpanId, PARENT);
    assert.equal(result.value.sampled, null);
    assert.deepEqual(result.warnings.map((w) => w.field), ['sampled']);
  });

  const invalid: Record<string, [string, string[]]> = {
    empty: ['', ['b3']],
    onlySpaces: [' \t ', ['b3']],
    unknownSingleState: ['x', ['sampled']],
    oneField: [TRACE_128, ['b3']],
    fiveFields: [`${TRACE_128}-${SPAN}-1-${PARENT}-1`, ['b3']],
    traceIdTooShort: [`${TRACE_128.slice(1)}-${SPAN}`, ['trace-id']],
    traceIdTooLong: [`${TRACE_128}0-${SPAN}`, ['trace-id']],
    traceId24: [`${TRACE_128.slice(8)}-${SPAN}`, ['trace-id']],
    traceIdUppercase: [`${TRACE_128.toUpperCase()}-${SPAN}`, ['trace-id']],
    traceIdNotHex: [`${TRACE_128.slice(0, 31)}g-${SPAN}`, ['trace-id']],
    traceIdAllZeros: [`${'0'.repeat(32)}-${SPAN}`, ['trace-id']],
    traceId64AllZeros: [`${'0'.repeat(16)}-${SPAN}`, ['trace-id']],
    spanIdTooShort: [`${TRACE_128}-${SPAN.slice(1)}`, ['span-id']],
    spanIdTooLong: [`${TRACE_128}-${SPAN}0`, ['span-id']],
    spanIdUppercase: [`${TRACE_128}-${SPAN.toUpperCase()}`, ['span-id']],
    spanIdAllZeros: [`${TRACE_128}-${'0'.repeat(16)}`, ['span-id']],
    emptySpanId: [`${TRACE_128}-`, ['span-id']],
    samplingTrue: [`${TRACE_128}-${SPAN}-true`, ['sampled']],
    samplingTwo: [`${TRACE_128}-${SPAN}-2`, ['sampled']],
    samplingUppercaseD: [`${TRACE_128}-${SPAN}-D`, ['sampled']],
    samplingEmpty: [`${TRACE_128}-${SPAN}-`, ['sampled']],
    parentTooShort: [`${TRACE_128}-${SPAN}-1-${PARENT.slice(1)}`, ['parent-span-id']],
    parentAllZeros: [`${TRACE_128}-${SPAN}-1-${'0'.repeat(16)}`, ['parent-span-id']],
    parentUppercase: [`${TRACE_128}-${SPAN}-1-${PARENT.toUpperCase()}`, ['parent-span-id']],
    everythingWrong: [`${'0'.repeat(32)}-XYZ-7-${'0'.repeat(16)}`, ['trace-id', 'span-id', 'sampled', 'parent-span-id']],
  };
  for (const [name, [text, fields]] of Object.entries(invalid)) {
    it(`rejects ${name}`, () => {
      assert.deepEqual(errorFields(parseB3(text)), fields, name);
    });
  }

  it('explains an uppercase trace id as a case problem', () => {
    const result = parseB3(`${TRACE_128.toUpperCase()}-${SPAN}`);
    assert.ok(!result.ok);
    assert.equal(result.errors[0]?.message, `The TraceId "${TRACE_128.toUpperCase()}" contains uppercase letters; B3 requires lowercase hex digits (0-9, a-f).`);
  });
  it('explains a wrong-length span id with its length', () => {
    const result = parseB3(`${TRACE_128}-abc`);
    assert.ok(!result.ok);
    assert.equal(result.errors[0]?.message, 'The SpanId "abc" is 3 characters long; B3 requires exactly 16 lowercase hex digits.');
  });
  it('cuts long values short in messages', () => {
    const result = parseB3(`${'a'.repeat(100000)}-${SPAN}`);
    assert.ok(!result.ok);
    assert.ok((result.errors[0]?.message.length ?? 0) < 200);
  });
  it('does not throw on lone surrogates and control characters', () => {
    assert.equal(parseB3('\ud800-\u0000-\udfff').ok, false);
  });
});

describe('parseB3Multi()', () => {
  it('reads all five headers', () => {
    const result = parseB3Multi({ 'X-B3-TraceId': TRACE_128, 'X-B3-SpanId': SPAN, 'X-B3-ParentSpanId': PARENT, 'X-B3-Sampled': '1' });
    assert.deepEqual(result, {
      ok: true,
      value: { traceId: TRACE_128, spanId: SPAN, parentSpanId: PARENT, sampled: true, debug: false, denyOnly: false },
      warnings: [],
    });
  });
  it('looks header names up case-insensitively', () => {
    assert.equal(value(parseB3Multi({ 'x-b3-traceid': TRACE_64, 'x-b3-spanid': SPAN })).traceId, TRACE_64);
  });
  it('takes the first value of an array header', () => {
    assert.equal(value(parseB3Multi({ 'x-b3-traceid': [TRACE_128, TRACE_64], 'x-b3-spanid': SPAN })).traceId, TRACE_128);
  });
  it('defers when X-B3-Sampled is absent', () => {
    assert.equal(value(parseB3Multi({ 'x-b3-traceid': TRACE_128, 'x-b3-spanid': SPAN })).sampled, null);
  });
  it('reads X-B3-Sampled: 0 with ids as a deny that keeps the ids', () => {
    const b = value(parseB3Multi({ 'x-b3-traceid': TRACE_128, 'x-b3-spanid': SPAN, 'x-b3-sampled': '0' }));
    assert.equal(b.sampled, false);
    assert.equal(b.denyOnly, false);
  });
  it('reads X-B3-Sampled: 0 alone as deny-only', () => {
    assert.deepEqual(value(parseB3Multi({ 'x-b3-sampled': '0' })), { sampled: false, debug: false, denyOnly: true });
  });
  it('reads X-B3-Sampled: 1 alone as accept without ids', () => {
    assert.deepEqual(value(parseB3Multi({ 'x-b3-sampled': '1' })), { sampled: true, debug: false, denyOnly: false });
  });
  it('reads X-B3-Flags: 1 as debug and accept', () => {
    const result = parseB3Multi({ 'x-b3-traceid': TRACE_128, 'x-b3-spanid': SPAN, 'x-b3-flags': '1' });
    assert.ok(result.ok);
    assert.equal(result.value.debug, true);
    assert.equal(result.value.sampled, true);
    assert.deepEqual(result.warnings, []);
  });
  it('warns when X-B3-Sampled is sent alongside debug, and debug wins', () => {
    const result = parseB3Multi({ 'x-b3-traceid': TRACE_128, 'x-b3-spanid': SPAN, 'x-b3-flags': '1', 'x-b3-sampled': '0' });
    assert.ok(result.ok);
    assert.equal(result.value.sampled, true);
    assert.deepEqual(result.warnings.map((w) => w.field), ['X-B3-Sampled']);
  });
  it('ignores X-B3-Flags values other than 1 with a warning', () => {
    const result = parseB3Multi({ 'x-b3-traceid': TRACE_128, 'x-b3-spanid': SPAN, 'x-b3-flags': '2' });
    assert.ok(result.ok);
    assert.equal(result.value.debug, false);
    assert.deepEqual(result.warnings.map((w) => w.field), ['X-B3-Flags']);
  });
  it('accepts X-B3-Sampled: true with a warning', () => {
    const result = parseB3Multi({ 'x-b3-traceid': TRACE_128, 'x-b3-spanid': SPAN, 'x-b3-sampled': 'true' });
    assert.ok(result.ok);
    assert.equal(result.value.sampled, true);
    assert.equal(result.warnings[0]?.message, 'X-B3-Sampled is "true", a form some tracers used before the spec; send 1 instead.');
  });
  it('accepts X-B3-Sampled: False with a warning', () => {
    const result = parseB3Multi({ 'x-b3-traceid': TRACE_128, 'x-b3-spanid': SPAN, 'x-b3-sampled': 'False' });
    assert.ok(result.ok);
    assert.equal(result.value.sampled, false);
    assert.equal(result.warnings.length, 1);
  });
  it('trims header values', () => {
    assert.equal(value(parseB3Multi({ 'x-b3-traceid': ` ${TRACE_128}\t`, 'x-b3-spanid': SPAN })).traceId, TRACE_128);
  });

  const invalid: Record<string, [Record<string, string>, string[]]> = {
    noHeaders: [{}, ['X-B3-TraceId']],
    onlyFlagsZero: [{ 'x-b3-flags': '0' }, ['X-B3-TraceId']],
    missingSpanId: [{ 'x-b3-traceid': TRACE_128 }, ['X-B3-SpanId']],
    missingTraceId: [{ 'x-b3-spanid': SPAN }, ['X-B3-TraceId']],
    parentWithoutIds: [{ 'x-b3-parentspanid': PARENT, 'x-b3-sampled': '1' }, ['X-B3-TraceId']],
    uppercaseTraceId: [{ 'x-b3-traceid': TRACE_128.toUpperCase(), 'x-b3-spanid': SPAN }, ['X-B3-TraceId']],
    traceIdWrongLength: [{ 'x-b3-traceid': TRACE_128.slice(4), 'x-b3-spanid': SPAN }, ['X-B3-TraceId']],
    allZeroTraceId: [{ 'x-b3-traceid': '0'.repeat(16), 'x-b3-spanid': SPAN }, ['X-B3-TraceId']],
    allZeroSpanId: [{ 'x-b3-traceid': TRACE_128, 'x-b3-spanid': '0'.repeat(16) }, ['X-B3-SpanId']],
    badParent: [{ 'x-b3-traceid': TRACE_128, 'x-b3-spanid': SPAN, 'x-b3-parentspanid': 'zz' }, ['X-B3-ParentSpanId']],
    sampledYes: [{ 'x-b3-traceid': TRACE_128, 'x-b3-spanid': SPAN, 'x-b3-sampled': 'yes' }, ['X-B3-Sampled']],
    sampledD: [{ 'x-b3-traceid': TRACE_128, 'x-b3-spanid': SPAN, 'x-b3-sampled': 'd' }, ['X-B3-Sampled']],
    sampledUppercaseTrue: [{ 'x-b3-traceid': TRACE_128, 'x-b3-spanid': SPAN, 'x-b3-sampled': 'TRUE' }, ['X-B3-Sampled']],
    sampledAloneInvalid: [{ 'x-b3-sampled': '2' }, ['X-B3-Sampled']],
  };
  for (const [name, [headers, fields]] of Object.entries(invalid)) {
    it(`rejects ${name}`, () => {
      assert.deepEqual(errorFields(parseB3Multi(headers)), fields, name);
    });
  }
});

describe('serializeB3()', () => {
  it('writes ids, sampling state and parent', () => {
    assert.equal(
      serializeB3({ traceId: TRACE_128, spanId: SPAN, parentSpanId: PARENT, sampled: true, debug: false, denyOnly: false }),
      `${TRACE_128}-${SPAN}-1-${PARENT}`,
    );
  });
  it('writes d for debug', () => {
    assert.equal(serializeB3({ traceId: TRACE_64, spanId: SPAN, sampled: true, debug: true, denyOnly: false }), `${TRACE_64}-${SPAN}-d`);
  });
  it('leaves the state out when deferred', () => {
    assert.equal(serializeB3({ traceId: TRACE_64, spanId: SPAN, sampled: null, debug: false, denyOnly: false }), `${TRACE_64}-${SPAN}`);
  });
  it('writes deny-only as 0', () => {
    assert.equal(serializeB3({ sampled: false, debug: false, denyOnly: true }), '0');
  });
  it('throws TypeError without ids and without a decision', () => {
    assert.throws(() => serializeB3({ sampled: null, debug: false, denyOnly: false }), TypeError);
  });
  it('throws TypeError with a trace id but no span id', () => {
    assert.throws(() => serializeB3({ traceId: TRACE_64, sampled: true, debug: false, denyOnly: false }), TypeError);
  });
  it('round-trips the spec example', () => {
    const text = `${TRACE_128}-${SPAN}-1-${PARENT}`;
    assert.equal(serializeB3(value(parseB3(text))), text);
  });
});

describe('serializeB3Multi()', () => {
  it('writes X-B3-Flags instead of X-B3-Sampled for debug', () => {
    assert.deepEqual(serializeB3Multi({ traceId: TRACE_128, spanId: SPAN, sampled: true, debug: true, denyOnly: false }), {
      'X-B3-TraceId': TRACE_128,
      'X-B3-SpanId': SPAN,
      'X-B3-Flags': '1',
    });
  });
  it('writes parent and sampled', () => {
    assert.deepEqual(serializeB3Multi({ traceId: TRACE_64, spanId: SPAN, parentSpanId: PARENT, sampled: false, debug: false, denyOnly: false }), {
      'X-B3-TraceId': TRACE_64,
      'X-B3-SpanId': SPAN,
      'X-B3-ParentSpanId': PARENT,
      'X-B3-Sampled': '0',
    });
  });
  it('writes only X-B3-Sampled for deny-only', () => {
    assert.deepEqual(serializeB3Multi({ sampled: false, debug: false, denyOnly: true }), { 'X-B3-Sampled': '0' });
  });
  it('throws TypeError with a span id but no trace id', () => {
    assert.throws(() => serializeB3Multi({ spanId: SPAN, sampled: true, debug: false, denyOnly: false }), TypeError);
  });
});

describe('decodeB3() and decodeB3Multi()', () => {
  it('pads a 64-bit trace id to 32 hex digits', () => {
    assert.deepEqual(decodeB3(`${TRACE_64}-${SPAN}-d-${PARENT}`), {
      format: 'b3',
      valid: true,
      errors: [],
      warnings: [],
      traceId: `${'0'.repeat(16)}${TRACE_64}`,
      spanId: SPAN,
      parentSpanId: PARENT,
      sampled: true,
      debug: true,
    });
  });
  it('marks b3: 0 as deny-only without ids', () => {
    assert.deepEqual(decodeB3('0'), { format: 'b3', valid: true, errors: [], warnings: [], sampled: false, debug: false, denyOnly: true });
  });
  it('reports an invalid value with its errors', () => {
    const decoded = decodeB3('nope');
    assert.equal(decoded.valid, false);
    assert.equal(decoded.format, 'b3');
    assert.deepEqual(decoded.errors.map((e) => e.field), ['b3']);
  });
  it('decodes multi headers with format b3multi', () => {
    assert.deepEqual(decodeB3Multi({ 'X-B3-TraceId': TRACE_128, 'X-B3-SpanId': SPAN, 'X-B3-Sampled': '1' }), {
      format: 'b3multi',
      valid: true,
      errors: [],
      warnings: [],
      traceId: TRACE_128,
      spanId: SPAN,
      sampled: true,
      debug: false,
    });
  });
});
