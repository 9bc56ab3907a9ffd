/**
 * Differential tests: OpenTelemetry JS (@opentelemetry/core 2.12.1 with @opentelemetry/api 1.9.1) is the oracle.
 * On generated and mutated headers both must agree on accept/reject and on ids/flags/members, except where
 * OpenTelemetry JS deviates from the specification. Every such deviation is a named test below that asserts both
 * behaviours, and the random agreement properties exclude exactly those classes (each exclusion says why).
 */
import assert from 'node:assert/strict';
import {
  ROOT_CONTEXT,
  TraceFlags,
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  trace,
  type Context,
  type SpanContext,
} from '@opentelemetry/api';
import { TraceState, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import fc from 'fast-check';
import { describe, it } from 'mocha';
import { measureBaggage, parseBaggage, serializeBaggage, type Baggage } from '../../shared/src/baggage';
import { parseTraceContext, parseTraceparent, serializeTraceparent } from '../../shared/src/traceparent';
import { parseTracestate, serializeTracestate } from '../../shared/src/tracestate';

const SEED = 424_242;
const RUNS = 2000;
const params = { seed: SEED, numRuns: RUNS };

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';

const traceContextPropagator = new W3CTraceContextPropagator();
const baggagePropagator = new W3CBaggagePropagator();

function otelExtractSpanContext(traceparent: string, tracestate?: string): SpanContext | undefined {
  const carrier: Record<string, string> = { traceparent };
  if (tracestate !== undefined) carrier.tracestate = tracestate;
  return trace.getSpanContext(traceContextPropagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter));
}

function otelInjectTraceparent(spanContext: SpanContext): string | undefined {
  const carrier: Record<string, string> = {};
  traceContextPropagator.inject(trace.setSpanContext(ROOT_CONTEXT, spanContext), carrier, defaultTextMapSetter);
  return carrier.traceparent;
}

/** The members OpenTelemetry JS keeps from a tracestate, in order. */
function otelTracestate(text: string): string {
  return new TraceState(text).serialize();
}

/** What OpenTelemetry JS extracts from a baggage header: key → value and raw metadata. */
function otelExtractBaggage(text: string): Map<string, { value: string; metadata?: string }> {
  const ctx: Context = baggagePropagator.extract(ROOT_CONTEXT, { baggage: text }, defaultTextMapGetter);
  const entries = propagation.getBaggage(ctx)?.getAllEntries() ?? [];
  return new Map(
    entries.map(([key, entry]) => [
      key,
      entry.metadata === undefined ? { value: entry.value } : { value: entry.value, metadata: entry.metadata.toString() },
    ]),
  );
}

function otelInjectBaggage(b: Baggage): string | undefined {
  const entries: Record<string, { value: string }> = {};
  for (const member of b.members) entries[member.key] = { value: member.value };
  const carrier: Record<string, string> = {};
  baggagePropagator.inject(
    propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage(entries)),
    carrier,
    defaultTextMapSetter,
  );
  return carrier.baggage;
}

// ---------------------------------------------------------------------------------------------------------------
// Generators: valid headers, the common ways they go wrong, and single-character mutations of both.

/** The characters of an ASCII alphabet, one by one. */
function charsOf(ascii: string): string[] {
  return Array.from({ length: ascii.length }, (_, i) => ascii.charAt(i));
}

const hexOf = (alphabet: string, length: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...charsOf(alphabet)), minLength: length, maxLength: length });
const lowerHex = (length: number): fc.Arbitrary<string> => hexOf('0123456789abcdef', length);
const anyIdHex = (length: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: lowerHex(length) },
    { weight: 1, arbitrary: fc.constant('0'.repeat(length)) },
    { weight: 1, arbitrary: hexOf('0123456789abcdefABCDEF', length) },
    { weight: 1, arbitrary: fc.integer({ min: Math.max(0, length - 2), max: length + 2 }).chain((n) => lowerHex(n)) },
  );

