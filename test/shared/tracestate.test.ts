import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { decodeTracestate, parseTracestate, serializeTracestate } from '../../shared/src/tracestate';

/** Members built to exact sizes for the limit cases. */
function members(count: number, valueLength = 1): string {
  return Array.from({ length: count }, (_, i) => `k${i}=${'v'.repeat(valueLength)}`).join(',');
}

/** Invalid tracestate values and the exact first error each must produce. */
const invalidVectors: Record<string, { header: string; field: string; message: string }> = {
  invalidKey_uppercase: {
    header: 'Rojo=1',
    field: 'member[0].key',
    message: 'key must start with a lowercase letter or a digit; found "R" (U+0052); use lowercase',
  },
  invalidKey_uppercaseInside: {
    header: 'roJo=1',
    field: 'member[0].key',
    message:
      'key may only contain a-z, 0-9, "_", "-", "*", "/" and "@"; found "J" (U+004A) at position 3; use lowercase',
  },
  invalidKey_startsWithUnderscore: {
    header: '_rojo=1',
    field: 'member[0].key',
    message: 'key must start with a lowercase letter or a digit; found "_" (U+005F)',
  },
  invalidKey_startsWithAt: {
    header: '@rojo=1',
    field: 'member[0].key',
    message: 'key must start with a lowercase letter or a digit; found "@" (U+0040)',
  },
  invalidKey_dot: {
    header: 'ro.jo=1',
    field: 'member[0].key',
    message: 'key may only contain a-z, 0-9, "_", "-", "*", "/" and "@"; found "." (U+002E) at position 3',
  },
  invalidKey_tooLong: {
    header: `${'a'.repeat(257)}=1`,
    field: 'member[0].key',
    message: 'key must be at most 256 characters; got 257',
  },
  invalidKey_empty: {
    header: '=1',
    field: 'member[0].key',
    message: 'key must not be empty',
  },
  invalidKey_spaceBeforeEquals: {
    header: 'rojo =1',
    field: 'member[0].key',
    message: 'key may only contain a-z, 0-9, "_", "-", "*", "/" and "@"; found " " (U+0020) at position 5',
  },
  invalidValue_empty: {
    header: 'rojo=',
    field: 'member[0].value',
    message: 'value must not be empty',
  },
  invalidValue_equals: {
    header: 'rojo=a=b',
    field: 'member[0].value',
    message: 'value may only contain printable ASCII (0x20-0x7E) except "," and "="; found "=" (U+003D) at position 2',
  },
  invalidValue_tab: {
    header: 'rojo=a\tb',
    field: 'member[0].value',
    message: 'value may only contain printable ASCII (0x20-0x7E) except "," and "="; found "\\t" (U+0009) at position 2',
  },
  invalidValue_nonAscii: {
    header: 'rojo=caf\u00e9',
    field: 'member[0].value',
    message: 'value may only contain printable ASCII (0x20-0x7E) except "," and "="; found "é" (U+00E9) at position 4',
  },
  invalidValue_tooLong: {
    header: `rojo=${'v'.repeat(257)}`,
    field: 'member[0].value',
    message: 'value must be at most 256 characters; got 257',
  },
  invalidMember_noEquals: {
    header: 'rojo',
    field: 'member[0]',
    message: 'list-member must be key=value; no "=" found in "rojo"',
  },
  invalidMembers_duplicateKey: {
    header: 'rojo=1,congo=2,rojo=3',
    field: 'member[2].key',
    message: 'duplicate key "rojo" (first at member[0]); only one entry per key is allowed',
  },
  invalidMembers_33: {
    header: members(33),
    field: 'tracestate',
    message: 'tracestate has 33 list-members; at most 32 are allowed',
  },
};

