import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { decodeJaeger, parseJaeger, serializeJaeger, serializeJaegerBaggage } from '../../shared/src/jaeger';
import type { ParseResult } from '../../shared/src/result';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const PARENT = 'a2fb4a1d1a96d312';

function value<T>(result: ParseResult<T>): T {
  assert.ok(result.ok, `expected success, got ${JSON.stringify(result)}`);
  return result.value;
}

function errorFields<T>(result: ParseResult<T>): string[] {
  assert.ok(!result.ok, 'expected a rejection');
  return result.errors.map((e) => e.field);
}

describe('parseJaeger()', () => {
  it('reads full-width ids, parent and flags', () => {
    assert.deepEqual(parseJaeger(`${TRACE}:${SPAN}:${PARENT}:01`), {
      ok: true,
      value: { traceId: TRACE, spanId: SPAN, parentSpanId: PARENT, flags: 1, sampled: true, debug: false, firehose: false, baggage: [] },
      warnings: [],
    });
  });
  it('left-pads short ids as Jaeger clients write them with %x', () => {
    const j = value(parseJaeger('abc:def:0:1'));
    assert.equal(j.traceId, `${'0'.repeat(29)}abc`);
    assert.equal(j.spanId, `${'0'.repeat(13)}def`);
  });
  it('pads a 64-bit trace id to 32 hex digits', () => {
    assert.equal(value(parseJaeger(`a3ce929d0e0e4736:${SPAN}:0:1`)).traceId, '0000000000000000a3ce929d0e0e4736');
  });
  it('omits the parent when it is 0', () => {
    assert.equal('parentSpanId' in value(parseJaeger(`${TRACE}:${SPAN}:0:01`)), false);
  });
  it('omits the parent when it is sixteen zeros', () => {
    assert.equal('parentSpanId' in value(parseJaeger(`${TRACE}:${SPAN}:${'0'.repeat(16)}:01`)), false);
  });
  it('reads flags 00 as not sampled', () => {
    const j = value(parseJaeger(`${TRACE}:${SPAN}:0:00`));
    assert.equal(j.sampled, false);
    assert.equal(j.flags, 0);
  });
  it('reads flags 03 as sampled and debug', () => {
    const j = value(parseJaeger(`${TRACE}:${SPAN}:0:03`));
    assert.deepEqual([j.sampled, j.debug, j.firehose], [true, true, false]);
  });
  it('reads flags 09 as sampled and firehose', () => {
    const j = value(parseJaeger(`${TRACE}:${SPAN}:0:09`));
    assert.deepEqual([j.sampled, j.debug, j.firehose], [true, false, true]);
  });
  it('reads flags as hex, so 0b is sampled, debug and firehose', () => {
    const j = value(parseJaeger(`${TRACE}:${SPAN}:0:0b`));
    assert.equal(j.flags, 11);
    assert.deepEqual([j.sampled, j.debug, j.firehose], [true, true, true]);
  });
  it('warns that jaeger-client-go reads flags above 9 as decimal', () => {
    const result = parseJaeger(`${TRACE}:${SPAN}:0:0b`);
    assert.ok(result.ok);
    assert.equal(
      result.warnings[0]?.message,
      'The flags field "0b" is 0x0b as the spec reads it (hex), but jaeger-client-go parses flags as decimal and will read it differently or reject it.',
    );
  });
  it('does not warn about flags 0-9, which read the same in hex and decimal', () => {
    const result = parseJaeger(`${TRACE}:${SPAN}:0:9`);
    assert.ok(result.ok);
    assert.deepEqual(result.warnings, []);
  });
  it('warns about debug without sampled', () => {
    const result = parseJaeger(`${TRACE}:${SPAN}:0:02`);
    assert.ok(result.ok);
    assert.deepEqual(result.warnings.map((w) => w.field), ['flags']);
  });
  it('warns about reserved flag bits', () => {
    const result = parseJaeger(`${TRACE}:${SPAN}:0:05`);
    assert.ok(result.ok);
    assert.equal(result.warnings[0]?.message, 'The flags byte 0x05 sets bits Jaeger does not define; only 0x01 (sampled), 0x02 (debug) and 0x08 (firehose) have a meaning.');
  });
  it('accepts the URL-encoded separator %3A', () => {
    assert.equal(value(parseJaeger(`${TRACE}%3A${SPAN}%3A0%3A01`)).spanId, SPAN);
  });
  it('accepts the lowercase URL-encoded separator %3a', () => {
    assert.equal(value(parseJaeger(`${TRACE}%3a${SPAN}%3a0%3a01`)).spanId, SPAN);
  });
  it('lower-cases uppercase hex ids', () => {
    assert.equal(value(parseJaeger(`${TRACE.toUpperCase()}:${SPAN}:0:1`)).traceId, TRACE);
  });
  it('trims spaces and tabs', () => {
    assert.equal(value(parseJaeger(`\t ${TRACE}:${SPAN}:0:1 `)).traceId, TRACE);
  });

  const invalid: Record<string, [string, string[]]> = {
    empty: ['', ['uber-trace-id']],
    threeFields: [`${TRACE}:${SPAN}:01`, ['uber-trace-id']],
    fiveFields: [`${TRACE}:${SPAN}:0:01:1`, ['uber-trace-id']],
    traceIdAllZeros: [`${'0'.repeat(32)}:${SPAN}:0:01`, ['trace-id']],
    traceIdZero: [`0:${SPAN}:0:01`, ['trace-id']],
    traceIdTooLong: [`0${TRACE}:${SPAN}:0:01`, ['trace-id']],
    traceIdEmpty: [`:${SPAN}:0:01`, ['trace-id']],
    traceIdNotHex: [`xyz:${SPAN}:0:01`, ['trace-id']],
    spanIdZero: [`${TRACE}:0:0:01`, ['span-id']],
    spanIdTooLong: [`${TRACE}:0${SPAN}:0:01`, ['span-id']],
    parentEmpty: [`${TRACE}:${SPAN}::01`, ['parent-span-id']],
    parentNotHex: [`${TRACE}:${SPAN}:-1:01`, ['parent-span-id']],
    flagsThreeDigits: [`${TRACE}:${SPAN}:0:001`, ['flags']],
    flagsNotHex: [`${TRACE}:${SPAN}:0:x1`, ['flags']],
    flagsEmpty: [`${TRACE}:${SPAN}:0:`, ['flags']],
    everythingWrong: ['0:0:x:zz', ['trace-id', 'span-id', 'parent-span-id', 'flags']],
  };
  for (const [name, [text, fields]] of Object.entries(invalid)) {
    it(`rejects ${name}`, () => {
      assert.deepEqual(errorFields(parseJaeger(text)), fields, name);
    });
  }

  it('explains a zero trace id', () => {
    const result = parseJaeger(`0:${SPAN}:0:01`);
    assert.ok(!result.ok);
    assert.equal(result.errors[0]?.message, 'The trace-id is zero, which Jaeger defines as invalid; use a random non-zero id.');
  });
  it('does not throw on a huge value full of separators', () => {
    assert.equal(parseJaeger(':'.repeat(1_000_000)).ok, false);
  });
});

