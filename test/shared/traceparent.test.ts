import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import {
  decodeTraceContext,
  decodeTraceparent,
  parseTraceContext,
  parseTraceparent,
  serializeTraceparent,
} from '../../shared/src/traceparent';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';
const VALID = `00-${TRACE_ID}-${SPAN_ID}-01`;

/** Invalid traceparents and the exact error each must produce, modelled on OpenTelemetry JS's named vectors. */
const invalidVectors: Record<string, { header: string; field: string; message: string }> = {
  invalidTraceId_allZeros: {
    header: `00-${'0'.repeat(32)}-${SPAN_ID}-01`,
    field: 'trace-id',
    message: 'trace-id must not be all zeros',
  },
  invalidParentId_allZeros: {
    header: `00-${TRACE_ID}-${'0'.repeat(16)}-01`,
    field: 'parent-id',
    message: 'parent-id must not be all zeros',
  },
  invalidTraceId_tooShort: {
    header: `00-${TRACE_ID.slice(1)}-${SPAN_ID}-01`,
    field: 'trace-id',
    message: 'trace-id must be 32 lowercase hex characters; got 31',
  },
  invalidTraceId_tooLong: {
    header: `00-${TRACE_ID}0-${SPAN_ID}-01`,
    field: 'trace-id',
    message: 'trace-id must be 32 lowercase hex characters; got 33',
  },
  invalidTraceId_uppercase: {
    header: `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`,
    field: 'trace-id',
    message: 'trace-id must be 32 lowercase hex characters; uppercase hex is not allowed; use lowercase',
  },
  invalidTraceId_nonHex: {
    header: `00-${TRACE_ID.slice(0, 4)}g${TRACE_ID.slice(5)}-${SPAN_ID}-01`,
    field: 'trace-id',
    message: 'trace-id must be 32 lowercase hex characters; found "g" (U+0067) at position 5',
  },
  invalidParentId_tooShort: {
    header: `00-${TRACE_ID}-${SPAN_ID.slice(2)}-01`,
    field: 'parent-id',
    message: 'parent-id must be 16 lowercase hex characters; got 14',
  },
  invalidParentId_uppercase: {
    header: `00-${TRACE_ID}-${SPAN_ID.toUpperCase()}-01`,
    field: 'parent-id',
    message: 'parent-id must be 16 lowercase hex characters; uppercase hex is not allowed; use lowercase',
  },
  invalidFlags_oneChar: {
    header: `00-${TRACE_ID}-${SPAN_ID}-1`,
    field: 'trace-flags',
    message: 'trace-flags must be 2 lowercase hex characters; got 1',
  },
  invalidFlags_threeChars: {
    header: `00-${TRACE_ID}-${SPAN_ID}-011`,
    field: 'trace-flags',
    message: 'trace-flags must be 2 lowercase hex characters; got 3',
  },
  invalidFlags_uppercase: {
    header: `00-${TRACE_ID}-${SPAN_ID}-0A`,
    field: 'trace-flags',
    message: 'trace-flags must be 2 lowercase hex characters; uppercase hex is not allowed; use lowercase',
  },
  invalidVersion_ff: {
    header: `ff-${TRACE_ID}-${SPAN_ID}-01`,
    field: 'version',
    message: 'version ff is forbidden by the spec',
  },
  invalidVersion_uppercase: {
    header: `0A-${TRACE_ID}-${SPAN_ID}-01`,
    field: 'version',
    message: 'version must be 2 lowercase hex characters; uppercase hex is not allowed; use lowercase',
  },
  invalidVersion_threeChars: {
    header: `000-${TRACE_ID}-${SPAN_ID}-01`,
    field: 'version',
    message: 'version must be 2 lowercase hex characters; got 3',
  },
  invalidVersion00_extraField: {
    header: `${VALID}-extra`,
    field: 'format',
    message: 'version 00 must be exactly 55 characters with nothing after trace-flags; got 61',
  },
  invalidVersion00_trailingDash: {
    header: `${VALID}-`,
    field: 'format',
    message: 'version 00 must be exactly 55 characters with nothing after trace-flags; got 56',
  },
  invalidFormat_threeFields: {
    header: `00-${TRACE_ID}-${SPAN_ID}`,
    field: 'format',
    message: 'traceparent must have 4 dash-separated fields (version-trace-id-parent-id-trace-flags); got 3',
  },
  invalidFormat_underscores: {
    header: `00_${TRACE_ID}_${SPAN_ID}_01`,
    field: 'version',
    message: 'version must be 2 lowercase hex characters; got 55',
  },
  invalidFormat_empty: {
    header: '',
    field: 'format',
    message: 'traceparent is empty; it must be version-trace-id-parent-id-trace-flags (55 characters for version 00)',
  },
  invalidFormat_onlyWhitespace: {
    header: ' \t ',
    field: 'format',
    message: 'traceparent is empty; it must be version-trace-id-parent-id-trace-flags (55 characters for version 00)',
  },
  invalidHigherVersion_flagsNotFollowedByDash: {
    header: `01-${TRACE_ID}-${SPAN_ID}-01x`,
    field: 'trace-flags',
    message: 'trace-flags must be 2 lowercase hex characters; got 3',
  },
  invalidHigherVersion_shorterThan55: {
    header: `01-${TRACE_ID}-${SPAN_ID.slice(1)}-01`,
    field: 'parent-id',
    message: 'parent-id must be 16 lowercase hex characters; got 15',
  },
  invalidVersion00_trailingDot: {
    header: `${VALID}.`,
    field: 'trace-flags',
    message: 'trace-flags must be 2 lowercase hex characters; got 3',
  },
  invalidHigherVersion_dotInsteadOfDash: {
    header: `cc-${TRACE_ID}-${SPAN_ID}-01.what-the-future-will-be-like`,
    field: 'trace-flags',
    message: 'trace-flags must be 2 lowercase hex characters; got 7',
  },
  invalidVersion_dot: {
    header: `.0-${TRACE_ID}-${SPAN_ID}-01`,
    field: 'version',
    message: 'version must be 2 lowercase hex characters; found "." (U+002E) at position 1',
  },
  invalidWhitespace_newlineIsNotOws: {
    header: `${VALID}\n`,
    field: 'trace-flags',
    message: 'trace-flags must be 2 lowercase hex characters; got 3',
  },
};

