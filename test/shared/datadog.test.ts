import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { decodeDatadog, parseDatadog, serializeDatadog } from '../../shared/src/datadog';
import type { ParseResult } from '../../shared/src/result';

const TRACE = '1234567890123456789';
const TRACE_HEX = '112210f47de98115';
const PARENT = '9876543210';
const PARENT_HEX = '000000024cb016ea';
const MAX = '18446744073709551615';

function value<T>(result: ParseResult<T>): T {
  assert.ok(result.ok, `expected success, got ${JSON.stringify(result)}`);
  return result.value;
}

function errorFields<T>(result: ParseResult<T>): string[] {
  assert.ok(!result.ok, 'expected a rejection');
  return result.errors.map((e) => e.field);
}

function warningFields<T>(result: ParseResult<T>): string[] {
  return result.warnings.map((w) => w.field);
}

describe('parseDatadog()', () => {
  it('reads ids, priority, origin and a 128-bit trace id from _dd.p.tid', () => {
    assert.deepEqual(
      parseDatadog({
        'x-datadog-trace-id': TRACE,
        'x-datadog-parent-id': PARENT,
        'x-datadog-sampling-priority': '2',
        'x-datadog-origin': 'synthetics',
        'x-datadog-tags': '_dd.p.dm=-4,_dd.p.tid=640cfd8d00000000',
      }),
      {
        ok: true,
        value: {
          traceId: TRACE,
          parentId: PARENT,
          traceIdHex: `640cfd8d00000000${TRACE_HEX}`,
          spanIdHex: PARENT_HEX,
          samplingPriority: 2,
          sampled: true,
          origin: 'synthetics',
          tags: [
            { key: '_dd.p.dm', value: '-4' },
            { key: '_dd.p.tid', value: '640cfd8d00000000' },
          ],
        },
        warnings: [],
      },
    );
  });
  it('pads a 64-bit trace id with zeros when _dd.p.tid is absent', () => {
    assert.equal(value(parseDatadog({ 'x-datadog-trace-id': TRACE, 'x-datadog-parent-id': PARENT })).traceIdHex, `${'0'.repeat(16)}${TRACE_HEX}`);
  });
  it('accepts 2^64-1', () => {
    assert.equal(value(parseDatadog({ 'x-datadog-trace-id': MAX, 'x-datadog-parent-id': '1' })).traceIdHex, `${'0'.repeat(16)}${'f'.repeat(16)}`);
  });
  it('accepts leading zeros', () => {
    assert.equal(value(parseDatadog({ 'x-datadog-trace-id': `000${MAX}`, 'x-datadog-parent-id': '01' })).spanIdHex, '0000000000000001');
  });
  it('defers the decision when the priority is absent', () => {
    assert.equal(value(parseDatadog({ 'x-datadog-trace-id': TRACE, 'x-datadog-parent-id': PARENT })).sampled, null);
  });
  it('reads priority -1 (user reject) as not sampled', () => {
    assert.equal(value(parseDatadog({ 'x-datadog-trace-id': TRACE, 'x-datadog-parent-id': PARENT, 'x-datadog-sampling-priority': '-1' })).sampled, false);
  });
  it('reads priority 0 (auto reject) as not sampled', () => {
    assert.equal(value(parseDatadog({ 'x-datadog-trace-id': TRACE, 'x-datadog-parent-id': PARENT, 'x-datadog-sampling-priority': '0' })).sampled, false);
  });
  it('reads priority 1 (auto keep) as sampled', () => {
    assert.equal(value(parseDatadog({ 'x-datadog-trace-id': TRACE, 'x-datadog-parent-id': PARENT, 'x-datadog-sampling-priority': '1' })).sampled, true);
  });
  it('reads an out-of-range priority by its sign, with a warning', () => {
    const result = parseDatadog({ 'x-datadog-trace-id': TRACE, 'x-datadog-parent-id': PARENT, 'x-datadog-sampling-priority': '5' });
    assert.ok(result.ok);
    assert.equal(result.value.sampled, true);
    assert.equal(result.value.samplingPriority, 5);
    assert.deepEqual(warningFields(result), ['x-datadog-sampling-priority']);
  });
  it('ignores a non-integer priority with a warning', () => {
    const result = parseDatadog({ 'x-datadog-trace-id': TRACE, 'x-datadog-parent-id': PARENT, 'x-datadog-sampling-priority': 'keep' });
    assert.ok(result.ok);
    assert.equal(result.value.sampled, null);
    assert.equal('samplingPriority' in result.value, false);
    assert.deepEqual(warningFields(result), ['x-datadog-sampling-priority']);
  });
  it('ignores a _dd.p.tid that is not 16 lowercase hex digits, with a warning', () => {
    const result = parseDatadog({ 'x-datadog-trace-id': TRACE, 'x-datadog-parent-id': PARENT, 'x-datadog-tags': '_dd.p.tid=640CFD8D00000000' });
    assert.ok(result.ok);
    assert.equal(result.value.traceIdHex, `${'0'.repeat(16)}${TRACE_HEX}`);
    assert.deepEqual(warningFields(result), ['x-datadog-tags']);
  });
  it('ignores a short _dd.p.tid with a warning', () => {
    const result = parseDatadog({ 'x-datadog-trace-id': TRACE, 'x-datadog-parent-id': PARENT, 'x-datadog-tags': '_dd.p.tid=640cfd8d' });
    assert.ok(result.ok);
    assert.equal(result.value.traceIdHex, `${'0'.repeat(16)}${TRACE_HEX}`);
    assert.equal(result.warnings.length, 1);
  });
  it('ignores a tag without = with a warning', () => {
    const result = parseDatadog({ 'x-datadog-trace-id': TRACE, 'x-datadog-parent-id': PARENT, 'x-datadog-tags': 'oops,_dd.p.dm=-1' });
    assert.ok(result.ok);
    assert.deepEqual(result.value.tags, [{ key: '_dd.p.dm', value: '-1' }]);
    assert.deepEqual(warningFields(result), ['x-datadog-tags']);
  });
  it('warns when x-datadog-tags exceeds 512 characters', () => {
    const result = parseDatadog({ 'x-datadog-trace-id': TRACE, 'x-datadog-parent-id': PARENT, 'x-datadog-tags': `_dd.p.x=${'a'.repeat(510)}` });
    assert.ok(result.ok);
    assert.deepEqual(warningFields(result), ['x-datadog-tags']);
  });
  it('looks headers up case-insensitively and trims values', () => {
    assert.equal(value(parseDatadog({ 'X-Datadog-Trace-Id': ` ${TRACE}\t`, 'X-DATADOG-PARENT-ID': PARENT })).traceId, TRACE);
  });

  const invalid: Record<string, [Record<string, string>, string[]]> = {
    noHeaders: [{}, ['x-datadog-trace-id', 'x-datadog-parent-id']],
    missingParent: [{ 'x-datadog-trace-id': TRACE }, ['x-datadog-parent-id']],
    missingTrace: [{ 'x-datadog-parent-id': PARENT }, ['x-datadog-trace-id']],
    traceZero: [{ 'x-datadog-trace-id': '0', 'x-datadog-parent-id': PARENT }, ['x-datadog-trace-id']],
    parentZeros: [{ 'x-datadog-trace-id': TRACE, 'x-datadog-parent-id': '000' }, ['x-datadog-parent-id']],
    traceTooLarge: [{ 'x-datadog-trace-id': '18446744073709551616', 'x-datadog-parent-id': PARENT }, ['x-datadog-trace-id']],
    traceHuge: [{ 'x-datadog-trace-id': '9'.repeat(100000), 'x-datadog-parent-id': PARENT }, ['x-datadog-trace-id']],
    traceNegative: [{ 'x-datadog-trace-id': '-5', 'x-datadog-parent-id': PARENT }, ['x-datadog-trace-id']],
    traceHex: [{ 'x-datadog-trace-id': TRACE_HEX, 'x-datadog-parent-id': PARENT }, ['x-datadog-trace-id']],
    traceEmpty: [{ 'x-datadog-trace-id': '', 'x-datadog-parent-id': PARENT }, ['x-datadog-trace-id']],
    parentPlus: [{ 'x-datadog-trace-id': TRACE, 'x-datadog-parent-id': '+1' }, ['x-datadog-parent-id']],
  };
  for (const [name, [headers, fields]] of Object.entries(invalid)) {
    it(`rejects ${name}`, () => {
      assert.deepEqual(errorFields(parseDatadog(headers)), fields, name);
    });
  }

  it('explains an id above 2^64-1', () => {
    const result = parseDatadog({ 'x-datadog-trace-id': '18446744073709551616', 'x-datadog-parent-id': PARENT });
    assert.ok(!result.ok);
    assert.equal(result.errors[0]?.message, 'x-datadog-trace-id is larger than 18446744073709551615 (2^64-1); Datadog ids are unsigned 64-bit numbers.');
  });
});

