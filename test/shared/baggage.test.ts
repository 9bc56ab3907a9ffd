import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { decodeBaggage, measureBaggage, parseBaggage, serializeBaggage, type Baggage } from '../../shared/src/baggage';

/** `count` members `k0=v…`, each exactly `memberLength` characters long (for the limit cases). */
function header(count: number, memberLength = 4): string {
  return Array.from({ length: count }, (_, i) => {
    const key = `k${i}`;
    return `${key}=${'v'.repeat(memberLength - key.length - 1)}`;
  }).join(',');
}

function baggageOf(count: number, valueLength = 1): Baggage {
  return { members: Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: 'v'.repeat(valueLength), properties: [] })) };
}

/** Invalid baggage values and the exact first error each must produce. */
const invalidVectors: Record<string, { header: string; field: string; message: string }> = {
  invalidHeader_empty: {
    header: '',
    field: 'baggage',
    message: 'baggage must contain at least one list-member; the value is empty',
  },
  invalidMember_doubleComma: {
    header: 'a=1,,b=2',
    field: 'member[1]',
    message: 'empty list-member (a leading, trailing or doubled comma); the grammar has none',
  },
  invalidMember_trailingComma: {
    header: 'a=1, ',
    field: 'member[1]',
    message: 'empty list-member (a leading, trailing or doubled comma); the grammar has none',
  },
  invalidMember_noEquals: {
    header: 'a=1,flag',
    field: 'member[1]',
    message: 'list-member must be key=value; no "=" found in "flag"',
  },
  invalidKey_empty: {
    header: '=1',
    field: 'member[0].key',
    message: 'key must not be empty; it must be an RFC 7230 token',
  },
  invalidKey_space: {
    header: 'user id=1',
    field: 'member[0].key',
    message: 'key must be an RFC 7230 token; found " " (U+0020) at position 5',
  },
  invalidKey_separator: {
    header: 'user/id=1',
    field: 'member[0].key',
    message: 'key must be an RFC 7230 token; found "/" (U+002F) at position 5',
  },
  invalidKey_nonAscii: {
    header: 'us\u00e9r=1',
    field: 'member[0].key',
    message: 'key must be an RFC 7230 token; found "é" (U+00E9) at position 3',
  },
  invalidValue_space: {
    header: 'serverNode=DF 28',
    field: 'member[0].value',
    message: 'value contains " " (U+0020) at position 3, outside baggage-octet; it must be percent-encoded',
  },
  invalidValue_doubleQuote: {
    header: 'k="v"',
    field: 'member[0].value',
    message: 'value contains "\\"" (U+0022) at position 1, outside baggage-octet; it must be percent-encoded',
  },
  invalidValue_backslash: {
    header: 'k=a\\b',
    field: 'member[0].value',
    message: 'value contains "\\\\" (U+005C) at position 2, outside baggage-octet; it must be percent-encoded',
  },
  invalidValue_nonAscii: {
    header: 'k=\u20ac',
    field: 'member[0].value',
    message: 'value contains "€" (U+20AC) at position 1, outside baggage-octet; it must be percent-encoded',
  },
  invalidValue_percentAtEnd: {
    header: 'k=50%',
    field: 'member[0].value',
    message: 'malformed percent-encoding at position 3: "%" must be followed by two hex digits',
  },
  invalidValue_percentNonHex: {
    header: 'k=%zz',
    field: 'member[0].value',
    message: 'malformed percent-encoding at position 1: "%" must be followed by two hex digits',
  },
  invalidValue_percentOneDigit: {
    header: 'k=%4',
    field: 'member[0].value',
    message: 'malformed percent-encoding at position 1: "%" must be followed by two hex digits',
  },
  invalidProperty_empty: {
    header: 'k=v;;p',
    field: 'member[0].property[0]',
    message: 'empty property (";" with nothing after it); a property needs at least a key',
  },
  invalidProperty_badKey: {
    header: 'k=v;p q',
    field: 'member[0].property[0].key',
    message: 'property key must be an RFC 7230 token; found " " (U+0020) at position 2',
  },
  invalidProperty_badValue: {
    header: 'k=v;p=a b',
    field: 'member[0].property[0].value',
    message: 'value contains " " (U+0020) at position 2, outside baggage-octet; it must be percent-encoded',
  },
};