const traceparentLike: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof({ weight: 5, arbitrary: fc.constant('00') }, { weight: 2, arbitrary: lowerHex(2) }, { weight: 1, arbitrary: fc.constant('ff') }),
    anyIdHex(32),
    anyIdHex(16),
    fc.oneof({ weight: 5, arbitrary: lowerHex(2) }, { weight: 1, arbitrary: anyIdHex(2) }),
    fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 8 }).map((s) => `-${s}`) }),
    fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(' ', '  ', '\t', ' \t') }),
    fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(' ', '  ', '\t') }),
  )
  .map(([v, t, s, f, rest, lead, trail]) => `${lead}${v}-${t}-${s}-${f}${rest}${trail}`);

/** Replaces, inserts or deletes one character: the near misses that real bugs produce. */
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

const KEY_FIRST = 'abcdefghijklmnopqrstuvwxyz0123456789';
const KEY_REST = `${KEY_FIRST}_-*/@`;
const tracestateKeyLike = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...charsOf('abcdefghijklmnopqrstuvwxyz')), fc.string({ unit: fc.constantFrom(...charsOf(KEY_FIRST)), maxLength: 8 })).map(([a, b]) => a + b) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...charsOf(KEY_FIRST)), fc.string({ unit: fc.constantFrom(...charsOf(KEY_REST)), maxLength: 20 })).map(([a, b]) => a + b) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 6 }) },
);
const tracestateValueLike = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...charsOf('abcXYZ019!~ ')), minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 6 }) },
);
const tracestateLike: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 8, arbitrary: fc.tuple(tracestateKeyLike, tracestateValueLike).map(([k, v]) => `${k}=${v}`) },
      { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t') },
    ),
    { maxLength: 36 },
  )
  .chain((members) => fc.constantFrom(',', ', ', ' ,').map((sep) => members.join(sep)));

const TCHARS = "!#$&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const baggageKeyLike = fc.oneof(
  { weight: 20, arbitrary: fc.string({ unit: fc.constantFrom(...charsOf(TCHARS)), minLength: 1, maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 6 }) },
);
const baggageValueLike = fc.oneof(
  { weight: 20, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map((v) => encodeURIComponent(v)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '%', '%4', '%zz', '%FF', '%C3%A9', 'a=b', 'a%41') },
);
const baggagePropertiesLike = fc.oneof(
  { weight: 8, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.constantFrom(';p', ';p=1', '; p = 1 ;q', ';p=%20;q') },
  { weight: 1, arbitrary: fc.constantFrom(';;', ';', ';p q', ';p=a b') },
);
const baggageLike: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(baggageKeyLike, baggageValueLike, baggagePropertiesLike, fc.constantFrom('=', ' = ', '=')).map(
      ([k, v, p, eq]) => `${k}${eq}${v}${p}`,
    ),
    { minLength: 1, maxLength: 8 },
  )
  .chain((members) => fc.constantFrom(',', ', ').map((sep) => members.join(sep)));

// ---------------------------------------------------------------------------------------------------------------
// Deviation classes, decided on the input alone so the agreement properties can leave them out.

const JS_WHITESPACE = /\s/;
/** String.prototype.trim and `\s` whitespace that is not HTTP OWS (space, tab). */
const NON_OWS_WHITESPACE = /[^\S \t]/;

/** Level 1 key grammar (simple-key / tenant@system), which OpenTelemetry JS still applies. */
function isLevel1Key(key: string): boolean {
  const rest = (s: string): boolean => /^[a-z0-9_\-*/]*$/.test(s);
  const at = key.indexOf('@');
  if (at === -1) return /^[a-z]/.test(key) && key.length <= 256 && rest(key);
  const tenant = key.slice(0, at);
  const system = key.slice(at + 1);
  return (
    /^[a-z0-9]/.test(tenant) && tenant.length <= 241 && rest(tenant) && /^[a-z]/.test(system) && system.length <= 14 && rest(system)
  );
}

/** Guards against an agreement property that exclusions or a skewed generator have emptied of meaning. */
function assertNotVacuous(seen: { accepted: number; rejected: number }): void {
  assert.ok(seen.accepted >= RUNS / 10, `only ${seen.accepted} accepted inputs were compared`);
  assert.ok(seen.rejected >= RUNS / 10, `only ${seen.rejected} rejected inputs were compared`);
}