describe('parseTraceparent()', () => {
  describe('rejects invalid vectors', () => {
    for (const [name, { header, field, message }] of Object.entries(invalidVectors)) {
      it(`rejects ${name}`, () => {
        const result = parseTraceparent(header);
        assert.equal(result.ok, false);
        assert.ok(!result.ok);
        assert.deepEqual(result.errors[0], { field, message });
      });
    }
  });

  it('parses the spec example with sampled set', () => {
    assert.deepEqual(parseTraceparent(VALID), {
      ok: true,
      value: { version: '00', traceId: TRACE_ID, spanId: SPAN_ID, flags: 1, sampled: true, randomTraceId: false },
      warnings: [],
    });
  });

  it('reads flags 00 as not sampled', () => {
    const result = parseTraceparent(`00-${TRACE_ID}-${SPAN_ID}-00`);
    assert.ok(result.ok);
    assert.equal(result.value.sampled, false);
    assert.equal(result.value.flags, 0);
  });

  it('reads the Level 2 random-trace-id bit (0x02) without warning', () => {
    const result = parseTraceparent(`00-${TRACE_ID}-${SPAN_ID}-02`);
    assert.ok(result.ok);
    assert.deepEqual(
      [result.value.flags, result.value.sampled, result.value.randomTraceId, result.warnings],
      [2, false, true, []],
    );
  });

  it('masks flags as a bit field: 09 is sampled with a reserved bit, which is a warning', () => {
    const result = parseTraceparent(`00-${TRACE_ID}-${SPAN_ID}-09`);
    assert.ok(result.ok);
    assert.equal(result.value.sampled, true);
    assert.equal(result.value.randomTraceId, false);
    assert.deepEqual(result.warnings, [
      {
        field: 'trace-flags',
        message: 'trace-flags has reserved bits set (0x08); senders MUST set them to zero and receivers ignore them',
      },
    ]);
  });

  it('accepts flags ff with a reserved-bits warning', () => {
    const result = parseTraceparent(`00-${TRACE_ID}-${SPAN_ID}-ff`);
    assert.ok(result.ok);
    assert.equal(result.value.flags, 255);
    assert.equal(result.warnings[0]?.message.includes('(0xfc)'), true);
  });

  it('trims leading and trailing spaces and tabs (OWS)', () => {
    const result = parseTraceparent(` \t ${VALID} \t`);
    assert.ok(result.ok);
    assert.equal(result.value.traceId, TRACE_ID);
  });

  it('parses a higher version from its first 55 characters when a dash follows', () => {
    const result = parseTraceparent(`cc-${TRACE_ID}-${SPAN_ID}-01-what-the-future-will-be-like`);
    assert.ok(result.ok);
    assert.deepEqual(result.value, {
      version: 'cc',
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      flags: 1,
      sampled: true,
      randomTraceId: false,
    });
    assert.deepEqual(result.warnings, [
      { field: 'format', message: 'ignored 29 characters after trace-flags, as the spec requires for version cc' },
      { field: 'version', message: "version cc is newer than 00; parsed with the spec's forward-compatibility rules" },
    ]);
  });

  it('parses a higher version of exactly 55 characters', () => {
    const result = parseTraceparent(`01-${TRACE_ID}-${SPAN_ID}-00`);
    assert.ok(result.ok);
    assert.equal(result.value.version, '01');
  });

  it('reports every broken field at once', () => {
    const result = parseTraceparent(`00-${'0'.repeat(32)}-${'0'.repeat(16)}-zz`);
    assert.ok(!result.ok);
    assert.deepEqual(
      result.errors.map((e) => e.field),
      ['trace-id', 'parent-id', 'trace-flags'],
    );
  });

  it('never throws on a non-string argument from untyped callers', () => {
    const result = parseTraceparent(42 as unknown as string);
    assert.deepEqual(result, {
      ok: false,
      errors: [{ field: 'format', message: 'traceparent must be a string; got number' }],
      warnings: [],
    });
  });

  it('stays fast and bounded on a megabyte of dashes', () => {
    const started = process.hrtime.bigint();
    const result = parseTraceparent('-'.repeat(1_000_000));
    assert.equal(result.ok, false);
    assert.ok(process.hrtime.bigint() - started < 500_000_000n);
  });
});

