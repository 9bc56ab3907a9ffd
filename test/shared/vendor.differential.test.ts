/**
 * Differential tests: our B3, Jaeger and X-Ray parsers against the OpenTelemetry JS propagators as oracle.
 * On thousands of generated and mutated headers the two must agree on accept/reject, ids and the sampled flag,
 * except where OpenTelemetry JS deviates from the format's spec. Every such deviation is a named test below that
 * pins both behaviours, and the random agreement properties skip exactly the inputs it covers (classify* below),
 * so a new, undocumented disagreement fails the property.
 *
 * Datadog has no OpenTelemetry JS propagator, so it has no oracle here.
 */
import assert from 'node:assert/strict';
import type { Context, SpanContext } from '@opentelemetry/api';
import { ROOT_CONTEXT, defaultTextMapGetter, defaultTextMapSetter, isSpanContextValid, propagation, trace } from '@opentelemetry/api';
import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import { JaegerPropagator } from '@opentelemetry/propagator-jaeger';
import fc from 'fast-check';
import { describe, it } from 'mocha';
import type { B3 } from '../../shared/src/b3';
import type { Jaeger } from '../../shared/src/jaeger';
import type { ParseResult } from '../../shared/src/result';
import type { XRay } from '../../shared/src/xray';
import { parseB3, parseB3Multi, serializeB3, serializeB3Multi } from '../../shared/src/b3';
import { getHeader, trimOws } from '../../shared/src/headers';
import { isAllZeros, isHex, isLowerHex, padHex } from '../../shared/src/hex';
import { parseJaeger, serializeJaeger } from '../../shared/src/jaeger';
import { parseXRay, serializeXRay } from '../../shared/src/xray';

// Fixed seed: a failure names an input that reproduces on every machine.
const RUNS = { seed: 424242, numRuns: 2000 };

const XROOT = '1-5759e988-bd862e3fe1be46a994272793';
const XPARENT = '53995c3f42cd8ad8';

type Headers = Record<string, string | string[] | undefined>;

/** What an OpenTelemetry propagator put into the context. */
interface OtelView {
  traceId: string;
  spanId: string;
  traceFlags: number;
  /** `isSpanContextValid`: the SDK ignores an invalid remote parent when it starts the next span. */
  valid: boolean;
  /** Read back through `inject`, since B3's debug context key is not exported. */
  debug: boolean;
}

const b3Single = new B3Propagator();
const b3Multi = new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER });
// Deprecated upstream in favour of W3C Trace Context, but it is still what OpenTelemetry JS ships for Jaeger.
// eslint-disable-next-line @typescript-eslint/no-deprecated
const jaegerOracle = new JaegerPropagator();
const xrayOracle = new AWSXRayPropagator();

function view(context: Context, debug: (ctx: Context) => boolean): OtelView | undefined {
  const sc: SpanContext | undefined = trace.getSpanContext(context);
  if (sc === undefined) return undefined;
  return { traceId: sc.traceId, spanId: sc.spanId, traceFlags: sc.traceFlags, valid: isSpanContextValid(sc), debug: debug(context) };
}

function otelB3Single(value: string): OtelView | undefined {
  return view(b3Single.extract(ROOT_CONTEXT, { b3: value }, defaultTextMapGetter), (ctx) => {
    const out: Record<string, string> = {};
    b3Single.inject(ctx, out, defaultTextMapSetter);
    return out.b3?.split('-')[2] === 'd';
  });
}

function otelB3Multi(headers: Headers): OtelView | undefined {
  return view(b3Multi.extract(ROOT_CONTEXT, headers, defaultTextMapGetter), (ctx) => {
    const out: Record<string, string> = {};
    b3Multi.inject(ctx, out, defaultTextMapSetter);
    return out['x-b3-flags'] === '1';
  });
}

function otelJaeger(value: string, headers: Headers = {}): { span: OtelView | undefined; baggage: [string, string][]; injected: Record<string, string> } {
  const ctx = jaegerOracle.extract(ROOT_CONTEXT, { ...headers, 'uber-trace-id': value }, defaultTextMapGetter);
  const injected: Record<string, string> = {};
  jaegerOracle.inject(ctx, injected, defaultTextMapSetter);
  const baggage = (propagation.getBaggage(ctx)?.getAllEntries() ?? []).map(([k, e]): [string, string] => [k, e.value]);
  return { span: view(ctx, () => false), baggage, injected };
}

function otelXRay(value: string): OtelView | undefined {
  return view(xrayOracle.extract(ROOT_CONTEXT, { 'x-amzn-trace-id': value }, defaultTextMapGetter), () => false);
}

