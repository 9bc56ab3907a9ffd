/**
 * Jaeger native propagation: `uber-trace-id: {trace-id}:{span-id}:{parent-span-id}:{flags}` plus
 * `uberctx-{key}` baggage headers.
 * Spec: https://www.jaegertracing.io/docs/1.x/client-libraries/#propagation-format
 */
import type { Decoded, DecodedMember } from './decoded';
import type { HeaderInput } from './headers';
import type { Issue, ParseResult } from './result';
import { trimOws } from './headers';
import { isAllZeros, isHex, padHex } from './hex';
import { issue, parsed, rejected } from './result';

/** The trace context header name. */
export const UBER_TRACE_ID_HEADER = 'uber-trace-id';
/** Baggage travels as one header per item: `uberctx-{key}: {percent-encoded value}`. */
export const UBER_BAGGAGE_PREFIX = 'uberctx-';
/** Flags bit 1: sampled (spec: flags are "one byte bitmap, as two hex digits"). */
export const JAEGER_FLAG_SAMPLED = 0x01;
/** Flags bit 2: debug, which forces sampling. */
export const JAEGER_FLAG_DEBUG = 0x02;
/** Flags bit 4: firehose, spans skip indexing. */
export const JAEGER_FLAG_FIREHOSE = 0x08;
/** Bits the spec leaves unused (0x04 and the high nibble). */
const RESERVED_FLAGS = 0xff & ~(JAEGER_FLAG_SAMPLED | JAEGER_FLAG_DEBUG | JAEGER_FLAG_FIREHOSE);

/** A decoded `uber-trace-id` with its baggage. */
export interface Jaeger {
  /** 32 lowercase hex digits, left-padded when the sender wrote fewer. */
  traceId: string;
  /** 16 lowercase hex digits, left-padded. */
  spanId: string;
  /** 16 lowercase hex digits; omitted when the sender wrote `0` (root span). */
  parentSpanId?: string;
  /** The flags byte. */
  flags: number;
  sampled: boolean;
  debug: boolean;
  firehose: boolean;
  /** `uberctx-*` headers, values percent-decoded, in header order. */
  baggage: { key: string; value: string }[];
}

/**
 * Parses an `uber-trace-id` value, and `uberctx-*` baggage from `headers` when given.
 * Ids are base16 of any case and may be shorter than full width (Jaeger clients format them with `%x`), so they
 * are left-padded and lower-cased. `%3A` in any case is read as `:`, since the value is often URL-encoded.
 */
export function parseJaeger(value: string, headers?: HeaderInput): ParseResult<Jaeger> {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const baggage = headers === undefined ? [] : readBaggage(headers, warnings);
  const parts = splitFields(trimOws(value));
  if (parts.length !== 4) {
    const count = parts.length > 4 ? 'more than 4' : String(parts.length);
    errors.push(
      issue(
        UBER_TRACE_ID_HEADER,
        `The uber-trace-id value has ${count} colon-separated field${parts.length === 1 ? '' : 's'}; Jaeger requires exactly 4: {trace-id}:{span-id}:{parent-span-id}:{flags}.`,
      ),
    );
    return rejected(errors, warnings);
  }
  const [rawTrace = '', rawSpan = '', rawParent = '', rawFlags = ''] = parts;
  const traceId = readId(rawTrace, 32, 'trace-id', '64- or 128-bit', errors);
  if (traceId !== undefined && isAllZeros(traceId)) {
    errors.push(issue('trace-id', 'The trace-id is zero, which Jaeger defines as invalid; use a random non-zero id.'));
  }
  const spanId = readId(rawSpan, 16, 'span-id', '64-bit', errors);
  if (spanId !== undefined && isAllZeros(spanId)) {
    errors.push(issue('span-id', 'The span-id is zero, which is not a valid span id; use a random non-zero id.'));
  }
  const parentSpanId = readId(rawParent, 16, 'parent-span-id', '64-bit', errors);
  const flags = readFlags(rawFlags, errors, warnings);

  if (errors.length > 0 || traceId === undefined || spanId === undefined || flags === undefined) return rejected(errors, warnings);
  const sampled = (flags & JAEGER_FLAG_SAMPLED) !== 0;
  const debug = (flags & JAEGER_FLAG_DEBUG) !== 0;
  if (debug && !sampled) {
    warnings.push(issue('flags', 'The debug flag (0x02) is set without the sampled flag (0x01); Jaeger clients set both, since debug forces sampling.'));
  }
  const result: Jaeger = {
    traceId,
    spanId,
    flags,
    sampled,
    debug,
    firehose: (flags & JAEGER_FLAG_FIREHOSE) !== 0,
    baggage,
  };
  // The spec: parent `0` is valid and means "root span".
  if (parentSpanId !== undefined && !isAllZeros(parentSpanId)) result.parentSpanId = parentSpanId;
  return parsed(result, warnings);
}