describe('serializeTraceparent()', () => {
  it('defaults version 00 and flags from sampled', () => {
    assert.equal(serializeTraceparent({ traceId: TRACE_ID, spanId: SPAN_ID, sampled: true }), VALID);
    assert.equal(serializeTraceparent({ traceId: TRACE_ID, spanId: SPAN_ID }), `00-${TRACE_ID}-${SPAN_ID}-00`);
  });

  it('writes flags as two hex digits, also at 0x10 and above', () => {
    assert.equal(serializeTraceparent({ traceId: TRACE_ID, spanId: SPAN_ID, flags: 0x03 }), `00-${TRACE_ID}-${SPAN_ID}-03`);
    assert.equal(serializeTraceparent({ traceId: TRACE_ID, spanId: SPAN_ID, flags: 0x11 }), `00-${TRACE_ID}-${SPAN_ID}-11`);
  });

  it('keeps a given version', () => {
    assert.equal(serializeTraceparent({ traceId: TRACE_ID, spanId: SPAN_ID, version: '01' }), `01-${TRACE_ID}-${SPAN_ID}-00`);
  });

  it('round-trips the parsed value', () => {
    const result = parseTraceparent(`00-${TRACE_ID}-${SPAN_ID}-03`);
    assert.ok(result.ok);
    assert.equal(serializeTraceparent(result.value), `00-${TRACE_ID}-${SPAN_ID}-03`);
  });

  const contractBreaches: Record<string, [Parameters<typeof serializeTraceparent>[0], string]> = {
    uppercaseTraceId: [{ traceId: TRACE_ID.toUpperCase(), spanId: SPAN_ID }, 'traceId must be 32 lowercase hex characters'],
    shortSpanId: [{ traceId: TRACE_ID, spanId: 'abc' }, 'spanId must be 16 lowercase hex characters; got "abc"'],
    allZeroTraceId: [{ traceId: '0'.repeat(32), spanId: SPAN_ID }, 'traceId must not be all zeros'],
    allZeroSpanId: [{ traceId: TRACE_ID, spanId: '0'.repeat(16) }, 'spanId must not be all zeros'],
    flagsOutOfRange: [{ traceId: TRACE_ID, spanId: SPAN_ID, flags: 256 }, 'flags must be an integer from 0 to 255; got 256'],
    fractionalFlags: [{ traceId: TRACE_ID, spanId: SPAN_ID, flags: 1.5 }, 'flags must be an integer from 0 to 255; got 1.5'],
    versionFf: [{ traceId: TRACE_ID, spanId: SPAN_ID, version: 'ff' }, 'traceparent version ff is forbidden'],
    flagsAndSampledDisagree: [
      { traceId: TRACE_ID, spanId: SPAN_ID, flags: 0, sampled: true },
      'flags 0x0 and sampled=true disagree about the sampled bit',
    ],
  };
  for (const [name, [input, message]] of Object.entries(contractBreaches)) {
    it(`throws TypeError on ${name}`, () => {
      assert.throws(
        () => serializeTraceparent(input),
        (error: unknown) => error instanceof TypeError && error.message.startsWith(message),
      );
    });
  }
});