function ok<T>(result: ParseResult<T>): T {
  assert.ok(result.ok, `expected success, got ${JSON.stringify(result)}`);
  return result.value;
}

/** Counts how often each class of input was seen, so a property that silently skipped everything fails. */
class Tally {
  readonly counts = new Map<string, number>();
  add(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }
  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Generators: valid values from our serializers, then character-level mutations of them.

function charFrom(alphabet: string): fc.Arbitrary<string> {
  return fc.constantFrom(...Array.from(alphabet));
}
function hexOf(length: number): fc.Arbitrary<string> {
  return fc.string({ unit: charFrom('0123456789abcdef'), minLength: length, maxLength: length }).filter((h) => !isAllZeros(h));
}

interface Mutation {
  kind: 'insert' | 'delete' | 'replace' | 'upper' | 'truncate' | 'duplicate';
  at: number;
  ch: string;
}
function mutation(alphabet: string): fc.Arbitrary<Mutation> {
  return fc
    .record({ kind: fc.constantFrom<Mutation['kind']>('insert', 'delete', 'replace', 'upper', 'truncate', 'duplicate'), at: fc.nat(200), ch: charFrom(alphabet) })
    .map(({ kind, at, ch }) => ({ kind, at, ch }));
}
function applyMutation(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % (text.length + 1);
  switch (m.kind) {
    case 'insert':
      return text.slice(0, at) + m.ch + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + 1);
    case 'replace':
      return text.slice(0, at) + m.ch + text.slice(at + 1);
    case 'upper':
      return text.slice(0, at) + text.slice(at, at + 4).toUpperCase() + text.slice(at + 4);
    case 'truncate':
      return text.slice(0, at);
    case 'duplicate':
      return text.slice(0, at) + text.slice(at, at + 8) + text.slice(at);
  }
}
function mutated(base: fc.Arbitrary<string>, alphabet: string): fc.Arbitrary<string> {
  return fc.tuple(base, fc.array(mutation(alphabet), { minLength: 1, maxLength: 3 })).map(([text, ms]) => ms.reduce(applyMutation, text));
}

const b3Value: fc.Arbitrary<B3> = fc.oneof(
  fc
    .record({
      traceId: fc.oneof(hexOf(16), hexOf(32)),
      spanId: hexOf(16),
      parentSpanId: fc.option(hexOf(16), { nil: undefined }),
      state: fc.constantFrom('accept', 'deny', 'defer', 'debug'),
    })
    .map(({ traceId, spanId, parentSpanId, state }): B3 => ({
      traceId,
      spanId,
      ...(parentSpanId === undefined ? {} : { parentSpanId }),
      sampled: state === 'defer' ? null : state !== 'deny',
      debug: state === 'debug',
      denyOnly: false,
    })),
  fc.constantFrom<B3>({ sampled: false, debug: false, denyOnly: true }, { sampled: true, debug: true, denyOnly: false }),
);
const B3_ALPHABET = '0123456789abcdefABCDEF-d \tx';
const b3SingleInput = fc.oneof(b3Value.map(serializeB3), mutated(b3Value.map(serializeB3), B3_ALPHABET));

const b3MultiInput: fc.Arbitrary<Headers> = fc
  .record({
    base: b3Value,
    drop: fc.oneof(fc.constant([]), fc.subarray(['x-b3-traceid', 'x-b3-spanid', 'x-b3-parentspanid', 'x-b3-sampled', 'x-b3-flags'])),
    mutations: fc.array(fc.tuple(fc.constantFrom('x-b3-traceid', 'x-b3-spanid', 'x-b3-parentspanid', 'x-b3-sampled', 'x-b3-flags'), mutation(B3_ALPHABET)), {
      maxLength: 2,
    }),
    sampled: fc.option(fc.constantFrom('1', '0', 'true', 'True', 'TRUE', 'false', 'False', 'yes', '', ' 1'), { nil: undefined }),
    flags: fc.option(fc.constantFrom('1', '0', '2', ''), { nil: undefined }),
    asArray: fc.boolean(),
  })
  .map(({ base, drop, mutations, sampled, flags, asArray }) => {
    const headers: Record<string, string> = {};
    // OpenTelemetry's default getter reads carrier[key] case-sensitively with lowercase names, as Node delivers them.
    for (const [name, v] of Object.entries(serializeB3Multi(base))) headers[name.toLowerCase()] = v;
    if (sampled !== undefined) headers['x-b3-sampled'] = sampled;
    if (flags !== undefined) headers['x-b3-flags'] = flags;
    for (const [name, m] of mutations) headers[name] = applyMutation(headers[name] ?? '', m);
    for (const name of drop) Reflect.deleteProperty(headers, name);
    const out: Headers = {};
    for (const [name, v] of Object.entries(headers)) out[name] = asArray && name === 'x-b3-traceid' ? [v, 'ffffffffffffffff'] : v;
    return out;
  });

