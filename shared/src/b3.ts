/**
 * Zipkin B3 propagation, single header (`b3`) and multiple headers (`X-B3-*`).
 * Spec: https://github.com/openzipkin/b3-propagation
 */
import type { Decoded } from './decoded';
import type { HeaderInput } from './headers';
import type { Issue, ParseResult } from './result';
import { getHeader, trimOws } from './headers';
import { isAllZeros, isLowerHex, isHex, padHex } from './hex';
import { issue, parsed, rejected } from './result';

/** The single header name; the spec writes it lowercase. */
export const B3_HEADER = 'b3';
/** Multi-header trace id: 16 or 32 lowercase hex (names are written as the spec does; lookup ignores case). */
export const X_B3_TRACE_ID = 'X-B3-TraceId';
/** Multi-header span id: 16 lowercase hex. */
export const X_B3_SPAN_ID = 'X-B3-SpanId';
/** Multi-header parent span id: 16 lowercase hex, absent on a root span. */
export const X_B3_PARENT_SPAN_ID = 'X-B3-ParentSpanId';
/** Multi-header sampling decision: `1` accept, `0` deny, absent defer. */
export const X_B3_SAMPLED = 'X-B3-Sampled';
/** Multi-header debug flag: `1` means debug (and implies accept). */
export const X_B3_FLAGS = 'X-B3-Flags';

/** A B3 trace context, or only a sampling decision when the ids are absent. */
export interface B3 {
  /** As sent: 16 or 32 lowercase hex digits. */
  traceId?: string;
  /** 16 lowercase hex digits. */
  spanId?: string;
  /** 16 lowercase hex digits; absent on a root span. */
  parentSpanId?: string;
  /** Accept (`true`), deny (`false`) or defer (`null`); debug implies accept. */
  sampled: boolean | null;
  /** Single `d`, or `X-B3-Flags: 1`. */
  debug: boolean;
  /** `b3: 0` / `X-B3-Sampled: 0` without ids: the sender only denies sampling. */
  denyOnly: boolean;
}

/** Pre-spec `X-B3-Sampled` spellings lenient receivers accept (the capitalized forms come from Python/.NET tracers). */
const LEGACY_SAMPLED: ReadonlySet<string> = new Set(['true', 'false', 'True', 'False']);

/** Field names used in single-header findings. */
const F_TRACE = 'trace-id';
const F_SPAN = 'span-id';
const F_PARENT = 'parent-span-id';
const F_SAMPLED = 'sampled';

/**
 * Parses a `b3` single header: `{TraceId}-{SpanId}[-{SamplingState}[-{ParentSpanId}]]`, or a sampling state
 * alone (`0`, `1`, `d`). https://github.com/openzipkin/b3-propagation#single-header
 *
 * `{TraceId}-{SpanId}-{ParentSpanId}` (defer, with a parent) is accepted with a warning: the spec only shows the
 * parent after a sampling state, but Brave-derived tracers write it this way when the decision is deferred.
 */
