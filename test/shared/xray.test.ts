import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { ParseResult } from '../../shared/src/result';
import { decodeXRay, parseXRay, serializeXRay } from '../../shared/src/xray';

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const PARENT = '53995c3f42cd8ad8';
const EXAMPLE = `Root=${ROOT};Parent=${PARENT};Sampled=1`;

function value<T>(result: ParseResult<T>): T {
  assert.ok(result.ok, `expected success, got ${JSON.stringify(result)}`);
  return result.value;
}

function errorFields<T>(result: ParseResult<T>): string[] {
  assert.ok(!result.ok, 'expected a rejection');
  return result.errors.map((e) => e.field);
}

describe('parseXRay()', () => {
  it('reads the AWS documentation example', () => {
    assert.deepEqual(parseXRay(EXAMPLE), {
      ok: true,
      value: {
        root: ROOT,
        traceId: '5759e988bd862e3fe1be46a994272793',
        epochSeconds: 0x5759e988,
        time: '2016-06-09T22:11:20.000Z',
        parent: PARENT,
        sampled: true,
        extraFields: [],
      },
      warnings: [],
    });
  });
  it('reads Sampled=0 as not sampled', () => {
    assert.equal(value(parseXRay(`Root=${ROOT};Sampled=0`)).sampled, false);
  });
  it('reads Sampled=? as a deferred decision', () => {
    assert.equal(value(parseXRay(`Root=${ROOT};Parent=${PARENT};Sampled=?`)).sampled, null);
  });
  it('reads a missing Sampled as a deferred decision', () => {
    assert.equal(value(parseXRay(`Root=${ROOT};Parent=${PARENT}`)).sampled, null);
  });
  it('accepts a header without Parent, as the first hop sends it', () => {
    assert.equal('parent' in value(parseXRay(`Root=${ROOT};Sampled=1`)), false);
  });
  it('accepts a bare trace id', () => {
    assert.deepEqual(value(parseXRay(ROOT)), {
      root: ROOT,
      traceId: '5759e988bd862e3fe1be46a994272793',
      epochSeconds: 0x5759e988,
      time: '2016-06-09T22:11:20.000Z',
      sampled: null,
      extraFields: [],
    });
  });
  it('tolerates spaces around fields and a trailing semicolon', () => {
    assert.equal(value(parseXRay(` Root=${ROOT} ; Parent = ${PARENT} ;Sampled=1; `)).parent, PARENT);
  });
  it('keeps Self apart from the other fields', () => {
    const x = value(parseXRay(`Self=1-67891234-12456789abcdef012345678;Root=${ROOT};Sampled=1`));
    assert.equal(x.self, '1-67891234-12456789abcdef012345678');
    assert.deepEqual(x.extraFields, []);
  });
  it('keeps other fields in order, Lineage included', () => {
    const x = value(parseXRay(`Root=${ROOT};Parent=${PARENT};Sampled=1;Lineage=a87bd80c:1|68fd508a:5;CalledFrom=api`));
    assert.deepEqual(x.extraFields, [
      { key: 'Lineage', value: 'a87bd80c:1|68fd508a:5' },
      { key: 'CalledFrom', value: 'api' },
    ]);
    assert.equal(x.lineage, 'a87bd80c:1|68fd508a:5');
  });
  it('uses the last value of a repeated key, with a warning', () => {
    const result = parseXRay(`Root=${ROOT};Sampled=0;Sampled=1`);
    assert.ok(result.ok);
    assert.equal(result.value.sampled, true);
    assert.deepEqual(result.warnings.map((w) => w.field), ['Sampled']);
  });
  it('ignores a field without = with a warning', () => {
    const result = parseXRay(`Root=${ROOT};garbage`);
    assert.ok(result.ok);
    assert.deepEqual(result.warnings.map((w) => w.field), ['X-Amzn-Trace-Id']);
  });
  it('lower-cases an uppercase Root in traceId with a warning', () => {
    const result = parseXRay(`Root=${ROOT.toUpperCase()}`);
    assert.ok(result.ok);
    assert.equal(result.value.traceId, '5759e988bd862e3fe1be46a994272793');
    assert.equal(result.value.root, ROOT.toUpperCase());
    assert.deepEqual(result.warnings.map((w) => w.field), ['Root']);
  });
  it('lower-cases an uppercase Parent with a warning', () => {
    const result = parseXRay(`Root=${ROOT};Parent=${PARENT.toUpperCase()}`);
    assert.ok(result.ok);
    assert.equal(result.value.parent, PARENT);
    assert.deepEqual(result.warnings.map((w) => w.field), ['Parent']);
  });
  it('converts epoch zero to the Unix epoch', () => {
    assert.equal(value(parseXRay('1-00000000-bd862e3fe1be46a994272793')).time, '1970-01-01T00:00:00.000Z');
  });

  const invalid: Record<string, [string, string[]]> = {
    empty: ['', ['Root']],
    missingRoot: [`Parent=${PARENT};Sampled=1`, ['Root']],
    lowercaseRootKey: [`root=${ROOT}`, ['Root']],
    versionTwo: [`Root=2${ROOT.slice(1)}`, ['Root']],
    epochSevenDigits: ['Root=1-759e988-bd862e3fe1be46a9942727930', ['Root']],
    randomTooShort: [`Root=${ROOT.slice(0, -1)}`, ['Root']],
    randomTooLong: [`Root=${ROOT}0`, ['Root']],
    randomNotHex: [`Root=${ROOT.slice(0, -1)}g`, ['Root']],
    allZeros: ['Root=1-00000000-000000000000000000000000', ['Root']],
    bareIdWrongVersion: ['2-5759e988-bd862e3fe1be46a994272793', ['Root']],
    parentTooShort: [`Root=${ROOT};Parent=${PARENT.slice(1)}`, ['Parent']],
    parentAllZeros: [`Root=${ROOT};Parent=${'0'.repeat(16)}`, ['Parent']],
    parentNotHex: [`Root=${ROOT};Parent=${PARENT.slice(1)}x`, ['Parent']],
    sampledTrue: [`Root=${ROOT};Sampled=true`, ['Sampled']],
    sampledEmpty: [`Root=${ROOT};Sampled=`, ['Sampled']],
    everythingWrong: ['Root=1-x;Parent=0;Sampled=2', ['Root', 'Parent', 'Sampled']],
  };
  for (const [name, [text, fields]] of Object.entries(invalid)) {
    it(`rejects ${name}`, () => {
      assert.deepEqual(errorFields(parseXRay(text)), fields, name);
    });
  }

  it('points at a lowercase root key', () => {
    const result = parseXRay(`root=${ROOT}`);
    assert.ok(!result.ok);
    assert.equal(result.errors[0]?.message, 'The Root field is missing; found "root", but X-Ray field names are case-sensitive: write Root.');
  });
  it('names the bad version', () => {
    const result = parseXRay(`Root=2${ROOT.slice(1)}`);
    assert.ok(!result.ok);
    assert.equal(result.errors[0]?.message, 'Root "2-5759e988-bd862e3fe1be46a994272793" has version "2"; the only X-Ray trace id version is 1.');
  });
  it('does not throw on a huge value of semicolons', () => {
    assert.equal(parseXRay(';'.repeat(1_000_000)).ok, false);
  });
});