const jaegerValue: fc.Arbitrary<Jaeger> = fc
  .record({ traceId: fc.oneof(hexOf(32), hexOf(16).map((h) => padHex(h, 32))), spanId: hexOf(16), parentSpanId: fc.option(hexOf(16), { nil: undefined }), flags: fc.nat(15) })
  .map(({ traceId, spanId, parentSpanId, flags }) => ({
    traceId,
    spanId,
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    flags,
    sampled: (flags & 1) !== 0,
    debug: (flags & 2) !== 0,
    firehose: (flags & 8) !== 0,
    baggage: [],
  }));
/** Jaeger clients format with %x: no leading zeros, one-digit flags. */
function shortForm(value: string): string {
  return value
    .split(':')
    .map((part) => part.replace(/^0+(?=.)/, ''))
    .join(':');
}
const JAEGER_ALPHABET = '0123456789abcdefABCDEF:%3Ax \t';
const jaegerTraceInput = fc.oneof(
  jaegerValue.map(serializeJaeger),
  jaegerValue.map((j) => shortForm(serializeJaeger(j))),
  jaegerValue.map((j) => serializeJaeger(j).replaceAll(':', '%3A')),
  mutated(jaegerValue.map(serializeJaeger), JAEGER_ALPHABET),
  mutated(jaegerValue.map((j) => shortForm(serializeJaeger(j))), JAEGER_ALPHABET),
);
const jaegerBaggageInput: fc.Arbitrary<Headers> = fc
  .uniqueArray(
    fc.tuple(
      fc.string({ unit: charFrom('abcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: 1, maxLength: 8 }),
      fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }).map(encodeURIComponent), fc.constantFrom('100%', '%zz', 'plain')),
    ),
    { selector: ([k]) => k, maxLength: 3 },
  )
  .map((pairs) => Object.fromEntries(pairs.map(([k, v]) => [`uberctx-${k}`, v])));

const xrayValue: fc.Arbitrary<XRay> = fc
  .record({
    epoch: hexOf(8),
    random: hexOf(24),
    parent: fc.option(hexOf(16), { nil: undefined }),
    sampled: fc.constantFrom(true, false, null),
    self: fc.option(fc.constant('1-67891234-12456789abcdef012345678'), { nil: undefined }),
    lineage: fc.option(fc.constant('a87bd80c:1'), { nil: undefined }),
  })
  .map(({ epoch, random, parent, sampled, self, lineage }) => {
    const epochSeconds = Number.parseInt(epoch, 16);
    return {
      root: `1-${epoch}-${random}`,
      traceId: epoch + random,
      epochSeconds,
      time: new Date(epochSeconds * 1000).toISOString(),
      sampled,
      ...(parent === undefined ? {} : { parent }),
      ...(self === undefined ? {} : { self }),
      extraFields: lineage === undefined ? [] : [{ key: 'Lineage', value: lineage }],
    };
  });
const XRAY_ALPHABET = '0123456789abcdef;=-?RootParentSampledX \t\n\u00a0';
const xrayInput = fc.oneof(
  xrayValue.map(serializeXRay),
  // Complete headers, which OpenTelemetry can accept, so the property compares ids and not only rejections.
  xrayValue.map((x) => serializeXRay({ ...x, parent: x.parent ?? XPARENT, sampled: x.sampled ?? true })),
  mutated(xrayValue.map((x) => serializeXRay({ ...x, parent: x.parent ?? XPARENT, sampled: x.sampled ?? false })), XRAY_ALPHABET),
  xrayValue.map((x) => `${serializeXRay(x)};Sampled=?`),
  xrayValue.map((x) => x.root),
  mutated(xrayValue.map(serializeXRay), XRAY_ALPHABET),
);

// ---------------------------------------------------------------------------------------------------------------
// Deviation classifiers: the named deviation an input falls under, or undefined when the two must agree.