export function parseB3(text: string): ParseResult<B3> {
  const value = trimOws(text);
  if (value.length === 0) {
    return rejected([issue(B3_HEADER, 'The b3 header is empty; send `{TraceId}-{SpanId}[-{SamplingState}[-{ParentSpanId}]]`, or `0` to deny sampling.')]);
  }
  if (value.length === 1) return parseSamplingOnly(value);

  const parts = value.split('-', 5);
  if (parts.length < 2 || parts.length > 4) {
    return rejected([
      issue(
        B3_HEADER,
        `The b3 header has ${parts.length === 5 ? 'more than 4' : String(parts.length)} hyphen-separated field${parts.length === 1 ? '' : 's'}; the spec allows {TraceId}-{SpanId}, optionally followed by -{SamplingState} and -{ParentSpanId}.`,
      ),
    ]);
  }
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const [traceId = '', spanId = '', third, fourth] = parts;
  checkTraceId(traceId, F_TRACE, errors);
  checkSpanId(spanId, F_SPAN, 'SpanId', errors);

  let sampled: boolean | null = null;
  let debug = false;
  let parentSpanId: string | undefined;
  if (third !== undefined) {
    if (fourth === undefined && third.length === 16 && isHex(third)) {
      warnings.push(
        issue(F_SAMPLED, 'The third b3 field is a 16-digit id: read as ParentSpanId with a deferred sampling decision; the spec places ParentSpanId after a SamplingState (`-1-`, `-0-` or `-d-`).'),
      );
      parentSpanId = third;
    } else if (third === '1') {
      sampled = true;
    } else if (third === '0') {
      sampled = false;
    } else if (third === 'd') {
      sampled = true;
      debug = true;
    } else {
      errors.push(issue(F_SAMPLED, `The b3 SamplingState is ${quote(third)}; it must be 1 (accept), 0 (deny) or d (debug), or be left out to defer the decision.`));
    }
  }
  if (fourth !== undefined) parentSpanId = fourth;
  if (parentSpanId !== undefined) checkSpanId(parentSpanId, F_PARENT, 'ParentSpanId', errors);

  if (errors.length > 0) return rejected(errors, warnings);
  return parsed(withParent({ traceId, spanId, sampled, debug, denyOnly: false }, parentSpanId), warnings);
}

function parseSamplingOnly(value: string): ParseResult<B3> {
  switch (value) {
    case '0':
      return parsed({ sampled: false, debug: false, denyOnly: true });
    case '1':
      return parsed({ sampled: true, debug: false, denyOnly: false });
    case 'd':
      return parsed({ sampled: true, debug: true, denyOnly: false });
    default:
      return rejected([
        issue(F_SAMPLED, `The b3 header is only ${quote(value)}; a b3 value without ids must be a SamplingState: 0 (deny), 1 (accept) or d (debug).`),
      ]);
  }
}

/**
 * Parses the `X-B3-*` headers. https://github.com/openzipkin/b3-propagation#multiple-headers
 * `X-B3-Sampled: true|false` is accepted with a warning, as the spec allows lenient receivers to do.
 */