describe('serializeDatadog()', () => {
  it('writes every present header', () => {
    assert.deepEqual(
      serializeDatadog({
        traceId: TRACE,
        parentId: PARENT,
        traceIdHex: `640cfd8d00000000${TRACE_HEX}`,
        spanIdHex: PARENT_HEX,
        samplingPriority: -1,
        sampled: false,
        origin: 'rum',
        tags: [{ key: '_dd.p.tid', value: '640cfd8d00000000' }],
      }),
      {
        'x-datadog-trace-id': TRACE,
        'x-datadog-parent-id': PARENT,
        'x-datadog-sampling-priority': '-1',
        'x-datadog-origin': 'rum',
        'x-datadog-tags': '_dd.p.tid=640cfd8d00000000',
      },
    );
  });
  it('leaves absent headers out', () => {
    assert.deepEqual(serializeDatadog(value(parseDatadog({ 'x-datadog-trace-id': TRACE, 'x-datadog-parent-id': PARENT }))), {
      'x-datadog-trace-id': TRACE,
      'x-datadog-parent-id': PARENT,
    });
  });
});

describe('decodeDatadog()', () => {
  it('maps ids to hex and keeps the decimal ids', () => {
    assert.deepEqual(decodeDatadog({ 'x-datadog-trace-id': TRACE, 'x-datadog-parent-id': PARENT, 'x-datadog-sampling-priority': '1' }), {
      format: 'datadog',
      valid: true,
      errors: [],
      warnings: [],
      traceId: `${'0'.repeat(16)}${TRACE_HEX}`,
      spanId: PARENT_HEX,
      sampled: true,
      datadogTraceId: TRACE,
      datadogParentId: PARENT,
    });
  });
  it('reports invalid headers with their errors', () => {
    const decoded = decodeDatadog({ 'x-datadog-trace-id': 'abc' });
    assert.equal(decoded.valid, false);
    assert.deepEqual(decoded.errors.map((e) => e.field), ['x-datadog-trace-id', 'x-datadog-parent-id']);
  });
});