describe('parseBaggage()', () => {
  describe('rejects invalid vectors', () => {
    for (const [name, { header: text, field, message }] of Object.entries(invalidVectors)) {
      it(`rejects ${name}`, () => {
        const result = parseBaggage(text);
        assert.ok(!result.ok);
        assert.deepEqual(result.errors[0], { field, message });
      });
    }
  });

  it('parses the spec example with properties and OWS', () => {
    assert.deepEqual(parseBaggage('key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue'), {
      ok: true,
      value: {
        members: [
          { key: 'key1', value: 'value1', properties: [{ key: 'property1' }, { key: 'property2' }] },
          { key: 'key2', value: 'value2', properties: [] },
          { key: 'key3', value: 'value3', properties: [{ key: 'propertyKey', value: 'propertyValue' }] },
        ],
      },
      warnings: [],
    });
  });

  it('percent-decodes values as UTF-8', () => {
    const result = parseBaggage('serverNode=DF%2028,euro=%E2%82%AC,lower=%e2%82%ac');
    assert.ok(result.ok);
    assert.deepEqual(result.value.members.map((m) => m.value), ['DF 28', '€', '€']);
  });

  it('decodes invalid UTF-8 to U+FFFD with a warning', () => {
    const result = parseBaggage('k=a%FFb');
    assert.ok(result.ok);
    assert.equal(result.value.members[0]?.value, 'a\ufffdb');
    assert.deepEqual(result.warnings, [
      {
        field: 'member[0].value',
        message: 'percent-encoded bytes are not valid UTF-8; they decode to U+FFFD as the spec requires',
      },
    ]);
  });

  it('allows "=" inside a value', () => {
    const result = parseBaggage('k=a=b==');
    assert.ok(result.ok);
    assert.equal(result.value.members[0]?.value, 'a=b==');
  });

  it('allows an empty value', () => {
    const result = parseBaggage('k=');
    assert.ok(result.ok);
    assert.deepEqual(result.value.members[0], { key: 'k', value: '', properties: [] });
  });

  it('percent-decodes property values like member values', () => {
    const result = parseBaggage('k=v;p=%20x%E2%82%AC');
    assert.ok(result.ok);
    assert.deepEqual(result.value.members[0]?.properties, [{ key: 'p', value: ' x€' }]);
  });

  it('does not decode a property key that looks percent-encoded (W3C test_parse_property_without_value_no_percent_decoding)', () => {
    const result = parseBaggage('SomeKey=SomeValue;ValueProp%20%09%20%3D%20%09%20PropVal');
    assert.ok(result.ok);
    assert.deepEqual(result.value.members[0]?.properties, [{ key: 'ValueProp%20%09%20%3D%20%09%20PropVal' }]);
  });

  it('trims OWS of spaces and tabs around keys, values and properties (W3C test_parse_multiple_ows)', () => {
    const result = parseBaggage(
      'SomeKey \t = \t SomeValue \t ; \t SomeProp \t , \t SomeKey2 \t = \t SomeValue2 \t ; \t ValueProp \t = \t PropVal',
    );
    assert.deepEqual(result, {
      ok: true,
      value: {
        members: [
          { key: 'SomeKey', value: 'SomeValue', properties: [{ key: 'SomeProp' }] },
          { key: 'SomeKey2', value: 'SomeValue2', properties: [{ key: 'ValueProp', value: 'PropVal' }] },
        ],
      },
      warnings: [],
    });
  });

  it('decodes values that encode more than required (W3C test_parse_percent_encoded)', () => {
    const result = parseBaggage('SomeKey=%09%20%22%27%3B%3Dasdf%21%40%23%24%25%5E%26%2A%28%29');
    assert.ok(result.ok);
    assert.equal(result.value.members[0]?.value, '\t "\';=asdf!@#$%^&*()');
  });

  it('keeps duplicate keys in order', () => {
    const result = parseBaggage('k=1,k=2');
    assert.ok(result.ok);
    assert.deepEqual(result.value.members.map((m) => m.value), ['1', '2']);
  });

  it('accepts every tchar in keys', () => {
    assert.equal(parseBaggage("!#$%&'*+-.^_`|~09AZaz=1").ok, true);
  });

  it('accepts exactly 64 members without a warning', () => {
    const result = parseBaggage(header(64));
    assert.ok(result.ok);
    assert.deepEqual(result.warnings, []);
  });

  it('warns, without rejecting, past 64 members', () => {
    const result = parseBaggage(header(65));
    assert.ok(result.ok);
    assert.deepEqual(result.warnings, [
      { field: 'baggage', message: 'baggage has 65 list-members; platforms only MUST propagate 64, so some may be dropped' },
    ]);
  });

  it('accepts exactly 8192 bytes without a warning', () => {
    const text = header(2, 4096);
    assert.equal(text.length, 8193);
    const exact = text.slice(0, 8192);
    assert.deepEqual(parseBaggage(exact).warnings, []);
  });

  it('warns, without rejecting, past 8192 bytes', () => {
    const result = parseBaggage(header(2, 4096));
    assert.ok(result.ok);
    assert.deepEqual(result.warnings, [
      {
        field: 'baggage',
        message: 'baggage is 8193 bytes; platforms only MUST propagate 8192, so some members may be dropped',
      },
    ]);
  });

  it('stays linear on a megabyte of members, decode and OTel JS replay included', () => {
    const started = process.hrtime.bigint();
    const text = 'k=v,'.repeat(250_000).slice(0, -1);
    assert.equal(parseBaggage(text).ok, true);
    assert.equal(decodeBaggage(text).members?.length, 250_000);
    assert.ok(process.hrtime.bigint() - started < 2_000_000_000n);
  });

  it('never throws on a lone surrogate', () => {
    const result = parseBaggage('k=\ud800');
    assert.ok(!result.ok);
    assert.equal(result.errors[0]?.field, 'member[0].value');
  });
});