/** The single-header pattern from @opentelemetry/propagator-b3 2.12.0 `B3SinglePropagator.ts`: note it is not anchored. */
const OTEL_B3_SINGLE_PATTERN = /((?:[0-9a-f]{16}){1,2})-([0-9a-f]{16})(?:-([01d](?![0-9a-f])))?(?:-([0-9a-f]{16}))?/;

function classifyB3Single(value: string, ours: ParseResult<B3>): string | undefined {
  if (ours.ok && ours.value.traceId === undefined) return 'samplingOnlyDropped';
  if (ours.ok) return undefined;
  const match = OTEL_B3_SINGLE_PATTERN.exec(value);
  if (match === null) return undefined;
  if (match[0] !== trimOws(value)) return 'unanchoredMatch';
  if (match[4] !== undefined && isAllZeros(match[4])) return 'zeroParentIgnored';
  return undefined;
}

const OTEL_B3_SAMPLED_VALUES = new Set(['1', '0', 'true', 'false', 'True', 'False']);

function classifyB3Multi(headers: Headers, ours: ParseResult<B3>): string | undefined {
  if (ours.ok && ours.value.traceId === undefined) return 'samplingOnlyDropped';
  const traceId = getHeader(headers, 'x-b3-traceid');
  const spanId = getHeader(headers, 'x-b3-spanid');
  const parent = getHeader(headers, 'x-b3-parentspanid');
  const sampled = getHeader(headers, 'x-b3-sampled');
  const flags = getHeader(headers, 'x-b3-flags');
  if ([traceId, spanId, parent, sampled, flags].some((v) => v !== undefined && v !== trimOws(v))) return 'multiNotTrimmed';
  if ([traceId, spanId].some((v) => v !== undefined && /[A-F]/.test(v))) return 'multiUppercaseAccepted';
  if (traceId !== undefined && isHex(traceId) && traceId.length < 32 && traceId.length !== 16) return 'multiShortTraceIdPadded';
  if (parent !== undefined && !(parent.length === 16 && isLowerHex(parent) && !isAllZeros(parent))) return 'multiParentNotValidated';
  if (flags === '1' && sampled !== undefined && !OTEL_B3_SAMPLED_VALUES.has(sampled)) return 'multiSampledIgnoredUnderDebug';
  return undefined;
}

function jaegerFields(value: string): string[] {
  return value.replace(/%3a/gi, ':').split(':');
}
function isJaegerId(text: string, width: number): boolean {
  return text.length >= 1 && text.length <= width && isHex(text);
}

function classifyJaeger(value: string, ours: ParseResult<Jaeger>): string | undefined {
  if (/%(?!3a)/i.test(value)) return 'jaegerWholeValuePercentDecoded';
  const fields = jaegerFields(value);
  if (fields.length !== 4) return undefined;
  if (value !== trimOws(value)) return 'jaegerNotTrimmed';
  if (ours.ok) return undefined;
  const [traceId = '', spanId = '', parent = '', flags = ''] = fields;
  if (!isJaegerId(traceId, 32) || isAllZeros(traceId)) return 'jaegerTraceIdNotValidated';
  if (!isJaegerId(spanId, 16) || isAllZeros(spanId)) return 'jaegerSpanIdNotValidated';
  if (!isJaegerId(parent, 16)) return 'jaegerParentNotValidated';
  if (!(flags.length >= 1 && flags.length <= 2 && isHex(flags))) return 'jaegerNonHexFlagsReadAsSampled';
  return 'jaegerUnexplained';
}

const XRAY_KEYS = ['Root', 'Parent', 'Sampled'] as const;