/** Splits on `:` and on `%3A`/`%3a`, stopping after five fields so a hostile value costs one pass. */
function splitFields(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length && parts.length < 5) {
    const c = text.charCodeAt(i);
    if (c === 0x3a) {
      parts.push(text.slice(start, i));
      i++;
      start = i;
    } else if (c === 0x25 && text.charCodeAt(i + 1) === 0x33 && (text.charCodeAt(i + 2) | 0x20) === 0x61) {
      parts.push(text.slice(start, i));
      i += 3;
      start = i;
    } else {
      i++;
    }
  }
  if (parts.length < 5) parts.push(text.slice(start));
  return parts;
}

function readId(raw: string, width: number, field: string, bits: string, errors: Issue[]): string | undefined {
  if (raw.length === 0) {
    errors.push(issue(field, `The ${field} is empty; Jaeger requires a ${bits} id in hex (1 to ${String(width)} digits).`));
    return undefined;
  }
  if (raw.length > width) {
    errors.push(issue(field, `The ${field} has ${String(raw.length)} digits; Jaeger allows at most ${String(width)} hex digits (a ${bits} id).`));
    return undefined;
  }
  if (!isHex(raw)) {
    errors.push(issue(field, `The ${field} ${quote(raw)} contains characters that are not hex digits; Jaeger ids are base16.`));
    return undefined;
  }
  return padHex(raw.toLowerCase(), width);
}

function readFlags(raw: string, errors: Issue[], warnings: Issue[]): number | undefined {
  if (raw.length === 0 || raw.length > 2 || !isHex(raw)) {
    errors.push(issue('flags', `The flags field ${quote(raw)} is not a byte in hex; Jaeger requires one or two hex digits, e.g. 01 for sampled.`));
    return undefined;
  }
  const flags = Number.parseInt(raw, 16);
  if ((flags & RESERVED_FLAGS) !== 0) {
    warnings.push(issue('flags', `The flags byte 0x${padHex(flags.toString(16), 2)} sets bits Jaeger does not define; only 0x01 (sampled), 0x02 (debug) and 0x08 (firehose) have a meaning.`));
  }
  // jaeger-client-go writes flags with %x but reads them back as decimal (strconv.ParseUint(s, 10, 8)); the two
  // readings only agree on 0-9, so anything above is worth knowing about before it reaches a Go service.
  if (flags > 9) {
    warnings.push(
      issue('flags', `The flags field ${quote(raw)} is 0x${padHex(flags.toString(16), 2)} as the spec reads it (hex), but jaeger-client-go parses flags as decimal and will read it differently or reject it.`),
    );
  }
  return flags;
}