describe('serializeBaggage()', () => {
  it('percent-encodes exactly what baggage-octet excludes, plus "%"', () => {
    assert.equal(
      serializeBaggage({ members: [{ key: 'k', value: 'a b,%€;"\\=/', properties: [] }] }),
      'k=a%20b%2C%25%E2%82%AC%3B%22%5C=/',
    );
  });

  it('writes properties as ;key and ;key=value, encoding property values', () => {
    assert.equal(
      serializeBaggage({
        members: [{ key: 'k', value: 'v', properties: [{ key: 'p' }, { key: 'q', value: '1' }, { key: 'r', value: 'a,b;c' }] }],
      }),
      'k=v;p;q=1;r=a%2Cb%3Bc',
    );
  });

  it('encodes only what baggage-octet excludes, so it is shorter than the W3C suite but parses the same', () => {
    const value = '\t "\';=asdf!@#$%^&*()';
    const text = serializeBaggage({ members: [{ key: 'SomeKey', value, properties: [] }] });
    assert.equal(text, "SomeKey=%09%20%22'%3B=asdf!@#$%25^&*()");
    const result = parseBaggage(text);
    assert.ok(result.ok);
    assert.equal(result.value.members[0]?.value, value);
  });

  it('serializes no members to the empty string', () => {
    assert.equal(serializeBaggage({ members: [] }), '');
  });

  it('round-trips the spec example', () => {
    const result = parseBaggage('userId=alice,serverNode=DF%2028,isProduction=false');
    assert.ok(result.ok);
    assert.equal(serializeBaggage(result.value), 'userId=alice,serverNode=DF%2028,isProduction=false');
  });

  const contractBreaches: Record<string, [Baggage, string]> = {
    keyWithSpace: [{ members: [{ key: 'a b', value: '1', properties: [] }] }, 'member[0].key: key must be an RFC 7230 token'],
    loneSurrogate: [
      { members: [{ key: 'k', value: '\udc00', properties: [] }] },
      'member[0].value must be a well-formed string',
    ],
    loneSurrogateInPropertyValue: [
      { members: [{ key: 'k', value: 'v', properties: [{ key: 'p', value: '\ud800' }] }] },
      'member[0].property[0].value must be a well-formed string',
    ],
  };
  for (const [name, [input, message]] of Object.entries(contractBreaches)) {
    it(`throws TypeError on ${name}`, () => {
      assert.throws(
        () => serializeBaggage(input),
        (error: unknown) => error instanceof TypeError && error.message.startsWith(message),
      );
    });
  }
});

