import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'mocha';
import { decodeBaggage, measureBaggage, parseBaggage, serializeBaggage, type Baggage } from '../../shared/src/baggage';
import {
  decodeTraceContext,
  decodeTraceparent,
  parseTraceparent,
  serializeTraceparent,
  type Traceparent,
} from '../../shared/src/traceparent';
import { decodeTracestate, parseTracestate, serializeTracestate, type Tracestate } from '../../shared/src/tracestate';

// A fixed seed keeps failures reproducible; fast-check prints the seed and path of any counterexample.
const SEED = 20_261_121;
const RUNS = 300;

/** The characters of an ASCII alphabet, one by one. */
function charsOf(ascii: string): string[] {
  return Array.from({ length: ascii.length }, (_, i) => ascii.charAt(i));
}

const lowerHex = (length: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...charsOf('0123456789abcdef')), minLength: length, maxLength: length });
const nonZeroHex = (length: number): fc.Arbitrary<string> => lowerHex(length).filter((s) => /[^0]/.test(s));

const traceparentArb: fc.Arbitrary<Traceparent> = fc
  .record({
    version: lowerHex(2).filter((v) => v !== 'ff'),
    traceId: nonZeroHex(32),
    spanId: nonZeroHex(16),
    flags: fc.integer({ min: 0, max: 255 }),
  }, { noNullPrototype: true })
  .map((tp) => ({ ...tp, sampled: (tp.flags & 1) === 1, randomTraceId: (tp.flags & 2) === 2 }));

const KEY_FIRST = 'abcdefghijklmnopqrstuvwxyz0123456789';
const KEY_REST = `${KEY_FIRST}_-*/@`;
const tracestateKeyArb = fc
  .tuple(fc.constantFrom(...charsOf(KEY_FIRST)), fc.string({ unit: fc.constantFrom(...charsOf(KEY_REST)), maxLength: 255 }))
  .map(([first, rest]) => first + rest);

const VALUE_CHARS = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).filter(
  (c) => c !== ',' && c !== '=',
);
const tracestateValueArb = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...VALUE_CHARS), maxLength: 255 }),
    fc.constantFrom(...VALUE_CHARS.filter((c) => c !== ' ')),
  )
  .map(([body, last]) => body + last);

const tracestateArb: fc.Arbitrary<Tracestate> = fc
  .uniqueArray(fc.record({ key: tracestateKeyArb, value: tracestateValueArb }, { noNullPrototype: true }), {
    maxLength: 32,
    selector: (m) => m.key,
  })
  .map((members) => ({ members }));

const TCHARS = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const tokenArb = fc.string({ unit: fc.constantFrom(...charsOf(TCHARS)), minLength: 1, maxLength: 20 });
const BAGGAGE_OCTETS = Array.from({ length: 0x7f - 0x21 }, (_, i) => String.fromCharCode(0x21 + i)).filter(
  (c) => !'",;\\%'.includes(c),
);
const propertyValueArb = fc.oneof(
  fc.string({ unit: fc.constantFrom(...BAGGAGE_OCTETS), maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const baggageArb: fc.Arbitrary<Baggage> = fc
  .array(
    fc.record({
      key: tokenArb,
      value: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: 'binary-ascii', maxLength: 30 })),
      properties: fc.array(
        fc.oneof(
          tokenArb.map((key) => ({ key })),
          fc.record({ key: tokenArb, value: propertyValueArb }, { noNullPrototype: true }),
        ),
        { maxLength: 3 },
      ),
    }, { noNullPrototype: true }),
    { minLength: 1, maxLength: 20 },
  )
  .map((members) => ({ members }));

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
/** Anything a header could hold, and worse: binary, control characters, lone surrogates. */
const hostileString = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'binary-ascii' }),
  fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 4 }), loneSurrogate, fc.constantFrom(',', ';', '=', '-', '%', ' ', '\t'))).map((parts) => parts.join('')),
);

/** A valid header with one character replaced, inserted or deleted: the near misses real bugs produce. */
function mutated(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(valid, fc.nat(), fc.constantFrom('replace', 'insert', 'delete'), fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }))
    .map(([text, at, op, c]) => {
      const i = text.length === 0 ? 0 : at % text.length;
      if (op === 'replace') return text.slice(0, i) + c + text.slice(i + 1);
      if (op === 'insert') return text.slice(0, i) + c + text.slice(i);
      return text.slice(0, i) + text.slice(i + 1);
    });
}