function readBaggage(headers: HeaderInput, warnings: Issue[]): { key: string; value: string }[] {
  const baggage: { key: string; value: string }[] = [];
  for (const name of Object.keys(headers)) {
    if (name.length < UBER_BAGGAGE_PREFIX.length || name.slice(0, UBER_BAGGAGE_PREFIX.length).toLowerCase() !== UBER_BAGGAGE_PREFIX) continue;
    const key = name.slice(UBER_BAGGAGE_PREFIX.length);
    const raw = firstString(headers[name]);
    if (raw === undefined) continue;
    if (key.length === 0) {
      warnings.push(issue(name, 'A baggage header is named only `uberctx-`; the item key follows the prefix, as in `uberctx-user-id`, so this header is ignored.'));
      continue;
    }
    const value = trimOws(raw);
    const decoded = percentDecode(value);
    if (decoded === undefined) {
      warnings.push(issue(name, `The value of ${name} is not valid percent-encoding; Jaeger clients URL-encode baggage values, so it is kept as sent.`));
      baggage.push({ key, value });
    } else {
      baggage.push({ key, value: decoded });
    }
  }
  return baggage;
}

function firstString(value: string | readonly string[] | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const first: unknown = value[0];
    return typeof first === 'string' ? first : undefined;
  }
  return undefined;
}

function percentDecode(value: string): string | undefined {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function quote(value: string): string {
  return value.length > 40 ? `"${value.slice(0, 37)}..."` : `"${value}"`;
}

/** The flags byte `j` describes: its `sampled`, `debug` and `firehose` booleans win over the matching bits of `flags`. */
function effectiveFlags(j: Jaeger): number {
  let flags = j.flags & ~(JAEGER_FLAG_SAMPLED | JAEGER_FLAG_DEBUG | JAEGER_FLAG_FIREHOSE) & 0xff;
  if (j.sampled) flags |= JAEGER_FLAG_SAMPLED;
  if (j.debug) flags |= JAEGER_FLAG_DEBUG;
  if (j.firehose) flags |= JAEGER_FLAG_FIREHOSE;
  return flags;
}

/**
 * Writes the `uber-trace-id` value with full-width ids, `0` for a missing parent and two-digit hex flags.
 * Baggage is not part of this value; see `serializeJaegerBaggage`.
 */
export function serializeJaeger(j: Jaeger): string {
  return `${j.traceId}:${j.spanId}:${j.parentSpanId ?? '0'}:${padHex(effectiveFlags(j).toString(16), 2)}`;
}

/** Writes the baggage as `uberctx-{key}` headers with percent-encoded values. */
export function serializeJaegerBaggage(j: Jaeger): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of j.baggage) out[`${UBER_BAGGAGE_PREFIX}${key}`] = safeEncode(value);
  return out;
}

/** encodeURIComponent throws on lone surrogates; those code units are replaced rather than failing the header. */
function safeEncode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    let wellFormed = '';
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      const next = value.charCodeAt(i + 1);
      if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        wellFormed += value.slice(i, i + 2);
        i++;
      } else {
        wellFormed += c >= 0xd800 && c <= 0xdfff ? '\ufffd' : value.charAt(i);
      }
    }
    return encodeURIComponent(wellFormed);
  }
}

/** Decodes an `uber-trace-id` value (and `uberctx-*` baggage) into the common shape (format `jaeger`). */
export function decodeJaeger(value: string, headers?: HeaderInput): Decoded {
  const result = parseJaeger(value, headers);
  if (!result.ok) return { format: 'jaeger', valid: false, errors: result.errors, warnings: result.warnings };
  const j = result.value;
  const members: DecodedMember[] = j.baggage.map(({ key, value: v }) => ({
    key,
    value: v,
    // What the item costs on the wire: header name plus encoded value.
    bytes: Buffer.byteLength(`${UBER_BAGGAGE_PREFIX}${key}`) + Buffer.byteLength(safeEncode(v)),
  }));
  return {
    format: 'jaeger',
    valid: true,
    errors: [],
    warnings: result.warnings,
    traceId: j.traceId,
    spanId: j.spanId,
    ...(j.parentSpanId === undefined ? {} : { parentSpanId: j.parentSpanId }),
    sampled: j.sampled,
    debug: j.debug,
    flags: j.flags,
    ...(members.length > 0 ? { members } : {}),
  };
}
