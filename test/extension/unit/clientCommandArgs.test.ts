import * as assert from 'node:assert/strict';

import { isConvertibleFormat, readTraceArgument, resolveTraceIds } from '../../../extension/src/client/commandArgs';

describe('readTraceArgument()', () => {
  it('reads a bare 32-digit hex string as a lowercase trace id', () => {
    assert.deepEqual(readTraceArgument('4BF92F3577B34DA6A3CE929D0E0E4736'), { traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
  });

  it('reads any other string as a value to decode, trimmed', () => {
    assert.deepEqual(readTraceArgument('  b3: 80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1 \n'), {
      value: 'b3: 80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1',
    });
  });

  it('reads the hover link object with trace id, span id and target format', () => {
    assert.deepEqual(
      readTraceArgument({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00F067AA0BA902B7', to: 'jaeger', value: 'x' }),
      { value: 'x', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', to: 'jaeger' },
    );
  });

  it('drops malformed ids and unknown formats', () => {
    assert.deepEqual(readTraceArgument({ traceId: 'xyz', spanId: 12, to: 'zipkin', value: 'v' }), { value: 'v' });
  });

  it('returns undefined for an empty string, null, an array or an object with nothing usable', () => {
    assert.equal(readTraceArgument(''), undefined);
    assert.equal(readTraceArgument(null), undefined);
    assert.equal(readTraceArgument(['4bf92f3577b34da6a3ce929d0e0e4736']), undefined);
    assert.equal(readTraceArgument({ to: 'nope' }), undefined);
    assert.equal(readTraceArgument(undefined), undefined);
  });
});

describe('resolveTraceIds()', () => {
  it('keeps ids given directly', () => {
    assert.deepEqual(resolveTraceIds({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' }), {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
    });
  });

  it('decodes an X-Ray header value for its ids', () => {
    assert.deepEqual(resolveTraceIds({ value: 'X-Amzn-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1' }), {
      traceId: '5759e988bd862e3fe1be46a994272793',
      spanId: '53995c3f42cd8ad8',
    });
  });

  it('finds no ids in baggage', () => {
    assert.deepEqual(resolveTraceIds({ value: 'baggage: userId=alice' }), {});
  });
});

describe('isConvertibleFormat()', () => {
  it('accepts the six formats convert produces and nothing else', () => {
    assert.deepEqual(
      ['traceparent', 'b3', 'b3multi', 'jaeger', 'xray', 'datadog', 'baggage', 'tracestate', 'unknown', 3].map(isConvertibleFormat),
      [true, true, true, true, true, true, false, false, false, false],
    );
  });
});