function classifyXRay(value: string, ours: ParseResult<XRay>): string | undefined {
  for (const part of value.split(';')) {
    // String.prototype.trim removes every Unicode space and line terminator; HTTP optional whitespace is SP/HTAB.
    if (part.trim() !== trimOws(part)) return 'xrayTrimsAllWhitespace';
    const trimmed = part.trim();
    const eq = trimmed.indexOf('=');
    const rawKey = eq === -1 ? trimmed : trimmed.slice(0, eq);
    for (const key of XRAY_KEYS) {
      if (!trimmed.startsWith(key) || rawKey === key) continue;
      return trimOws(rawKey) === key ? 'xrayNoTrimAroundEquals' : 'xrayKeysMatchedByPrefix';
    }
    if (eq !== -1 && XRAY_KEYS.some((k) => k === rawKey) && trimmed.slice(eq + 1) !== trimOws(trimmed.slice(eq + 1))) return 'xrayNoTrimAroundEquals';
  }
  if (!ours.ok) return undefined;
  if (!trimOws(value).includes('=')) return 'xrayBareTraceIdRejected';
  if (ours.value.parent === undefined) return 'xrayParentRequired';
  if (ours.value.sampled === null) return 'xraySampledRequired';
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';
const PARENT = '00f067aa0ba902b7';

describe('differential: B3 single header vs @opentelemetry/propagator-b3', () => {
  it('agrees on a sampled 128-bit context with a parent', () => {
    const value = `${TRACE}-${SPAN}-1-${PARENT}`;
    assert.deepEqual(otelB3Single(value), { traceId: TRACE, spanId: SPAN, traceFlags: 1, valid: true, debug: false });
    assert.equal(ok(parseB3(value)).traceId, TRACE);
  });
  it('agrees that d is debug and sampled', () => {
    assert.deepEqual(otelB3Single(`${TRACE}-${SPAN}-d`), { traceId: TRACE, spanId: SPAN, traceFlags: 1, valid: true, debug: true });
    assert.equal(ok(parseB3(`${TRACE}-${SPAN}-d`)).debug, true);
  });

  describe('documented deviations of OpenTelemetry JS', () => {
    it('deviation samplingOnlyDropped: b3: 0 extracts nothing, so the deny is lost', () => {
      assert.equal(otelB3Single('0'), undefined);
      assert.deepEqual(ok(parseB3('0')), { sampled: false, debug: false, denyOnly: true });
    });
    it('deviation samplingOnlyDropped: b3: d and b3: 1 extract nothing either', () => {
      assert.equal(otelB3Single('d'), undefined);
      assert.equal(otelB3Single('1'), undefined);
      assert.equal(ok(parseB3('d')).debug, true);
    });
    it('deviation unanchoredMatch: a 17-digit trace id is read as its last 16 digits', () => {
      const value = `a${TRACE.slice(0, 16)}-${SPAN}`;
      assert.deepEqual(otelB3Single(value), { traceId: `${'0'.repeat(16)}${TRACE.slice(0, 16)}`, spanId: SPAN, traceFlags: 0, valid: true, debug: false });
      assert.deepEqual(parseB3(value).ok, false);
    });
    it('deviation unanchoredMatch: a 48-digit trace id is read as a different 128-bit id', () => {
      const value = `${TRACE}${PARENT}-${SPAN}-1`;
      assert.equal(otelB3Single(value)?.traceId, `${TRACE.slice(16)}${PARENT}`);
      assert.equal(parseB3(value).ok, false);
    });
    it('deviation unanchoredMatch: an invalid sampling state is dropped and the context accepted as unsampled', () => {
      const value = `${TRACE}-${SPAN}-2`;
      assert.equal(otelB3Single(value)?.traceFlags, 0);
      assert.equal(parseB3(value).ok, false);
    });
    it('deviation unanchoredMatch: trailing garbage after a valid prefix is ignored', () => {
      const value = `${TRACE}-${SPAN}-1-${PARENT}-garbage`;
      assert.equal(otelB3Single(value)?.spanId, SPAN);
      assert.equal(parseB3(value).ok, false);
    });
    it('deviation zeroParentIgnored: an all-zero ParentSpanId is not validated', () => {
      const value = `${TRACE}-${SPAN}-1-${'0'.repeat(16)}`;
      assert.equal(otelB3Single(value)?.valid, true);
      assert.equal(parseB3(value).ok, false);
    });
  });

  it('agrees on accept/reject, ids, sampled and debug for generated and mutated values', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(b3SingleInput, (value) => {
        const ours = parseB3(value);
        const deviation = classifyB3Single(value, ours);
        if (deviation !== undefined) {
          tally.add(deviation);
          return;
        }
        const otel = otelB3Single(value);
        if (ours.ok && ours.value.traceId !== undefined) {
          tally.add('accepted');
          assert.deepEqual(otel, {
            traceId: padHex(ours.value.traceId, 32),
            spanId: ours.value.spanId,
            traceFlags: ours.value.sampled === true ? 1 : 0,
            valid: true,
            debug: ours.value.debug,
          });
        } else {
          tally.add('rejected');
          assert.equal(otel, undefined);
        }
      }),
      RUNS,
    );
    assert.ok(tally.get('accepted') > 200 && tally.get('rejected') > 200, JSON.stringify([...tally.counts]));
  });
});