const params = { seed: SEED, numRuns: RUNS };

describe('W3C codecs: properties', () => {
  describe('round trips', () => {
    it('parseTraceparent(serializeTraceparent(tp)) gives tp back', () => {
      fc.assert(
        fc.property(traceparentArb, (tp) => {
          const result = parseTraceparent(serializeTraceparent(tp));
          assert.ok(result.ok);
          assert.deepEqual(result.value, tp);
        }),
        params,
      );
    });

    it('parseTracestate(serializeTracestate(ts)) gives ts back', () => {
      fc.assert(
        fc.property(tracestateArb, (ts) => {
          const result = parseTracestate(serializeTracestate(ts));
          assert.ok(result.ok);
          assert.deepEqual(result.value, ts);
        }),
        params,
      );
    });

    it('parseBaggage(serializeBaggage(b)) gives b back', () => {
      fc.assert(
        fc.property(baggageArb, (b) => {
          const result = parseBaggage(serializeBaggage(b));
          assert.ok(result.ok);
          assert.deepEqual(result.value, b);
        }),
        params,
      );
    });

    it('every accepted traceparent re-serializes to an equal value', () => {
      fc.assert(
        fc.property(mutated(traceparentArb.map(serializeTraceparent)), (text) => {
          const first = parseTraceparent(text);
          if (!first.ok) return;
          const again = parseTraceparent(serializeTraceparent(first.value));
          assert.ok(again.ok);
          assert.deepEqual(again.value, first.value);
        }),
        params,
      );
    });

    it('every accepted tracestate re-serializes to an equal value', () => {
      fc.assert(
        fc.property(mutated(tracestateArb.map(serializeTracestate)), (text) => {
          const first = parseTracestate(text);
          if (!first.ok) return;
          const again = parseTracestate(serializeTracestate(first.value));
          assert.ok(again.ok);
          assert.deepEqual(again.value, first.value);
        }),
        params,
      );
    });

    it('every accepted baggage re-serializes to an equal value', () => {
      fc.assert(
        fc.property(mutated(baggageArb.map(serializeBaggage)), (text) => {
          const first = parseBaggage(text);
          if (!first.ok) return;
          const again = parseBaggage(serializeBaggage(first.value));
          assert.ok(again.ok);
          assert.deepEqual(again.value, first.value);
        }),
        params,
      );
    });
  });

  describe('parsers never throw', () => {
    it('on arbitrary strings, including binary and lone surrogates', () => {
      fc.assert(
        fc.property(hostileString, hostileString, (a, b) => {
          for (const result of [parseTraceparent(a), parseTracestate(a), parseBaggage(a)]) {
            assert.equal(typeof result.ok, 'boolean');
            if (!result.ok) assert.ok(result.errors.length > 0);
          }
          decodeTraceparent(a);
          decodeTracestate(a);
          decodeBaggage(a);
          decodeTraceContext(a, b);
          measureBaggage(a);
        }),
        { seed: SEED, numRuns: 1000 },
      );
    });

    it('on near-miss mutations of valid headers', () => {
      fc.assert(
        fc.property(
          mutated(traceparentArb.map(serializeTraceparent)),
          mutated(tracestateArb.map(serializeTracestate)),
          mutated(baggageArb.map(serializeBaggage)),
          (tp, ts, bg) => {
            decodeTraceContext(tp, ts);
            decodeBaggage(bg);
          },
        ),
        params,
      );
    });
  });

  describe('decoders agree with parsers', () => {
    it('decodeX(text).valid equals parseX(text).ok', () => {
      fc.assert(
        fc.property(fc.oneof(hostileString, mutated(baggageArb.map(serializeBaggage))), (text) => {
          assert.equal(decodeTraceparent(text).valid, parseTraceparent(text).ok);
          assert.equal(decodeTracestate(text).valid, parseTracestate(text).ok);
          assert.equal(decodeBaggage(text).valid, parseBaggage(text).ok);
        }),
        params,
      );
    });
  });
});