export function parseB3Multi(headers: HeaderInput): ParseResult<B3> {
  const traceId = optionalTrimmed(getHeader(headers, X_B3_TRACE_ID));
  const spanId = optionalTrimmed(getHeader(headers, X_B3_SPAN_ID));
  const parentSpanId = optionalTrimmed(getHeader(headers, X_B3_PARENT_SPAN_ID));
  const sampledText = optionalTrimmed(getHeader(headers, X_B3_SAMPLED));
  const flagsText = optionalTrimmed(getHeader(headers, X_B3_FLAGS));
  const errors: Issue[] = [];
  const warnings: Issue[] = [];

  let sampled: boolean | null = null;
  if (sampledText !== undefined) {
    if (sampledText === '1') sampled = true;
    else if (sampledText === '0') sampled = false;
    else if (LEGACY_SAMPLED.has(sampledText)) {
      sampled = sampledText === 'true' || sampledText === 'True';
      warnings.push(issue(X_B3_SAMPLED, `X-B3-Sampled is ${quote(sampledText)}, a form some tracers used before the spec; send ${sampled ? '1' : '0'} instead.`));
    } else {
      errors.push(issue(X_B3_SAMPLED, `X-B3-Sampled is ${quote(sampledText)}; it must be 1 (accept) or 0 (deny), or be absent to defer the decision.`));
    }
  }
  let debug = false;
  if (flagsText !== undefined) {
    if (flagsText === '1') {
      debug = true;
      if (sampledText !== undefined) {
        warnings.push(issue(X_B3_SAMPLED, 'X-B3-Flags: 1 (debug) already implies accept; the spec says not to also send X-B3-Sampled.'));
      }
      sampled = true;
    } else if (flagsText !== '0') {
      warnings.push(issue(X_B3_FLAGS, `X-B3-Flags is ${quote(flagsText)}; only 1 (debug) has a meaning, so the value is ignored.`));
    }
  }

  if (traceId === undefined && spanId === undefined) {
    if (parentSpanId !== undefined) {
      errors.push(issue(X_B3_TRACE_ID, 'X-B3-ParentSpanId is sent without X-B3-TraceId and X-B3-SpanId; a parent only has a meaning inside a trace context.'));
    }
    if (sampled === null && errors.length === 0) {
      errors.push(issue(X_B3_TRACE_ID, 'No B3 trace context found; send X-B3-TraceId and X-B3-SpanId, or X-B3-Sampled alone to propagate only a sampling decision.'));
    }
    if (errors.length > 0) return rejected(errors, warnings);
    return parsed({ sampled, debug, denyOnly: sampled === false }, warnings);
  }

  if (traceId === undefined) errors.push(issue(X_B3_TRACE_ID, 'X-B3-TraceId is missing; it is required whenever X-B3-SpanId is sent.'));
  else checkTraceId(traceId, X_B3_TRACE_ID, errors);
  if (spanId === undefined) errors.push(issue(X_B3_SPAN_ID, 'X-B3-SpanId is missing; it is required whenever X-B3-TraceId is sent.'));
  else checkSpanId(spanId, X_B3_SPAN_ID, 'X-B3-SpanId', errors);
  if (parentSpanId !== undefined) checkSpanId(parentSpanId, X_B3_PARENT_SPAN_ID, 'X-B3-ParentSpanId', errors);

  if (errors.length > 0 || traceId === undefined || spanId === undefined) return rejected(errors, warnings);
  return parsed(withParent({ traceId, spanId, sampled, debug, denyOnly: false }, parentSpanId), warnings);
}

function optionalTrimmed(value: string | undefined): string | undefined {
  return value === undefined ? undefined : trimOws(value);
}

function withParent(b: B3, parentSpanId: string | undefined): B3 {
  return parentSpanId === undefined ? b : { ...b, parentSpanId };
}

function checkTraceId(id: string, field: string, errors: Issue[]): void {
  if (id.length !== 16 && id.length !== 32) {
    errors.push(issue(field, `The TraceId ${describeValue(id)} is ${String(id.length)} characters long; B3 requires 16 or 32 lowercase hex digits.`));
  } else if (!isLowerHex(id)) {
    errors.push(issue(field, `The TraceId ${describeValue(id)} ${hexProblem(id)}; B3 requires lowercase hex digits (0-9, a-f).`));
  } else if (isAllZeros(id)) {
    errors.push(issue(field, 'The TraceId is all zeros, which is not a valid id; generate a random non-zero id.'));
  }
}

function checkSpanId(id: string, field: string, label: string, errors: Issue[]): void {
  if (id.length !== 16) {
    errors.push(issue(field, `The ${label} ${describeValue(id)} is ${String(id.length)} characters long; B3 requires exactly 16 lowercase hex digits.`));
  } else if (!isLowerHex(id)) {
    errors.push(issue(field, `The ${label} ${describeValue(id)} ${hexProblem(id)}; B3 requires lowercase hex digits (0-9, a-f).`));
  } else if (isAllZeros(id)) {
    errors.push(issue(field, `The ${label} is all zeros, which is not a valid id; use a random non-zero id.`));
  }
}

function hexProblem(id: string): string {
  return isHex(id) ? 'contains uppercase letters' : 'contains characters that are not hex digits';
}

/** Quotes a value for a message, cut short so a hostile megabyte header cannot flood the output. */
function quote(value: string): string {
  return value.length > 40 ? `"${value.slice(0, 37)}..."` : `"${value}"`;
}

function describeValue(value: string): string {
  return value.length === 0 ? '(empty)' : quote(value);
}