describe('differential: B3 multiple headers vs @opentelemetry/propagator-b3', () => {
  it('agrees on X-B3-Flags: 1 as debug', () => {
    const headers = { 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-flags': '1' };
    assert.deepEqual(otelB3Multi(headers), { traceId: TRACE, spanId: SPAN, traceFlags: 1, valid: true, debug: true });
    assert.equal(ok(parseB3Multi(headers)).debug, true);
  });
  it('agrees on X-B3-Sampled: True as a lenient accept', () => {
    const headers = { 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-sampled': 'True' };
    assert.equal(otelB3Multi(headers)?.traceFlags, 1);
    assert.equal(ok(parseB3Multi(headers)).sampled, true);
  });

  describe('documented deviations of OpenTelemetry JS', () => {
    it('deviation samplingOnlyDropped: X-B3-Sampled: 0 without ids extracts nothing', () => {
      assert.equal(otelB3Multi({ 'x-b3-sampled': '0' }), undefined);
      assert.equal(ok(parseB3Multi({ 'x-b3-sampled': '0' })).denyOnly, true);
    });
    it('deviation multiUppercaseAccepted: uppercase hex ids are accepted although B3 requires lowercase', () => {
      const headers = { 'x-b3-traceid': TRACE.toUpperCase(), 'x-b3-spanid': SPAN };
      assert.equal(otelB3Multi(headers)?.traceId, TRACE.toUpperCase());
      assert.equal(parseB3Multi(headers).ok, false);
    });
    it('deviation multiShortTraceIdPadded: a trace id of any length up to 32 is left-padded', () => {
      const headers = { 'x-b3-traceid': 'abc', 'x-b3-spanid': SPAN };
      assert.equal(otelB3Multi(headers)?.traceId, padHex('abc', 32));
      assert.equal(parseB3Multi(headers).ok, false);
    });
    it('deviation multiParentNotValidated: X-B3-ParentSpanId is never read', () => {
      const headers = { 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-parentspanid': 'not-an-id' };
      assert.equal(otelB3Multi(headers)?.valid, true);
      assert.equal(parseB3Multi(headers).ok, false);
    });
    it('deviation multiNotTrimmed: surrounding spaces make OpenTelemetry reject the id', () => {
      const headers = { 'x-b3-traceid': ` ${TRACE}`, 'x-b3-spanid': SPAN };
      assert.equal(otelB3Multi(headers), undefined);
      assert.equal(ok(parseB3Multi(headers)).traceId, TRACE);
    });
    it('deviation multiSampledIgnoredUnderDebug: an invalid X-B3-Sampled passes when X-B3-Flags is 1', () => {
      const headers = { 'x-b3-traceid': TRACE, 'x-b3-spanid': SPAN, 'x-b3-flags': '1', 'x-b3-sampled': 'yes' };
      assert.equal(otelB3Multi(headers)?.traceFlags, 1);
      assert.equal(parseB3Multi(headers).ok, false);
    });
  });

  it('agrees on accept/reject, ids, sampled and debug for generated and mutated headers', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(b3MultiInput, (headers) => {
        const ours = parseB3Multi(headers);
        const deviation = classifyB3Multi(headers, ours);
        if (deviation !== undefined) {
          tally.add(deviation);
          return;
        }
        const otel = otelB3Multi(headers);
        if (ours.ok && ours.value.traceId !== undefined) {
          tally.add('accepted');
          assert.deepEqual(otel, {
            traceId: padHex(ours.value.traceId, 32),
            spanId: ours.value.spanId,
            traceFlags: ours.value.sampled === true ? 1 : 0,
            valid: true,
            debug: ours.value.debug,
          });
        } else {
          tally.add('rejected');
          assert.equal(otel, undefined);
        }
      }),
      RUNS,
    );
    assert.ok(tally.get('accepted') > 200 && tally.get('rejected') > 100, JSON.stringify([...tally.counts]));
  });
});

describe('differential: Jaeger vs @opentelemetry/propagator-jaeger', () => {
  it('agrees on short ids, left-padded', () => {
    assert.deepEqual(otelJaeger('abc:def:0:1').span, { traceId: padHex('abc', 32), spanId: padHex('def', 16), traceFlags: 1, valid: true, debug: false });
    assert.equal(ok(parseJaeger('abc:def:0:1')).traceId, padHex('abc', 32));
  });
  it('agrees on percent-decoded uberctx baggage', () => {
    assert.deepEqual(otelJaeger('abc:def:0:1', { 'uberctx-user': 'a%20b' }).baggage, [['user', 'a b']]);
    assert.deepEqual(ok(parseJaeger('abc:def:0:1', { 'uberctx-user': 'a%20b' })).baggage, [{ key: 'user', value: 'a b' }]);
  });

  describe('documented deviations of OpenTelemetry JS', () => {
    it('deviation jaegerTraceIdNotValidated: an all-zero trace id is extracted and injected again', () => {
      const otel = otelJaeger(`0:${SPAN}:0:1`);
      assert.ok(otel.span);
      assert.equal(otel.span.traceId, '0'.repeat(32));
      assert.equal(otel.span.valid, false);
      assert.equal(otel.injected['uber-trace-id'], `${'0'.repeat(32)}:${SPAN}:0:01`);
      assert.equal(parseJaeger(`0:${SPAN}:0:1`).ok, false);
    });
    it('deviation jaegerTraceIdNotValidated: non-hex ids are extracted as they are', () => {
      assert.equal(otelJaeger(`xyz:${SPAN}:0:1`).span?.traceId, padHex('xyz', 32));
      assert.equal(parseJaeger(`xyz:${SPAN}:0:1`).ok, false);
    });
    it('deviation jaegerSpanIdNotValidated: an all-zero span id is extracted', () => {
      assert.equal(otelJaeger(`${TRACE}:0:0:1`).span?.spanId, '0'.repeat(16));
      assert.equal(parseJaeger(`${TRACE}:0:0:1`).ok, false);
    });
    it('deviation jaegerDebugLost: the debug and firehose bits are dropped, only sampled survives', () => {
      const otel = otelJaeger(`${TRACE}:${SPAN}:0:0b`);
      assert.equal(otel.span?.traceFlags, 1);
      assert.equal(otel.injected['uber-trace-id'], `${TRACE}:${SPAN}:0:01`);
      const ours = ok(parseJaeger(`${TRACE}:${SPAN}:0:0b`));
      assert.deepEqual([ours.debug, ours.firehose, ours.flags], [true, true, 0x0b]);
    });
    it('deviation jaegerNonHexFlagsReadAsSampled: flags that are not hex are read as sampled', () => {
      assert.equal(otelJaeger(`${TRACE}:${SPAN}:0:xx`).span?.traceFlags, 1);
      assert.equal(parseJaeger(`${TRACE}:${SPAN}:0:xx`).ok, false);
    });
    it('deviation jaegerParentNotValidated: the parent field is never read', () => {
      assert.equal(otelJaeger(`${TRACE}:${SPAN}:zz:1`).span?.valid, true);
      assert.equal(parseJaeger(`${TRACE}:${SPAN}:zz:1`).ok, false);
    });
    it('deviation jaegerWholeValuePercentDecoded: any percent-escape in the value is decoded first', () => {
      assert.equal(otelJaeger(`%61bc:${SPAN}:0:1`).span?.traceId, padHex('abc', 32));
      assert.equal(parseJaeger(`%61bc:${SPAN}:0:1`).ok, false);
    });
    it('deviation jaegerNotTrimmed: a leading space becomes part of the trace id', () => {
      assert.equal(otelJaeger(` abc:${SPAN}:0:1`).span?.valid, false);
      assert.equal(ok(parseJaeger(` abc:${SPAN}:0:1`)).traceId, padHex('abc', 32));
    });
    it('deviation jaegerUndecodableBaggageSkipped: a baggage value with broken escapes is dropped', () => {
      assert.deepEqual(otelJaeger('abc:def:0:1', { 'uberctx-k': '100%' }).baggage, []);
      const ours = parseJaeger('abc:def:0:1', { 'uberctx-k': '100%' });
      assert.ok(ours.ok);
      assert.deepEqual(ours.value.baggage, [{ key: 'k', value: '100%' }]);
      assert.equal(ours.warnings.length, 1);
    });
  });

  it('agrees on accept/reject, ids, the sampled bit and baggage for generated and mutated values', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(jaegerTraceInput, jaegerBaggageInput, (value, baggageHeaders) => {
        const ours = parseJaeger(value, baggageHeaders);
        const deviation = classifyJaeger(value, ours);
        if (deviation !== undefined) {
          tally.add(deviation);
          assert.notEqual(deviation, 'jaegerUnexplained', `unexplained disagreement on ${JSON.stringify(value)}`);
          return;
        }
        const otel = otelJaeger(value, baggageHeaders);
        if (!ours.ok) {
          tally.add('rejected');
          assert.equal(otel.span, undefined);
          return;
        }
        tally.add('accepted');
        // OpenTelemetry keeps the case as sent (its id check accepts both); we normalize to lowercase.
        // Only the sampled bit is compared: debug and firehose are dropped (deviation jaegerDebugLost above).
        assert.deepEqual(
          { traceId: otel.span?.traceId.toLowerCase(), spanId: otel.span?.spanId.toLowerCase(), traceFlags: otel.span?.traceFlags },
          { traceId: ours.value.traceId, spanId: ours.value.spanId, traceFlags: ours.value.flags & 1 },
        );
        // Broken escapes are skipped by OpenTelemetry and kept raw by us (deviation jaegerUndecodableBaggageSkipped).
        const decodable = ours.value.baggage.filter((b) => ours.warnings.every((w) => w.field !== `uberctx-${b.key}`));
        assert.deepEqual(otel.baggage, decodable.map((b) => [b.key, b.value]));
      }),
      RUNS,
    );
    assert.ok(tally.get('accepted') > 200 && tally.get('rejected') > 100, JSON.stringify([...tally.counts]));
  });
});