describe('measureBaggage()', () => {
  it('measures UTF-8 bytes and members of a header string', () => {
    assert.deepEqual(measureBaggage('a=%E2%82%AC, b=2'), {
      bytes: 16,
      members: 2,
      overSpecMembers: false,
      overSpecBytes: false,
      otelJsDropped: [],
    });
  });

  it('flags more than 64 members and more than 8192 bytes as over the spec', () => {
    const size = measureBaggage(baggageOf(65, 200));
    assert.equal(size.members, 65);
    assert.equal(size.overSpecMembers, true);
    assert.equal(size.overSpecBytes, true);
  });

  describe('on inject (a Baggage), mirrors OpenTelemetry JS', () => {
    it('keeps a pair of exactly 4096 characters', () => {
      assert.deepEqual(measureBaggage(baggageOf(1, 4096 - 3)).otelJsDropped, []);
    });

    it('drops a pair over 4096 characters', () => {
      assert.deepEqual(measureBaggage(baggageOf(1, 4096 - 2)).otelJsDropped, [{ key: 'k0', reason: 'member-over-4096-bytes' }]);
    });

    it('counts the 4096 after encodeURIComponent', () => {
      // 1024 "é" are only 2048 UTF-8 bytes, but encodeURIComponent makes them 6144 characters.
      const size = measureBaggage({ members: [{ key: 'k', value: '\u00e9'.repeat(1024), properties: [] }] });
      assert.deepEqual(size.otelJsDropped, [{ key: 'k', reason: 'member-over-4096-bytes' }]);
    });

    it('keeps 180 members and drops the 181st', () => {
      assert.deepEqual(measureBaggage(baggageOf(180)).otelJsDropped, []);
      assert.deepEqual(measureBaggage(baggageOf(181)).otelJsDropped, [{ key: 'k180', reason: 'beyond-180-members' }]);
    });

    it('skips a pair that would pass 8192 characters but keeps a later one that fits', () => {
      const b: Baggage = {
        members: [
          { key: 'a', value: 'v'.repeat(4094), properties: [] },
          { key: 'b', value: 'v'.repeat(4094), properties: [] },
          { key: 'c', value: 'v'.repeat(4000), properties: [] },
          { key: 'd', value: 'v', properties: [] },
        ],
      };
      assert.deepEqual(measureBaggage(b).otelJsDropped, [{ key: 'b', reason: 'total-over-8192-bytes' }]);
      const fits: Baggage = {
        members: [
          { key: 'a', value: 'v'.repeat(4094), properties: [] },
          { key: 'b', value: 'v'.repeat(4000), properties: [] },
          { key: 'c', value: 'v'.repeat(200), properties: [] },
          { key: 'd', value: 'v', properties: [] },
        ],
      };
      assert.deepEqual(measureBaggage(fits).otelJsDropped, [{ key: 'c', reason: 'total-over-8192-bytes' }]);
    });
  });

  describe('on extract (a header string), mirrors OpenTelemetry JS', () => {
    it('skips a member over 4096 characters and keeps the rest', () => {
      assert.deepEqual(measureBaggage(`big=${'v'.repeat(4093)},small=1`).otelJsDropped, [
        { key: 'big', reason: 'member-over-4096-bytes' },
      ]);
    });

    it('keeps a member of exactly 4096 characters', () => {
      assert.deepEqual(measureBaggage(`big=${'v'.repeat(4092)}`).otelJsDropped, []);
    });

    it('stops after 180 members', () => {
      const dropped = measureBaggage(header(182, 6)).otelJsDropped;
      assert.deepEqual(dropped, [
        { key: 'k180', reason: 'beyond-180-members' },
        { key: 'k181', reason: 'beyond-180-members' },
      ]);
    });

    it('stops at the first member that would pass 8192 characters, even if later ones fit', () => {
      const text = `${header(2, 4096)},c=1`;
      assert.deepEqual(measureBaggage(text).otelJsDropped, [
        { key: 'k1', reason: 'total-over-8192-bytes' },
        { key: 'c', reason: 'total-over-8192-bytes' },
      ]);
    });
  });
});

describe('decodeBaggage()', () => {
  it('maps members with bytes and properties', () => {
    assert.deepEqual(decodeBaggage('userId=alice, serverNode=DF%2028;p;q=1'), {
      format: 'baggage',
      valid: true,
      errors: [],
      warnings: [],
      members: [
        { key: 'userId', value: 'alice', bytes: 12, properties: [] },
        { key: 'serverNode', value: 'DF 28', bytes: 24, properties: [{ key: 'p' }, { key: 'q', value: '1' }] },
      ],
      bytes: 38,
    });
  });

  it('reports OpenTelemetry JS drops as warnings, not errors', () => {
    const decoded = decodeBaggage(`big=${'v'.repeat(4093)},small=1`);
    assert.equal(decoded.valid, true);
    assert.deepEqual(decoded.warnings, [
      {
        field: 'member[0]',
        message:
          'OpenTelemetry JS silently drops "big" when it extracts this header: the member is 4097 characters, over its 4096 per member',
      },
    ]);
  });

  it('reports the members lost past 180 in one warning on the first of them', () => {
    const decoded = decodeBaggage(header(183, 6));
    assert.equal(decoded.valid, true);
    assert.deepEqual(decoded.warnings[1], {
      field: 'member[180]',
      message:
        'OpenTelemetry JS silently drops "k180" and the 2 members after it when it extracts this header: it keeps only the first 180 members',
    });
  });

  it('reports the member that passes 8192 characters by name', () => {
    const decoded = decodeBaggage(`a=${'v'.repeat(4094)},b=${'v'.repeat(4094)}`);
    assert.deepEqual(decoded.warnings.at(-1), {
      field: 'member[1]',
      message:
        'OpenTelemetry JS silently drops "b" when it extracts this header: it stops once the header would exceed 8192 characters',
    });
  });

  it('reports spec limits as warnings, not errors', () => {
    const decoded = decodeBaggage(header(65));
    assert.equal(decoded.valid, true);
    assert.deepEqual(decoded.warnings.map((w) => w.field), ['baggage']);
  });

  it('omits members when invalid but keeps the size', () => {
    assert.deepEqual(decodeBaggage('a b=1'), {
      format: 'baggage',
      valid: false,
      errors: [{ field: 'member[0].key', message: 'key must be an RFC 7230 token; found " " (U+0020) at position 2' }],
      warnings: [],
      bytes: 5,
    });
  });
});