function samplingState(b: B3): string | undefined {
  if (b.debug) return 'd';
  if (b.sampled === null) return undefined;
  return b.sampled ? '1' : '0';
}

/**
 * Writes the `b3` single header. Ids are written as given; with no ids only the sampling state is written.
 * A deferred decision with a parent is written `{TraceId}-{SpanId}-{ParentSpanId}` (see `parseB3`).
 * @throws {TypeError} when only one of `traceId`/`spanId` is set, or when there are no ids and no decision.
 */
export function serializeB3(b: B3): string {
  const state = samplingState(b);
  if (b.traceId === undefined && b.spanId === undefined) {
    if (state === undefined) throw new TypeError('serializeB3: a B3 value without ids needs a sampling decision.');
    return state;
  }
  if (b.traceId === undefined || b.spanId === undefined) throw new TypeError('serializeB3: traceId and spanId must be set together.');
  let out = `${b.traceId}-${b.spanId}`;
  if (state !== undefined) out += `-${state}`;
  if (b.parentSpanId !== undefined) out += `-${b.parentSpanId}`;
  return out;
}

/**
 * Writes the `X-B3-*` headers. Debug is written as `X-B3-Flags: 1` without `X-B3-Sampled`, as the spec asks.
 * @throws {TypeError} when only one of `traceId`/`spanId` is set.
 */
export function serializeB3Multi(b: B3): Record<string, string> {
  const out: Record<string, string> = {};
  if ((b.traceId === undefined) !== (b.spanId === undefined)) throw new TypeError('serializeB3Multi: traceId and spanId must be set together.');
  if (b.traceId !== undefined && b.spanId !== undefined) {
    out[X_B3_TRACE_ID] = b.traceId;
    out[X_B3_SPAN_ID] = b.spanId;
    if (b.parentSpanId !== undefined) out[X_B3_PARENT_SPAN_ID] = b.parentSpanId;
  }
  if (b.debug) out[X_B3_FLAGS] = '1';
  else if (b.sampled !== null) out[X_B3_SAMPLED] = b.sampled ? '1' : '0';
  return out;
}

function toDecoded(format: 'b3' | 'b3multi', result: ParseResult<B3>): Decoded {
  if (!result.ok) return { format, valid: false, errors: result.errors, warnings: result.warnings };
  const b = result.value;
  // Ids with and without a parent are nearly every header: plain literals there, since the conditional spreads
  // below cost more than the parsing on the scanner's hot path. Keys keep the same order as the general shape.
  if (!b.denyOnly && b.traceId !== undefined && b.spanId !== undefined) {
    const traceId = padHex(b.traceId, 32);
    if (b.parentSpanId === undefined) {
      return { format, valid: true, errors: [], warnings: result.warnings, traceId, spanId: b.spanId, sampled: b.sampled, debug: b.debug };
    }
    return { format, valid: true, errors: [], warnings: result.warnings, traceId, spanId: b.spanId, parentSpanId: b.parentSpanId, sampled: b.sampled, debug: b.debug };
  }
  return {
    format,
    valid: true,
    errors: [],
    warnings: result.warnings,
    ...(b.traceId === undefined ? {} : { traceId: padHex(b.traceId, 32) }),
    ...(b.spanId === undefined ? {} : { spanId: b.spanId }),
    ...(b.parentSpanId === undefined ? {} : { parentSpanId: b.parentSpanId }),
    sampled: b.sampled,
    debug: b.debug,
    ...(b.denyOnly ? { denyOnly: true } : {}),
  };
}

/** Decodes a `b3` single header into the common shape (format `b3`). */
export function decodeB3(text: string): Decoded {
  return toDecoded('b3', parseB3(text));
}

/** Decodes `X-B3-*` headers into the common shape (format `b3multi`). */
export function decodeB3Multi(headers: HeaderInput): Decoded {
  return toDecoded('b3multi', parseB3Multi(headers));
}
