import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { decode, decodeHeaders, recognizeBareValue } from '../../shared/src/decode';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('decode()', () => {
  describe('recognizes a bare value by its shape', () => {
    const shapes: Record<string, [string, string | undefined]> = {
      traceparent: [TRACEPARENT, 'traceparent'],
      traceparentUppercase: [TRACEPARENT.toUpperCase(), 'traceparent'],
      traceparentFutureVersion: ['cc-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra', 'traceparent'],
      b3Single: ['80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90', 'b3'],
      b3Single64Bit: ['a3ce929d0e0e4736-00f067aa0ba902b7', 'b3'],
      b3DenyOnly: ['0', 'b3'],
      jaeger: ['5b8aa5a2d2c872e8321cf37308d69df2:051581bf3cb55c13:0:1', 'jaeger'],
      jaegerUrlEncoded: ['5b8aa5a2d2c872e8321cf37308d69df2%3A051581bf3cb55c13%3A0%3A1', 'jaeger'],
      xrayHeader: ['Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1', 'xray'],
      xrayBareId: ['1-5759e988-bd862e3fe1be46a994272793', 'xray'],
      plainWord: ['hello', undefined],
      keyValueList: ['a=b,c=d', undefined],
    };
    for (const [name, [value, expected]] of Object.entries(shapes)) {
      it(`recognizes ${name}`, () => {
        assert.equal(recognizeBareValue(value), expected, name);
      });
    }
  });

  it('decodes a bare traceparent', () => {
    const decoded = decode(TRACEPARENT);
    assert.equal(decoded.format, 'traceparent');
    assert.equal(decoded.valid, true);
    assert.equal(decoded.traceId, '0af7651916cd43dd8448eb211c80319c');
    assert.equal(decoded.spanId, 'b7ad6b7169203331');
    assert.equal(decoded.sampled, true);
  });

  it('trims spaces and tabs around the value, as HTTP does', () => {
    assert.equal(decode(` \t${TRACEPARENT}\t `).valid, true);
  });

  it('selects the format from a header name in any case', () => {
    const decoded = decode(`TraceParent: ${TRACEPARENT}`);
    assert.equal(decoded.format, 'traceparent');
    assert.equal(decoded.valid, true);
  });

  it('selects the format from an env-carrier name', () => {
    assert.equal(decode(`TRACEPARENT=${TRACEPARENT}`).format, 'traceparent');
    assert.equal(decode(`export BAGGAGE="userId=alice"`).format, 'baggage');
  });

  it('decodes traceparent and tracestate given as one block', () => {
    const decoded = decode(`traceparent: ${TRACEPARENT}\ntracestate: congo=t61rcWkgMzE,rojo=00f067aa0ba902b7`);
    assert.equal(decoded.format, 'traceparent');
    assert.deepEqual(
      decoded.members?.map((member) => member.key),
      ['congo', 'rojo'],
    );
  });

  it('decodes X-B3-* lines as one b3multi value', () => {
    const decoded = decode('X-B3-TraceId: 80f198ee56343ba864fe8b2a57d3eff7\r\nX-B3-SpanId: e457b5a2e4d86bd1\r\nX-B3-Sampled: 1');
    assert.equal(decoded.format, 'b3multi');
    assert.equal(decoded.valid, true);
    assert.equal(decoded.traceId, '80f198ee56343ba864fe8b2a57d3eff7');
    assert.equal(decoded.sampled, true);
  });

  it('decodes x-datadog-* lines as one datadog value with the trace id as 32 hex digits', () => {
    const decoded = decode('x-datadog-trace-id: 1234567890\nx-datadog-parent-id: 987654321\nx-datadog-sampling-priority: 1');
    assert.equal(decoded.format, 'datadog');
    assert.equal(decoded.valid, true);
    assert.equal(decoded.traceId, '000000000000000000000000499602d2');
    assert.equal(decoded.spanId, '000000003ade68b1');
  });

  it('decodes uber-trace-id with its uberctx-* baggage', () => {
    const decoded = decode('uber-trace-id: 5b8aa5a2d2c872e8321cf37308d69df2:051581bf3cb55c13:0:1\nuberctx-user: alice');
    assert.equal(decoded.format, 'jaeger');
    assert.deepEqual(
      decoded.members?.map((member) => [member.key, member.value]),
      [['user', 'alice']],
    );
  });

  it('lets --format override recognition', () => {
    const decoded = decode('userId=alice,isProduction=false', { format: 'baggage' });
    assert.equal(decoded.format, 'baggage');
    assert.equal(decoded.valid, true);
    assert.equal(decode('rojo=00f067aa0ba902b7', { format: 'tracestate' }).format, 'tracestate');
  });

  it('reports an unrecognized value as unknown and invalid', () => {
    const decoded = decode('not a trace context');
    assert.equal(decoded.format, 'unknown');
    assert.equal(decoded.valid, false);
    assert.equal(decoded.errors[0]?.field, 'value');
  });

  it('reports an empty value as unknown', () => {
    assert.equal(decode(' \n ').format, 'unknown');
  });

  it('names the missing header when the format asked for is absent', () => {
    const decoded = decode(`traceparent: ${TRACEPARENT}`, { format: 'xray' });
    assert.equal(decoded.valid, false);
    assert.equal(decoded.errors[0]?.field, 'x-amzn-trace-id');
  });

  it('warns that other formats in the block were not decoded', () => {
    const decoded = decodeHeaders({ traceparent: TRACEPARENT, b3: '80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1' });
    assert.equal(decoded.format, 'traceparent');
    assert.match(decoded.warnings.at(-1)?.message ?? '', /b3/);
  });

  it('never throws on hostile input', () => {
    for (const hostile of ['\u0000\uffff\ud800', ':'.repeat(100_000), `traceparent:${'-'.repeat(100_000)}`, '\n'.repeat(100_000) + 'x']) {
      assert.doesNotThrow(() => decode(hostile));
    }
  });
});