describe('parseTracestate()', () => {
  describe('rejects invalid vectors', () => {
    for (const [name, { header, field, message }] of Object.entries(invalidVectors)) {
      it(`rejects ${name}`, () => {
        const result = parseTracestate(header);
        assert.ok(!result.ok);
        assert.deepEqual(result.errors[0], { field, message });
      });
    }
  });

  it('parses the spec example in order', () => {
    assert.deepEqual(parseTracestate('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE'), {
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

  it('accepts an empty header', () => {
    assert.deepEqual(parseTracestate(''), { ok: true, value: { members: [] }, warnings: [] });
  });

  it('skips empty and whitespace-only list-members', () => {
    const result = parseTracestate(' ,rojo=1,, \t ,congo=2, ');
    assert.ok(result.ok);
    assert.deepEqual(result.value.members.map((m) => m.key), ['rojo', 'congo']);
  });

  it('trims OWS around list-members and drops trailing spaces of values', () => {
    const result = parseTracestate('\t rojo=1 2  \t,congo=x');
    assert.ok(result.ok);
    assert.deepEqual(result.value.members[0], { key: 'rojo', value: '1 2' });
  });

  it('keeps leading spaces of a value', () => {
    const result = parseTracestate('rojo=  v');
    assert.ok(result.ok);
    assert.equal(result.value.members[0]?.value, '  v');
  });

  it('accepts exactly 32 list-members', () => {
    const result = parseTracestate(members(32));
    assert.ok(result.ok);
    assert.equal(result.value.members.length, 32);
  });

  it('does not count empty list-members towards the 32', () => {
    assert.equal(parseTracestate(`${members(32)},,, `).ok, true);
  });

  it('accepts a key of exactly 256 characters and a value of exactly 256', () => {
    const result = parseTracestate(`${'a'.repeat(256)}=${'v'.repeat(256)}`);
    assert.equal(result.ok, true);
  });

  it('accepts Level 2 keys that start with a digit', () => {
    const result = parseTracestate('1vendor=x');
    assert.ok(result.ok);
    assert.equal(result.value.members[0]?.key, '1vendor');
  });

  it('accepts Level 1 multi-tenant keys tenant@system', () => {
    assert.equal(parseTracestate('tenant1@vendor=x,0t@v=y').ok, true);
  });

  it('accepts Level 2 keys with @ anywhere after the first character', () => {
    const result = parseTracestate('a@b@c=1,a@=2,a@1system=3');
    assert.ok(result.ok);
    assert.deepEqual(result.value.members.map((m) => m.key), ['a@b@c', 'a@', 'a@1system']);
  });

  it('accepts a system part longer than Level 1 allowed (14 characters)', () => {
    assert.equal(parseTracestate('t@abcdefghijklmnopqrstuvwxyz=1').ok, true);
  });

  describe('Level 2 keys the W3C strict suite still rejects (w3c/trace-context PR #386 made "@" a plain keychar)', () => {
    const level2Keys: Record<string, string> = {
      trailingAt: 'foo@',
      doubleAt: 'foo@@bar',
      twoAts: 'foo@bar@baz',
      tenantOf242: `${'t'.repeat(242)}@v`,
      systemOf15: `t@${'v'.repeat(15)}`,
    };
    for (const [name, key] of Object.entries(level2Keys)) {
      it(`accepts ${name}`, () => {
        const result = parseTracestate(`${key}=1`);
        assert.ok(result.ok);
        assert.equal(result.value.members[0]?.key, key);
      });
    }
  });

  it('accepts OWS of spaces and tabs around list-members (W3C test_tracestate_ows_handling)', () => {
    const result = parseTracestate(' \t foo=1 \t , \t bar=2, \t ');
    assert.ok(result.ok);
    assert.deepEqual(result.value.members, [
      { key: 'foo', value: '1' },
      { key: 'bar', value: '2' },
    ]);
  });

  it('accepts every key special character', () => {
    assert.equal(parseTracestate('a_-*/@9=1').ok, true);
  });

  it('accepts every printable value character except comma and equals', () => {
    let value = '';
    for (let c = 0x21; c <= 0x7e; c++) if (c !== 0x2c && c !== 0x3d) value += String.fromCharCode(c);
    const result = parseTracestate(`k=${value.slice(0, 90)}`);
    assert.ok(result.ok);
    assert.equal(result.value.members[0]?.value, value.slice(0, 90));
  });

  it('warns when the header is over the 512-character propagation guidance', () => {
    const header = members(4, 125);
    const result = parseTracestate(header);
    assert.ok(result.ok);
    assert.deepEqual(result.warnings, [
      {
        field: 'tracestate',
        message: `tracestate is ${header.length} characters; vendors SHOULD propagate at least 512, so members beyond that may be truncated`,
      },
    ]);
  });

  it('does not warn at exactly 512 characters', () => {
    const header = `a=${'v'.repeat(126)},b=${'v'.repeat(126)},c=${'v'.repeat(126)},d=${'v'.repeat(123)}`;
    assert.equal(header.length, 512);
    assert.deepEqual(parseTracestate(header).warnings, []);
  });

  it('names the members over 128 characters that truncation removes first', () => {
    const result = parseTracestate(`short=1,long=${'v'.repeat(124)}`);
    assert.ok(result.ok);
    assert.deepEqual(result.warnings, [
      {
        field: 'member[1]',
        message:
          'list-member "long" is 129 characters; entries over 128 characters are the first a vendor removes when it truncates tracestate',
      },
    ]);
  });

  it('does not warn about a member of exactly 128 characters', () => {
    assert.deepEqual(parseTracestate(`long=${'v'.repeat(123)}`).warnings, []);
  });

  it('numbers members by list position, ignoring empty ones', () => {
    const result = parseTracestate(',ok=1, ,Bad=2');
    assert.ok(!result.ok);
    assert.equal(result.errors[0]?.field, 'member[1].key');
  });

  it('never throws on a non-string argument from untyped callers', () => {
    assert.equal(parseTracestate(undefined as unknown as string).ok, false);
  });

  it('stays linear on a megabyte of commas', () => {
    const started = process.hrtime.bigint();
    assert.equal(parseTracestate(','.repeat(1_000_000)).ok, true);
    assert.ok(process.hrtime.bigint() - started < 1_000_000_000n);
  });
});

describe('serializeTracestate()', () => {
  it('joins members with commas in order', () => {
    assert.equal(
      serializeTracestate({ members: [{ key: 'rojo', value: '00f067aa0ba902b7' }, { key: 'congo', value: 't61rcWkgMzE' }] }),
      'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
    );
  });

  it('serializes no members to the empty string', () => {
    assert.equal(serializeTracestate({ members: [] }), '');
  });

  it('round-trips a parsed value', () => {
    const header = 'a@b=1,1x=2 3,z=~!';
    const result = parseTracestate(header);
    assert.ok(result.ok);
    assert.equal(serializeTracestate(result.value), header);
  });

  const contractBreaches: Record<string, [Parameters<typeof serializeTracestate>[0], string]> = {
    uppercaseKey: [{ members: [{ key: 'A', value: '1' }] }, 'member[0].key: key must start with a lowercase letter'],
    valueWithComma: [{ members: [{ key: 'a', value: '1,2' }] }, 'member[0].value: value may only contain'],
    valueEndingInSpace: [{ members: [{ key: 'a', value: '1 ' }] }, 'member[0].value: value must not end with a space'],
    duplicateKey: [
      { members: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] },
      'member[1].key: duplicate key "a"',
    ],
    tooManyMembers: [
      { members: Array.from({ length: 33 }, (_, i) => ({ key: `k${i}`, value: '1' })) },
      'tracestate has 33 members; at most 32 are allowed',
    ],
  };
  for (const [name, [input, message]] of Object.entries(contractBreaches)) {
    it(`throws TypeError on ${name}`, () => {
      assert.throws(
        () => serializeTracestate(input),
        (error: unknown) => error instanceof TypeError && error.message.startsWith(message),
      );
    });
  }
});

describe('decodeTracestate()', () => {
  it('reports members with their bytes and the total bytes', () => {
    assert.deepEqual(decodeTracestate('rojo=00f067aa0ba902b7, congo=t61rcWkgMzE'), {
      format: 'tracestate',
      valid: true,
      errors: [],
      warnings: [],
      members: [
        { key: 'rojo', value: '00f067aa0ba902b7', bytes: 21 },
        { key: 'congo', value: 't61rcWkgMzE', bytes: 17 },
      ],
      bytes: 40,
    });
  });

  it('counts total bytes in UTF-8 and omits members when invalid', () => {
    assert.deepEqual(decodeTracestate('k=\u20ac'), {
      format: 'tracestate',
      valid: false,
      errors: [
        {
          field: 'member[0].value',
          message:
            'value may only contain printable ASCII (0x20-0x7E) except "," and "="; found "€" (U+20AC) at position 1',
        },
      ],
      warnings: [],
      bytes: 5,
    });
  });
});