describe('serializeXRay()', () => {
  it('round-trips the AWS example', () => {
    assert.equal(serializeXRay(value(parseXRay(EXAMPLE))), EXAMPLE);
  });
  it('leaves Sampled out when the decision is deferred', () => {
    assert.equal(serializeXRay(value(parseXRay(`Root=${ROOT};Sampled=?`))), `Root=${ROOT}`);
  });
  it('writes Self and extra fields after Root, Parent and Sampled', () => {
    assert.equal(serializeXRay(value(parseXRay(`Foo=bar;Self=s;Sampled=0;Root=${ROOT}`))), `Root=${ROOT};Sampled=0;Self=s;Foo=bar`);
  });
});

describe('decodeXRay()', () => {
  it('maps Root to a 32-hex trace id and Parent to the span id', () => {
    assert.deepEqual(decodeXRay(`${EXAMPLE};Self=s;Lineage=a:1`), {
      format: 'xray',
      valid: true,
      errors: [],
      warnings: [],
      traceId: '5759e988bd862e3fe1be46a994272793',
      spanId: PARENT,
      sampled: true,
      time: '2016-06-09T22:11:20.000Z',
      extraFields: [{ key: 'Lineage', value: 'a:1' }],
      self: 's',
    });
  });
  it('reports an invalid value with its errors', () => {
    const decoded = decodeXRay('Parent=x');
    assert.equal(decoded.valid, false);
    assert.deepEqual(decoded.errors.map((e) => e.field), ['Root', 'Parent']);
  });
});
