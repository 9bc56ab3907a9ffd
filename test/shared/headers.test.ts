import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { getHeader, parseHeaderBlock, trimOws } from '../../shared/src/headers';

describe('getHeader()', () => {
  it('finds a header by its exact name', () => {
    assert.equal(getHeader({ b3: '1' }, 'b3'), '1');
  });
  it('ignores case in the name', () => {
    assert.equal(getHeader({ 'x-b3-traceid': 'a' }, 'X-B3-TraceId'), 'a');
  });
  it('prefers the exact-case key over a differently cased duplicate', () => {
    assert.equal(getHeader({ 'X-B3-SPANID': 'upper', 'X-B3-SpanId': 'exact' }, 'X-B3-SpanId'), 'exact');
  });
  it('returns the first value of an array', () => {
    assert.equal(getHeader({ b3: ['first', 'second'] }, 'B3'), 'first');
  });
  it('returns undefined for an empty array', () => {
    assert.equal(getHeader({ b3: [] }, 'b3'), undefined);
  });
  it('returns undefined for a missing header', () => {
    assert.equal(getHeader({ other: 'x' }, 'b3'), undefined);
  });
  it('returns undefined for an explicitly undefined value', () => {
    assert.equal(getHeader({ b3: undefined }, 'b3'), undefined);
  });
  it('does not read inherited properties', () => {
    assert.equal(getHeader({}, 'constructor'), undefined);
  });
});

describe('trimOws()', () => {
  it('removes spaces and tabs at both ends', () => {
    assert.equal(trimOws(' \t a b \t'), 'a b');
  });
  it('keeps other whitespace, which HTTP does not treat as optional', () => {
    assert.equal(trimOws('\na\u00a0'), '\na\u00a0');
  });
});

describe('parseHeaderBlock()', () => {
  it('splits name: value lines and trims values', () => {
    assert.deepEqual(parseHeaderBlock('b3: 0\nX-B3-TraceId:\t abc \t'), [
      { name: 'b3', value: '0', line: 1 },
      { name: 'X-B3-TraceId', value: 'abc', line: 2 },
    ]);
  });
  it('accepts CRLF line endings', () => {
    assert.deepEqual(parseHeaderBlock('a: 1\r\nb: 2\r\n'), [
      { name: 'a', value: '1', line: 1 },
      { name: 'b', value: '2', line: 2 },
    ]);
  });
  it('keeps colons inside the value', () => {
    assert.deepEqual(parseHeaderBlock('uber-trace-id: abc:def:0:1'), [{ name: 'uber-trace-id', value: 'abc:def:0:1', line: 1 }]);
  });
  it('keeps = inside an HTTP value', () => {
    assert.deepEqual(parseHeaderBlock('X-Amzn-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793'), [
      { name: 'X-Amzn-Trace-Id', value: 'Root=1-5759e988-bd862e3fe1be46a994272793', line: 1 },
    ]);
  });
  it('accepts env-style NAME=value lines with the name as written', () => {
    assert.deepEqual(parseHeaderBlock('UBER_TRACE_ID=abc:def:0:1'), [{ name: 'UBER_TRACE_ID', value: 'abc:def:0:1', line: 1 }]);
  });
  it('removes one pair of quotes around an env value', () => {
    assert.deepEqual(parseHeaderBlock(`B3="abc-def"\nB3_2='x'`), [
      { name: 'B3', value: 'abc-def', line: 1 },
      { name: 'B3_2', value: 'x', line: 2 },
    ]);
  });
  it('drops export before an env name', () => {
    assert.deepEqual(parseHeaderBlock('export TRACEPARENT=00-a-b-01'), [{ name: 'TRACEPARENT', value: '00-a-b-01', line: 1 }]);
  });
  it('ignores lines without a separator and counts lines', () => {
    assert.deepEqual(parseHeaderBlock('GET / HTTP/1.1\n\nb3: 1'), [{ name: 'b3', value: '1', line: 3 }]);
  });
  it('ignores lines whose name is not a header token', () => {
    assert.deepEqual(parseHeaderBlock('Some prose: here\n: empty\nb3: d'), [{ name: 'b3', value: 'd', line: 3 }]);
  });
  it('keeps an empty value', () => {
    assert.deepEqual(parseHeaderBlock('x-b3-flags:'), [{ name: 'x-b3-flags', value: '', line: 1 }]);
  });
  it('returns nothing for an empty block', () => {
    assert.deepEqual(parseHeaderBlock(''), []);
  });
  it('stays fast on a huge block', () => {
    assert.equal(parseHeaderBlock('a: b\n'.repeat(100000)).length, 100000);
  });
});