describe('W3C codecs vs OpenTelemetry JS', () => {
  describe('traceparent', () => {
    it('agrees on accept/reject, ids and flags for generated and mutated headers', () => {
      const seen = { accepted: 0, rejected: 0 };
      fc.assert(
        fc.property(fc.oneof(traceparentLike, mutated(traceparentLike)), (text) => {
          // Deviation otelJsWhitespace: OTel's regex allows at most one `\s` character at each end (any kind,
          // including newline and NBSP) where HTTP trims any run of space/tab. Inputs with whitespace at either end
          // are covered by the named tests instead.
          if (text.length > 0 && (JS_WHITESPACE.test(text.charAt(0)) || JS_WHITESPACE.test(text.charAt(text.length - 1)))) return;
          // Deviation otelJsFutureVersionLineTerminator: OTel's `(-.*)?` cannot match a line terminator in the
          // fields a newer version appends, which the spec says must not be examined.
          if (/[\n\r\u2028\u2029]/.test(text)) return;

          const ours = parseTraceparent(text);
          const theirs = otelExtractSpanContext(text);
          assert.equal(ours.ok, theirs !== undefined, `accept/reject differs for ${JSON.stringify(text)}`);
          seen[ours.ok ? 'accepted' : 'rejected']++;
          if (ours.ok && theirs !== undefined) {
            assert.equal(theirs.traceId, ours.value.traceId);
            assert.equal(theirs.spanId, ours.value.spanId);
            assert.equal(theirs.traceFlags, ours.value.flags);
          }
        }),
        params,
      );
      assertNotVacuous(seen);
    });

    it('agrees with what OTel JS injects for flags below 0x10', () => {
      fc.assert(
        fc.property(lowerHex(32).filter((t) => /[^0]/.test(t)), lowerHex(16).filter((s) => /[^0]/.test(s)), fc.integer({ min: 0, max: 0x0f }), (traceId, spanId, flags) => {
          const injected = otelInjectTraceparent({ traceId, spanId, traceFlags: flags });
          assert.equal(injected, serializeTraceparent({ traceId, spanId, flags }));
        }),
        { seed: SEED, numRuns: 200 },
      );
    });

    it('agrees that tracestate is ignored when traceparent is invalid', () => {
      const theirs = otelExtractSpanContext(`00-${'0'.repeat(32)}-${SPAN_ID}-01`, 'rojo=1');
      const ours = parseTraceContext(`00-${'0'.repeat(32)}-${SPAN_ID}-01`, 'rojo=1');
      assert.equal(theirs, undefined);
      assert.equal(ours.tracestate, undefined);
    });

    describe('named deviations', () => {
      it('otelJsInjectFlagsThreeChars: OTel JS injects "0" + hex, so flags >= 0x10 become three characters', () => {
        const injected = otelInjectTraceparent({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 0x11 });
        assert.equal(injected, `00-${TRACE_ID}-${SPAN_ID}-011`);
        // The spec (and our parser) reject that value; our serializer writes two digits.
        const ours = parseTraceparent(injected);
        assert.ok(!ours.ok);
        assert.deepEqual(ours.errors[0], { field: 'trace-flags', message: 'trace-flags must be 2 lowercase hex characters; got 3' });
        assert.equal(serializeTraceparent({ traceId: TRACE_ID, spanId: SPAN_ID, flags: 0x11 }), `00-${TRACE_ID}-${SPAN_ID}-11`);
      });

      it('otelJsInjectFlagsThreeChars: even its own extract rejects what it injected', () => {
        const injected = otelInjectTraceparent({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 0xff });
        assert.equal(injected, `00-${TRACE_ID}-${SPAN_ID}-0ff`);
        assert.equal(otelExtractSpanContext(injected), undefined);
      });

      it('otelJsInjectFlagsThreeChars: flags below 0x10 are two characters as required', () => {
        assert.equal(otelInjectTraceparent({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED }), `00-${TRACE_ID}-${SPAN_ID}-01`);
      });

      it('otelJsWhitespace: OTel JS rejects two spaces of OWS that HTTP trims; we accept', () => {
        const text = `  00-${TRACE_ID}-${SPAN_ID}-01  `;
        assert.equal(otelExtractSpanContext(text), undefined);
        assert.equal(parseTraceparent(text).ok, true);
      });

      it('otelJsWhitespace: OTel JS accepts one trailing newline, which is not OWS; we reject', () => {
        const text = `00-${TRACE_ID}-${SPAN_ID}-01\n`;
        assert.equal(otelExtractSpanContext(text)?.traceId, TRACE_ID);
        assert.equal(parseTraceparent(text).ok, false);
      });

      it('otelJsWhitespace: OTel JS accepts a leading no-break space, which is not OWS; we reject', () => {
        const text = `\u00a000-${TRACE_ID}-${SPAN_ID}-01`;
        assert.equal(otelExtractSpanContext(text)?.spanId, SPAN_ID);
        assert.equal(parseTraceparent(text).ok, false);
      });

      it('otelJsFutureVersionLineTerminator: OTel JS rejects a newer version whose extra fields hold a newline; we accept', () => {
        const text = `01-${TRACE_ID}-${SPAN_ID}-01-future\nfield`;
        assert.equal(otelExtractSpanContext(text), undefined);
        const ours = parseTraceparent(text);
        assert.ok(ours.ok);
        assert.equal(ours.value.traceId, TRACE_ID);
      });
    });
  });

  describe('tracestate', () => {
    it('agrees on accept/reject and members for generated and mutated headers', () => {
      const seen = { accepted: 0, rejected: 0 };
      fc.assert(
        fc.property(fc.oneof(tracestateLike, mutated(tracestateLike)), (text) => {
          // Deviation otelJsTrimsNonOws: OTel trims list-members with String.prototype.trim, so newlines, NBSP
          // and the like around a member are dropped instead of making it invalid.
          if (NON_OWS_WHITESPACE.test(text)) return;
          const raw = text.split(',').map((m) => m.replace(/^[ \t]+|[ \t]+$/g, '')).filter((m) => m.length > 0);
          // Deviation otelJsLevel1Keys: OTel validates keys with the Level 1 grammar; Level 2 keys it does not
          // know (leading digit without "@", several "@", long or digit-led system ids) are dropped.
          if (raw.some((m) => { const key = m.slice(0, Math.max(0, m.indexOf('='))); return m.includes('=') && /^[a-z0-9][a-z0-9_\-*/@]{0,255}$/.test(key) && !isLevel1Key(key); })) return;
          // Deviation otelJs512Limit: OTel keeps at most 512 characters and drops later members, where the spec
          // only says vendors SHOULD propagate at least 512.
          if (raw.reduce((sum, m) => sum + m.length, 0) + Math.max(0, raw.length - 1) > 512) return;

          const ours = parseTracestate(text);
          const theirs = otelTracestate(text);
          const keptAll = theirs === raw.join(',');
          assert.equal(ours.ok, keptAll, `accept/reject differs for ${JSON.stringify(text)}: OTel kept ${JSON.stringify(theirs)}`);
          seen[ours.ok ? 'accepted' : 'rejected']++;
          if (ours.ok) assert.equal(theirs, serializeTracestate(ours.value));
        }),
        params,
      );
      assertNotVacuous(seen);
    });

    describe('named deviations', () => {
      it('otelJsLevel1Keys: OTel JS drops a Level 2 key that starts with a digit; we accept it', () => {
        assert.equal(otelTracestate('1vendor=x,rojo=1'), 'rojo=1');
        assert.equal(parseTracestate('1vendor=x,rojo=1').ok, true);
      });

      it('otelJsLevel1Keys: OTel JS drops a Level 2 key with two "@"; we accept it', () => {
        assert.equal(otelTracestate('a@b@c=x'), '');
        assert.equal(parseTracestate('a@b@c=x').ok, true);
      });

      it('otelJsLevel1Keys: OTel JS drops a Level 2 key whose part after "@" is over 14 characters; we accept it', () => {
        assert.equal(otelTracestate('t@abcdefghijklmno=x'), '');
        assert.equal(parseTracestate('t@abcdefghijklmno=x').ok, true);
      });

      it('otelJsLevel1Keys: both accept a Level 1 multi-tenant key', () => {
        assert.equal(otelTracestate('0t@vendor=x'), '0t@vendor=x');
        assert.equal(parseTracestate('0t@vendor=x').ok, true);
      });

      it('otelJs512Limit: OTel JS drops members past 512 characters; we keep them and warn', () => {
        const members = Array.from({ length: 5 }, (_, i) => `k${i}=${'v'.repeat(120)}`);
        const text = members.join(',');
        assert.equal(otelTracestate(text), members.slice(0, 4).join(','));
        const ours = parseTracestate(text);
        assert.ok(ours.ok);
        assert.equal(ours.value.members.length, 5);
        assert.equal(ours.warnings.some((w) => w.field === 'tracestate'), true);
      });

      it('otelJsTrimsNonOws: OTel JS keeps a member wrapped in newlines; we reject it', () => {
        assert.equal(otelTracestate('\nrojo=1\n'), 'rojo=1');
        assert.equal(parseTracestate('\nrojo=1\n').ok, false);
      });

      it('otelJsDropsInsteadOfRejecting: OTel JS keeps the valid members of an invalid list; we reject the list', () => {
        assert.equal(otelTracestate('rojo=1,Bad=2'), 'rojo=1');
        assert.equal(parseTracestate('rojo=1,Bad=2').ok, false);
      });
    });
  });

  describe('baggage', () => {
    it('whatever we accept, OTel JS extracts with the same keys, values and properties', () => {
      const seen = { accepted: 0, rejected: 0 };
      fc.assert(
        fc.property(fc.oneof(baggageLike, mutated(baggageLike)), (text) => {
          const ours = parseBaggage(text);
          // OTel JS does not validate baggage syntax at all (key tokens, value octets, empty members): it is
          // lenient, not stricter, so only this direction is a property; the leniency is pinned by named tests.
          if (!ours.ok) {
            seen.rejected++;
            return;
          }
          // Deviation otelJsDropsEmptyValue: the grammar allows `key=`; OTel JS drops the member.
          if (ours.value.members.some((m) => m.value === '')) return;
          // Deviation otelJsDecodesKeys: OTel JS percent-decodes keys, which are plain tokens in the spec.
          if (ours.value.members.some((m) => m.key.includes('%'))) return;
          // Deviation otelJsDropsInvalidUtf8: decodeURIComponent throws where the spec substitutes U+FFFD.
          if (ours.warnings.some((w) => w.field.endsWith('.value'))) return;
          // OTel JS's limits are replayed by measureBaggage and checked separately below.
          if (measureBaggage(text).otelJsDropped.length > 0) return;

          seen.accepted++;
          const theirs = otelExtractBaggage(text);
          // Keys are unique in OTel JS's map (last one wins), which the spec allows as deduplication.
          const expected = new Map<string, { value: string; properties: string[] }>();
          for (const m of ours.value.members) {
            expected.set(m.key, { value: m.value, properties: m.properties.map((p) => (p.value === undefined ? p.key : `${p.key}=${p.value}`)) });
          }
          assert.deepEqual([...theirs.keys()].sort(), [...expected.keys()].sort(), `keys differ for ${JSON.stringify(text)}`);
          for (const [key, { value, properties }] of expected) {
            const entry = theirs.get(key);
            assert.equal(entry?.value, value);
            const theirProperties = (entry.metadata ?? '')
              .split(';')
              .map((p) => {
                // OTel JS keeps metadata raw; decode property values the way the spec (and we) do.
                const eq = p.indexOf('=');
                return eq === -1 ? p.trim() : `${p.slice(0, eq).trim()}=${decodeURIComponent(p.slice(eq + 1).trim())}`;
              })
              .filter((p) => p.length > 0);
            assert.deepEqual(theirProperties, properties);
          }
        }),
        params,
      );
      assertNotVacuous(seen);
    });

    it('measureBaggage(text) names exactly the members OTel JS drops on extract', () => {
      const big = fc.array(
        fc.tuple(fc.string({ unit: fc.constantFrom(...charsOf('abcdefgh')), minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 5000 })),
        { minLength: 1, maxLength: 8 },
      );
      const many = fc.integer({ min: 170, max: 200 }).map((n) => Array.from({ length: n }, (_, i): [string, number] => [`k${i}`, 3]));
      fc.assert(
        fc.property(fc.oneof(big, many), (pairs) => {
          const unique = pairs.map(([k, n], i): [string, number] => [`${k}${i}`, n]);
          const text = unique.map(([k, n]) => `${k}=${'v'.repeat(n)}`).join(',');
          const dropped = new Set(measureBaggage(text).otelJsDropped.map((d) => d.key));
          const theirs = otelExtractBaggage(text);
          for (const [key] of unique) assert.equal(theirs.has(key), !dropped.has(key), `key ${key}`);
        }),
        { seed: SEED, numRuns: 200 },
      );
    });

    it('measureBaggage(baggage) names exactly the members OTel JS drops on inject', () => {
      const big = fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 8 }).map((ns) => ns.map((n, i): [string, number] => [`k${i}`, n]));
      const many = fc.integer({ min: 170, max: 200 }).map((n) => Array.from({ length: n }, (_, i): [string, number] => [`k${i}`, 3]));
      fc.assert(
        fc.property(fc.oneof(big, many), (pairs) => {
          const b: Baggage = { members: pairs.map(([key, n]) => ({ key, value: 'v'.repeat(n), properties: [] })) };
          const dropped = new Set(measureBaggage(b).otelJsDropped.map((d) => d.key));
          const injected = otelInjectBaggage(b) ?? '';
          const sent = new Set(injected === '' ? [] : injected.split(',').map((m) => m.slice(0, m.indexOf('='))));
          for (const { key } of b.members) assert.equal(sent.has(key), !dropped.has(key), `key ${key}`);
        }),
        { seed: SEED, numRuns: 200 },
      );
    });

    describe('named deviations', () => {
      it('otelJsDropsMemberOver4096: OTel JS silently drops a 4097-character member the spec lets through', () => {
        const text = `big=${'v'.repeat(4093)},small=1`;
        assert.deepEqual([...otelExtractBaggage(text).keys()], ['small']);
        const ours = parseBaggage(text);
        assert.ok(ours.ok);
        assert.deepEqual(ours.value.members.map((m) => m.key), ['big', 'small']);
        assert.deepEqual(measureBaggage(text).otelJsDropped, [{ key: 'big', reason: 'member-over-4096-bytes' }]);
      });

      it('otelJsDropsMemberOver4096: on inject too', () => {
        const b: Baggage = { members: [{ key: 'big', value: 'v'.repeat(4093), properties: [] }, { key: 'small', value: '1', properties: [] }] };
        assert.equal(otelInjectBaggage(b), 'small=1');
        assert.deepEqual(measureBaggage(b).otelJsDropped, [{ key: 'big', reason: 'member-over-4096-bytes' }]);
      });

      it('otelJsDropsBeyond180: OTel JS silently keeps only 180 members on extract', () => {
        const text = Array.from({ length: 181 }, (_, i) => `k${i}=1`).join(',');
        assert.equal(otelExtractBaggage(text).size, 180);
        assert.equal(otelExtractBaggage(text).has('k180'), false);
        const ours = parseBaggage(text);
        assert.ok(ours.ok);
        assert.equal(ours.value.members.length, 181);
        assert.deepEqual(measureBaggage(text).otelJsDropped, [{ key: 'k180', reason: 'beyond-180-members' }]);
      });

      it('otelJsDropsBeyond180: on inject too', () => {
        const b: Baggage = { members: Array.from({ length: 181 }, (_, i) => ({ key: `k${i}`, value: '1', properties: [] })) };
        assert.equal(otelInjectBaggage(b)?.split(',').length, 180);
        assert.deepEqual(measureBaggage(b).otelJsDropped, [{ key: 'k180', reason: 'beyond-180-members' }]);
      });

      it('otelJsTotal8192: on extract OTel JS stops at the first member that would pass 8192 characters', () => {
        const text = `a=${'v'.repeat(4094)},b=${'v'.repeat(4094)},c=1`;
        assert.deepEqual([...otelExtractBaggage(text).keys()], ['a']);
        assert.deepEqual(measureBaggage(text).otelJsDropped, [
          { key: 'b', reason: 'total-over-8192-bytes' },
          { key: 'c', reason: 'total-over-8192-bytes' },
        ]);
      });

      it('otelJsTotal8192: on inject OTel JS skips that member but still sends later ones that fit', () => {
        const b: Baggage = {
          members: [
            { key: 'a', value: 'v'.repeat(4094), properties: [] },
            { key: 'b', value: 'v'.repeat(4094), properties: [] },
            { key: 'c', value: '1', properties: [] },
          ],
        };
        assert.equal(otelInjectBaggage(b), `a=${'v'.repeat(4094)},c=1`);
        assert.deepEqual(measureBaggage(b).otelJsDropped, [{ key: 'b', reason: 'total-over-8192-bytes' }]);
      });

      it('otelJsDropsEmptyValue: OTel JS drops `key=`, which the grammar allows', () => {
        assert.deepEqual([...otelExtractBaggage('empty=,k=1').keys()], ['k']);
        assert.deepEqual(parseBaggage('empty=,k=1').ok, true);
      });

      it('otelJsDecodesKeys: OTel JS percent-decodes keys, which the spec defines as plain tokens', () => {
        assert.deepEqual([...otelExtractBaggage('a%41=1').keys()], ['aA']);
        const ours = parseBaggage('a%41=1');
        assert.ok(ours.ok);
        assert.equal(ours.value.members[0]?.key, 'a%41');
      });

      it('otelJsDropsInvalidUtf8: OTel JS drops a value that is not UTF-8; the spec substitutes U+FFFD', () => {
        assert.equal(otelExtractBaggage('k=%FF').size, 0);
        const ours = parseBaggage('k=%FF');
        assert.ok(ours.ok);
        assert.equal(ours.value.members[0]?.value, '\ufffd');
      });

      it('otelJsLenientSyntax: OTel JS accepts keys and values the grammar forbids; we reject them', () => {
        const text = 'user id=DF 28,k="q"';
        assert.deepEqual(otelExtractBaggage(text), new Map([['user id', { value: 'DF 28' }], ['k', { value: '"q"' }]]));
        const ours = parseBaggage(text);
        assert.ok(!ours.ok);
        assert.deepEqual(ours.errors.map((e) => e.field), ['member[0].key', 'member[0].value', 'member[1].value']);
      });

      it('otelJsLenientSyntax: OTel JS skips empty members; the grammar has none', () => {
        assert.deepEqual([...otelExtractBaggage('a=1,,b=2').keys()], ['a', 'b']);
        assert.equal(parseBaggage('a=1,,b=2').ok, false);
      });

      it('duplicate keys on inject: OTel JS keeps one entry per key (the last value), as the spec allows', () => {
        const b: Baggage = {
          members: [
            { key: 'a', value: 'v'.repeat(5000), properties: [] },
            { key: 'b', value: '2', properties: [] },
            { key: 'a', value: '1', properties: [] },
          ],
        };
        assert.equal(otelInjectBaggage(b), 'a=1,b=2');
        assert.deepEqual(measureBaggage(b).otelJsDropped, []);
      });

      it('round trip through OTel JS: our serialized baggage extracts to the same values', () => {
        const b: Baggage = { members: [{ key: 'k', value: 'a b,%€;"\\', properties: [] }] };
        assert.equal(otelExtractBaggage(serializeBaggage(b)).get('k')?.value, 'a b,%€;"\\');
      });
    });
  });
});