describe('parseJaeger() baggage', () => {
  const header = `${TRACE}:${SPAN}:0:01`;
  it('reads uberctx-* headers as baggage in order', () => {
    assert.deepEqual(value(parseJaeger(header, { 'uberctx-user': 'alice', 'uber-trace-id': header, 'uberctx-tenant': 'acme' })).baggage, [
      { key: 'user', value: 'alice' },
      { key: 'tenant', value: 'acme' },
    ]);
  });
  it('percent-decodes baggage values', () => {
    assert.deepEqual(value(parseJaeger(header, { 'uberctx-q': 'a%20b%2Cc' })).baggage, [{ key: 'q', value: 'a b,c' }]);
  });
  it('matches the prefix case-insensitively and keeps the key as written', () => {
    assert.deepEqual(value(parseJaeger(header, { 'Uberctx-User-Id': '7' })).baggage, [{ key: 'User-Id', value: '7' }]);
  });
  it('takes the first value of an array header', () => {
    assert.deepEqual(value(parseJaeger(header, { 'uberctx-k': ['1', '2'] })).baggage, [{ key: 'k', value: '1' }]);
  });
  it('keeps a value with broken percent-encoding as sent, with a warning', () => {
    const result = parseJaeger(header, { 'uberctx-k': '100%' });
    assert.ok(result.ok);
    assert.deepEqual(result.value.baggage, [{ key: 'k', value: '100%' }]);
    assert.deepEqual(result.warnings.map((w) => w.field), ['uberctx-k']);
  });
  it('ignores a header named only uberctx- with a warning', () => {
    const result = parseJaeger(header, { 'uberctx-': 'v' });
    assert.ok(result.ok);
    assert.deepEqual(result.value.baggage, []);
    assert.equal(result.warnings.length, 1);
  });
  it('ignores headers without the prefix', () => {
    assert.deepEqual(value(parseJaeger(header, { uberctx: 'v', 'x-uberctx-a': 'b' })).baggage, []);
  });
});