describe('differential: X-Ray vs @opentelemetry/propagator-aws-xray', () => {
  it('agrees on the AWS documentation example', () => {
    const value = `Root=${XROOT};Parent=${XPARENT};Sampled=1`;
    assert.deepEqual(otelXRay(value), { traceId: '5759e988bd862e3fe1be46a994272793', spanId: XPARENT, traceFlags: 1, valid: true, debug: false });
    assert.equal(ok(parseXRay(value)).traceId, '5759e988bd862e3fe1be46a994272793');
  });

  describe('documented deviations of OpenTelemetry JS', () => {
    it('deviation xrayParentRequired: a header without Parent is rejected', () => {
      assert.equal(otelXRay(`Root=${XROOT};Sampled=1`), undefined);
      assert.equal(ok(parseXRay(`Root=${XROOT};Sampled=1`)).sampled, true);
    });
    it('deviation xraySampledRequired: Sampled=? is rejected', () => {
      assert.equal(otelXRay(`Root=${XROOT};Parent=${XPARENT};Sampled=?`), undefined);
      assert.equal(ok(parseXRay(`Root=${XROOT};Parent=${XPARENT};Sampled=?`)).sampled, null);
    });
    it('deviation xraySampledRequired: a header without Sampled is rejected', () => {
      assert.equal(otelXRay(`Root=${XROOT};Parent=${XPARENT}`), undefined);
      assert.equal(ok(parseXRay(`Root=${XROOT};Parent=${XPARENT}`)).parent, XPARENT);
    });
    it('deviation xrayBareTraceIdRejected: a bare trace id is rejected', () => {
      assert.equal(otelXRay(XROOT), undefined);
      assert.equal(ok(parseXRay(XROOT)).root, XROOT);
    });
    it('deviation xrayKeysMatchedByPrefix: RootX= is read as Root', () => {
      const value = `RootX=${XROOT};Parent=${XPARENT};Sampled=1`;
      assert.equal(otelXRay(value)?.valid, true);
      assert.equal(parseXRay(value).ok, false);
    });
    it('deviation xrayNoTrimAroundEquals: a space after = makes the Root invalid', () => {
      const value = `Root= ${XROOT};Parent=${XPARENT};Sampled=1`;
      assert.equal(otelXRay(value), undefined);
      assert.equal(ok(parseXRay(value)).root, XROOT);
    });
    it('deviation xrayTrimsAllWhitespace: a newline or no-break space around a field is trimmed', () => {
      const value = `\u00a0Root=${XROOT};Parent=${XPARENT};Sampled=1`;
      assert.equal(otelXRay(value)?.valid, true);
      assert.equal(parseXRay(value).ok, false);
    });
  });

  it('agrees on accept/reject, ids and the sampled flag for generated and mutated values', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(xrayInput, (value) => {
        const ours = parseXRay(value);
        const deviation = classifyXRay(value, ours);
        if (deviation !== undefined) {
          tally.add(deviation);
          return;
        }
        const otel = otelXRay(value);
        if (!ours.ok) {
          tally.add('rejected');
          assert.equal(otel, undefined);
          return;
        }
        tally.add('accepted');
        // OpenTelemetry keeps uppercase hex as sent; we lower-case (with a warning).
        assert.deepEqual(
          { traceId: otel?.traceId.toLowerCase(), spanId: otel?.spanId.toLowerCase(), traceFlags: otel?.traceFlags },
          { traceId: ours.value.traceId, spanId: ours.value.parent, traceFlags: ours.value.sampled === true ? 1 : 0 },
        );
      }),
      RUNS,
    );
    assert.ok(tally.get('accepted') > 200 && tally.get('rejected') > 100, JSON.stringify([...tally.counts]));
  });
});