describe('decodeTraceparent()', () => {
  it('maps a valid value to the Decoded shape without debug', () => {
    assert.deepEqual(decodeTraceparent(`00-${TRACE_ID}-${SPAN_ID}-03`), {
      format: 'traceparent',
      valid: true,
      errors: [],
      warnings: [],
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      flags: 3,
      sampled: true,
      randomTraceId: true,
      version: '00',
    });
  });

  it('omits ids when the value is invalid', () => {
    assert.deepEqual(decodeTraceparent(`00-${'0'.repeat(32)}-${SPAN_ID}-01`), {
      format: 'traceparent',
      valid: false,
      errors: [{ field: 'trace-id', message: 'trace-id must not be all zeros' }],
      warnings: [],
    });
  });
});

describe('parseTraceContext()', () => {
  it('parses tracestate when traceparent is valid', () => {
    const result = parseTraceContext(VALID, 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE');
    assert.ok(result.traceparent.ok);
    assert.deepEqual(result.tracestate, {
      ok: true,
      value: {
        members: [
          { key: 'rojo', value: '00f067aa0ba902b7' },
          { key: 'congo', value: 't61rcWkgMzE' },
        ],
      },
      warnings: [],
    });
  });

  it('does not parse tracestate when traceparent is invalid', () => {
    const result = parseTraceContext(`00-${TRACE_ID}-${SPAN_ID}-0`, 'rojo=00f067aa0ba902b7');
    assert.equal(result.traceparent.ok, false);
    assert.equal(result.tracestate, undefined);
    assert.equal('tracestate' in result, false);
  });

  it('leaves tracestate undefined when none was given', () => {
    assert.equal(parseTraceContext(VALID).tracestate, undefined);
  });

  it('does not let an invalid tracestate affect traceparent', () => {
    const result = parseTraceContext(VALID, 'Bad=1');
    assert.equal(result.traceparent.ok, true);
    assert.equal(result.tracestate?.ok, false);
  });
});

describe('decodeTraceContext()', () => {
  it('adds tracestate members and bytes to the traceparent fields', () => {
    const decoded = decodeTraceContext(VALID, 'rojo=00f067aa0ba902b7, congo=t61rcWkgMzE');
    assert.equal(decoded.valid, true);
    assert.equal(decoded.traceId, TRACE_ID);
    assert.equal(decoded.bytes, 40);
    assert.deepEqual(decoded.members, [
      { key: 'rojo', value: '00f067aa0ba902b7', bytes: 21 },
      { key: 'congo', value: 't61rcWkgMzE', bytes: 17 },
    ]);
  });

  it('prefixes tracestate findings with tracestate', () => {
    const decoded = decodeTraceContext(VALID, 'ok=1,Bad=2');
    assert.equal(decoded.valid, false);
    assert.equal(decoded.traceId, TRACE_ID);
    assert.deepEqual(decoded.errors, [
      {
        field: 'tracestate.member[1].key',
        message: 'key must start with a lowercase letter or a digit; found "B" (U+0042); use lowercase',
      },
    ]);
    assert.equal(decoded.members, undefined);
  });

  it('warns that tracestate was ignored when traceparent is invalid', () => {
    const decoded = decodeTraceContext(`00-${TRACE_ID}-${SPAN_ID}`, 'Bad=2');
    assert.equal(decoded.valid, false);
    assert.deepEqual(decoded.errors.map((e) => e.field), ['format']);
    assert.deepEqual(decoded.warnings, [
      {
        field: 'tracestate',
        message: 'tracestate was ignored: the spec says a receiver that fails to parse traceparent MUST NOT parse tracestate',
      },
    ]);
    assert.equal(decoded.members, undefined);
  });

  it('does not warn about an empty tracestate next to an invalid traceparent', () => {
    assert.deepEqual(decodeTraceContext('nope', ' ').warnings, []);
  });
});
