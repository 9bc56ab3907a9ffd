import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { normalizeEnvKey, readEnvCarrier, writeEnvCarrier } from '../../shared/src/envCarrier';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('normalizeEnvKey()', () => {
  const cases: Record<string, [string, string]> = {
    lowercaseHeader: ['traceparent', 'TRACEPARENT'],
    dashesBecomeUnderscores: ['x-b3-traceid', 'X_B3_TRACEID'],
    mixedCase: ['X-Amzn-Trace-Id', 'X_AMZN_TRACE_ID'],
    digitsAndUnderscoresKept: ['uberctx_k1', 'UBERCTX_K1'],
    dotsAndSpaces: ['a.b c', 'A_B_C'],
    nonAscii: ['caf\u00e9', 'CAF_'],
    sharpSIsOneUnderscore: ['stra\u00dfe', 'STRA_E'],
    dotlessIIsNotI: ['\u0131d', '_D'],
    alreadyNormalized: ['BAGGAGE', 'BAGGAGE'],
  };
  for (const [name, [input, expected]] of Object.entries(cases)) {
    it(`normalizes ${name}`, () => {
      assert.equal(normalizeEnvKey(input), expected);
    });
  }
});

describe('readEnvCarrier()', () => {
  it('reads the three known variables as lowercase header names', () => {
    assert.deepEqual(
      readEnvCarrier({ TRACEPARENT, TRACESTATE: 'rojo=1', BAGGAGE: 'k=v', PATH: '/usr/bin' }),
      { traceparent: TRACEPARENT, tracestate: 'rojo=1', baggage: 'k=v' },
    );
  });

  it('leaves out variables that are absent or undefined', () => {
    assert.deepEqual(readEnvCarrier({ TRACEPARENT, TRACESTATE: undefined }), { traceparent: TRACEPARENT });
  });

  it('keeps an empty value as given', () => {
    assert.deepEqual(readEnvCarrier({ TRACESTATE: '' }), { tracestate: '' });
  });

  it('accepts a differently cased name when the uppercase one is unset', () => {
    assert.deepEqual(readEnvCarrier({ Traceparent: TRACEPARENT }), { traceparent: TRACEPARENT });
  });

  it('prefers the uppercase name over other casings', () => {
    assert.deepEqual(readEnvCarrier({ traceparent: 'lower', TRACEPARENT }), { traceparent: TRACEPARENT });
  });

  it('ignores unrelated variables', () => {
    assert.deepEqual(readEnvCarrier({ X_B3_TRACEID: 'abc', HOME: '/root' }), {});
  });
});

describe('writeEnvCarrier()', () => {
  it('writes headers under normalized names', () => {
    assert.deepEqual(writeEnvCarrier({ traceparent: TRACEPARENT, 'x-b3-sampled': '1' }), {
      TRACEPARENT,
      X_B3_SAMPLED: '1',
    });
  });

  it('returns a new object and leaves the given env untouched', () => {
    const env = { PATH: '/usr/bin', TRACEPARENT: 'old' };
    const out = writeEnvCarrier({ traceparent: TRACEPARENT }, env);
    assert.deepEqual(out, { PATH: '/usr/bin', TRACEPARENT });
    assert.deepEqual(env, { PATH: '/usr/bin', TRACEPARENT: 'old' });
    assert.notEqual(out, env);
  });

  it('round-trips with readEnvCarrier', () => {
    const headers = { traceparent: TRACEPARENT, tracestate: 'rojo=1', baggage: 'k=v' };
    assert.deepEqual(readEnvCarrier(writeEnvCarrier(headers)), headers);
  });
});