describe('serializeJaeger()', () => {
  it('writes full-width ids, 0 for no parent and two-digit flags', () => {
    assert.equal(
      serializeJaeger({ traceId: TRACE, spanId: SPAN, flags: 1, sampled: true, debug: false, firehose: false, baggage: [] }),
      `${TRACE}:${SPAN}:0:01`,
    );
  });
  it('lets the booleans win over the flag bits', () => {
    assert.equal(
      serializeJaeger({ traceId: TRACE, spanId: SPAN, parentSpanId: PARENT, flags: 0x10, sampled: true, debug: true, firehose: true, baggage: [] }),
      `${TRACE}:${SPAN}:${PARENT}:1b`,
    );
  });
  it('round-trips a parsed value', () => {
    const text = `${TRACE}:${SPAN}:${PARENT}:0b`;
    assert.equal(serializeJaeger(value(parseJaeger(text))), text);
  });
  it('writes baggage as percent-encoded uberctx-* headers', () => {
    assert.deepEqual(
      serializeJaegerBaggage({ traceId: TRACE, spanId: SPAN, flags: 1, sampled: true, debug: false, firehose: false, baggage: [{ key: 'q', value: 'a b' }] }),
      { 'uberctx-q': 'a%20b' },
    );
  });
  it('replaces lone surrogates in baggage instead of throwing', () => {
    assert.deepEqual(
      serializeJaegerBaggage({ traceId: TRACE, spanId: SPAN, flags: 1, sampled: true, debug: false, firehose: false, baggage: [{ key: 'k', value: 'a\ud800' }] }),
      { 'uberctx-k': 'a%EF%BF%BD' },
    );
  });
});

describe('decodeJaeger()', () => {
  it('maps ids, flags and baggage members', () => {
    assert.deepEqual(decodeJaeger(`abc:${SPAN}:${PARENT}:03`, { 'uberctx-user': 'alice' }), {
      format: 'jaeger',
      valid: true,
      errors: [],
      warnings: [],
      traceId: `${'0'.repeat(29)}abc`,
      spanId: SPAN,
      parentSpanId: PARENT,
      sampled: true,
      debug: true,
      flags: 3,
      members: [{ key: 'user', value: 'alice', bytes: 'uberctx-user'.length + 'alice'.length }],
    });
  });
  it('reports an invalid value with its errors', () => {
    const decoded = decodeJaeger('nope');
    assert.equal(decoded.valid, false);
    assert.deepEqual(decoded.errors.map((e) => e.field), ['uber-trace-id']);
  });
});
