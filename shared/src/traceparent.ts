/**
 * W3C Trace Context Level 2 `traceparent` codec, and the traceparent + tracestate pair.
 * https://www.w3.org/TR/trace-context-2/#traceparent-header
 */
import type { Decoded } from './decoded';
import { isAllZeros } from './hex';
import { issue, parsed, rejected, type Issue, type ParseResult } from './result';
import { decodeTracestate, parseTracestate, type Tracestate } from './tracestate';
import {
  PARENT_ID_LENGTH,
  TRACEPARENT_DEFAULT_VERSION,
  TRACEPARENT_INVALID_VERSION,
  TRACEPARENT_LENGTH,
  TRACEPARENT_VERSION_LENGTH,
  TRACE_FLAGS_KNOWN_MASK,
  TRACE_FLAGS_LENGTH,
  TRACE_FLAG_RANDOM,
  TRACE_FLAG_SAMPLED,
  TRACE_ID_LENGTH,
} from './w3cConstants';

/** A parsed `traceparent`: ids in lowercase hex, `flags` as the 8-bit field, its two defined bits spelled out. */
export interface Traceparent {
  /** Two lowercase hex digits; `00` unless a newer sender was parsed by the forward-compatibility rules. */
  version: string;
  traceId: string;
  /** The `parent-id` field: the caller's span id. */
  spanId: string;
  flags: number;
  /** Bit 0x01 of `flags`. */
  sampled: boolean;
  /** Bit 0x02 of `flags` (Level 2): the trace-id's right-most 7 bytes are random. */
  randomTraceId: boolean;
}

/** What {@link serializeTraceparent} accepts: ids are required, everything else has a default. */
export interface TraceparentInput {
  traceId: string;
  spanId: string;
  flags?: number;
  sampled?: boolean;
  version?: string;
}

/** What {@link parseTraceContext} returns: `tracestate` is only present when it was given and traceparent parsed. */
export interface TraceContextResult {
  traceparent: ParseResult<Traceparent>;
  tracestate?: ParseResult<Tracestate>;
}

/** The longest piece of input quoted back in a message; hostile values can be megabytes long. */
const QUOTE_LIMIT = 40;

/**
 * Parses a `traceparent` header value (W3C Trace Context Level 2 §traceparent Header).
 * Spaces and tabs around the value are trimmed, as HTTP does with OWS. Never throws.
 * https://www.w3.org/TR/trace-context-2/#traceparent-header
 */
export function parseTraceparent(text: string): ParseResult<Traceparent> {
  const fast = parseCanonical(text);
  if (fast !== undefined) return fast;
  if (typeof text !== 'string') {
    return rejected([issue('format', `traceparent must be a string; got ${typeof text}`)]);
  }
  const value = trimOws(text);
  if (value.length === 0) {
    return rejected([
      issue('format', 'traceparent is empty; it must be version-trace-id-parent-id-trace-flags (55 characters for version 00)'),
    ]);
  }

  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  // Only the first four dash-separated fields are ever examined; the remainder is either forbidden (version 00)
  // or opaque (future versions), so it is located but never split. Positions, not an array of pieces: this path
  // runs for every header that is not canonical, including floods of invalid ones.
  const d1 = value.indexOf('-');
  const d2 = d1 === -1 ? -1 : value.indexOf('-', d1 + 1);
  const d3 = d2 === -1 ? -1 : value.indexOf('-', d2 + 1);
  const rest = d3 === -1 ? -1 : value.indexOf('-', d3 + 1);
  const fieldCount = d3 !== -1 ? 4 : d2 !== -1 ? 3 : d1 !== -1 ? 2 : 1;
  const version = value.slice(0, d1 === -1 ? value.length : d1);
  const traceId = d1 === -1 ? undefined : value.slice(d1 + 1, d2 === -1 ? value.length : d2);
  const spanId = d2 === -1 ? undefined : value.slice(d2 + 1, d3 === -1 ? value.length : d3);
  const flagsText = d3 === -1 ? undefined : value.slice(d3 + 1, rest === -1 ? value.length : rest);
  const versionOk = checkHexField(version, 'version', TRACEPARENT_VERSION_LENGTH, errors);
  if (versionOk && version === TRACEPARENT_INVALID_VERSION) {
    errors.push(issue('version', 'version ff is forbidden by the spec'));
  }
  if (fieldCount < 4) {
    errors.push(
      issue(
        'format',
        `traceparent must have 4 dash-separated fields (version-trace-id-parent-id-trace-flags); got ${fieldCount}`,
      ),
    );
  }
  if (traceId !== undefined && checkHexField(traceId, 'trace-id', TRACE_ID_LENGTH, errors) && isAllZeros(traceId)) {
    errors.push(ZERO_TRACE_ID_ERROR);
  }
  if (spanId !== undefined && checkHexField(spanId, 'parent-id', PARENT_ID_LENGTH, errors) && isAllZeros(spanId)) {
    errors.push(ZERO_PARENT_ID_ERROR);
  }
  if (flagsText !== undefined) checkHexField(flagsText, 'trace-flags', TRACE_FLAGS_LENGTH, errors);

  if (rest !== -1) {
    if (version === TRACEPARENT_DEFAULT_VERSION) {
      errors.push(
        issue(
          'format',
          `version 00 must be exactly ${TRACEPARENT_LENGTH} characters with nothing after trace-flags; got ${value.length}`,
        ),
      );
    } else if (versionOk) {
      // Trace Context §Versioning of traceparent: a newer version may append fields; they are not ours to parse.
      warnings.push(issue('format', `ignored ${value.length - rest} characters after trace-flags, as the spec requires for version ${version}`));
    }
  }

  if (errors.length > 0 || traceId === undefined || spanId === undefined || flagsText === undefined) {
    return rejected(errors, warnings);
  }

  const flags = Number.parseInt(flagsText, 16);
  const reserved = flags & ~TRACE_FLAGS_KNOWN_MASK & 0xff;
  if (reserved !== 0) {
    warnings.push(
      issue(
        'trace-flags',
        `trace-flags has reserved bits set (0x${reserved.toString(16).padStart(2, '0')}); senders MUST set them to zero and receivers ignore them`,
      ),
    );
  }
  if (version !== TRACEPARENT_DEFAULT_VERSION) {
    warnings.push(
      issue('version', `version ${version} is newer than 00; parsed with the spec's forward-compatibility rules`),
    );
  }
  return parsed(
    {
      version,
      traceId,
      spanId,
      flags,
      sampled: (flags & TRACE_FLAG_SAMPLED) === TRACE_FLAG_SAMPLED,
      randomTraceId: (flags & TRACE_FLAG_RANDOM) === TRACE_FLAG_RANDOM,
    },
    warnings,
  );
}

const NO_WARNINGS: readonly Issue[] = Object.freeze([]);

/**
 * What nearly every real header looks like: version 00, exactly 55 characters, lowercase hex, only defined flag
 * bits. Anchored, fixed-width and without nested quantifiers, so it runs in linear time; V8 compiles it to native
 * code, which beats a char-code loop here.
 */
const CANONICAL_TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]$/;
const ZERO_TRACE_ID = '0'.repeat(TRACE_ID_LENGTH);
const ZERO_PARENT_ID = '0'.repeat(PARENT_ID_LENGTH);
const ZERO_TRACE_ID_ERROR: Issue = Object.freeze(issue('trace-id', 'trace-id must not be all zeros'));
const ZERO_PARENT_ID_ERROR: Issue = Object.freeze(issue('parent-id', 'parent-id must not be all zeros'));

/**
 * The fast path for canonical headers. Anything else (including anything that needs an error or a warning)
 * returns undefined and goes through the full parser, which explains every defect.
 */
function parseCanonical(text: string): ParseResult<Traceparent> | undefined {
  if (typeof text !== 'string' || !CANONICAL_TRACEPARENT.test(text)) return undefined;
  const zeroTrace = text.startsWith(ZERO_TRACE_ID, 3);
  const zeroParent = text.startsWith(ZERO_PARENT_ID, 36);
  // All-zero ids are the one defect a canonical shape can carry: answered here rather than by the full parser.
  if (zeroTrace || zeroParent) {
    const errors: Issue[] = [];
    if (zeroTrace) errors.push(ZERO_TRACE_ID_ERROR);
    if (zeroParent) errors.push(ZERO_PARENT_ID_ERROR);
    return { ok: false, errors, warnings: NO_WARNINGS };
  }
  const flags = text.charCodeAt(54) - 48;
  return {
    ok: true,
    value: {
      version: TRACEPARENT_DEFAULT_VERSION,
      traceId: text.slice(3, 35),
      spanId: text.slice(36, 52),
      flags,
      sampled: (flags & TRACE_FLAG_SAMPLED) === TRACE_FLAG_SAMPLED,
      randomTraceId: (flags & TRACE_FLAG_RANDOM) === TRACE_FLAG_RANDOM,
    },
    warnings: NO_WARNINGS,
  };
}

/**
 * Serializes a traceparent (W3C Trace Context Level 2 §traceparent Header).
 * `version` defaults to `00`; `flags` defaults to 0x01 when `sampled` is true and 0x00 otherwise.
 * https://www.w3.org/TR/trace-context-2/#traceparent-header
 * @throws {TypeError} when `traceId` is not 32 lowercase hex digits or is all zeros, `spanId` is not 16 lowercase
 *   hex digits or is all zeros, `flags` is not an integer from 0 to 255, `version` is not two lowercase hex digits
 *   or is `ff`, or `flags` and `sampled` are both given and disagree about the sampled bit.
 */
export function serializeTraceparent(tp: TraceparentInput): string {
  const version = tp.version ?? TRACEPARENT_DEFAULT_VERSION;
  requireId(version, 'version', TRACEPARENT_VERSION_LENGTH);
  if (version === TRACEPARENT_INVALID_VERSION) throw new TypeError('traceparent version ff is forbidden');
  requireId(tp.traceId, 'traceId', TRACE_ID_LENGTH);
  requireId(tp.spanId, 'spanId', PARENT_ID_LENGTH);
  if (isAllZeros(tp.traceId)) throw new TypeError('traceId must not be all zeros');
  if (isAllZeros(tp.spanId)) throw new TypeError('spanId must not be all zeros');

  let flags: number;
  if (tp.flags === undefined) {
    flags = tp.sampled === true ? TRACE_FLAG_SAMPLED : 0;
  } else {
    if (!Number.isInteger(tp.flags) || tp.flags < 0 || tp.flags > 0xff) {
      throw new TypeError(`flags must be an integer from 0 to 255; got ${String(tp.flags)}`);
    }
    flags = tp.flags;
    if (tp.sampled !== undefined && tp.sampled !== ((flags & TRACE_FLAG_SAMPLED) === TRACE_FLAG_SAMPLED)) {
      throw new TypeError(`flags 0x${flags.toString(16)} and sampled=${tp.sampled} disagree about the sampled bit`);
    }
  }
  return `${version}-${tp.traceId}-${tp.spanId}-${flags.toString(16).padStart(TRACE_FLAGS_LENGTH, '0')}`;
}

/**
 * Decodes a `traceparent` value into the common {@link Decoded} shape (format `traceparent`).
 * Ids and flags are present only when the value is valid. Never throws.
 * https://www.w3.org/TR/trace-context-2/#traceparent-header
 */
export function decodeTraceparent(text: string): Decoded {
  const result = parseTraceparent(text);
  if (!result.ok) return { format: 'traceparent', valid: false, errors: result.errors, warnings: result.warnings };
  return decodedFrom(result.value, true, [], result.warnings);
}

/**
 * Parses a traceparent and its tracestate the way a receiver must (W3C Trace Context §tracestate Header):
 * tracestate is not even looked at when traceparent fails to parse, so `tracestate` is then undefined.
 * https://www.w3.org/TR/trace-context-2/#tracestate-header
 */
export function parseTraceContext(traceparent: string, tracestate?: string): TraceContextResult {
  const tp = parseTraceparent(traceparent);
  if (!tp.ok || tracestate === undefined) return { traceparent: tp };
  return { traceparent: tp, tracestate: parseTracestate(tracestate) };
}

/**
 * Decodes a traceparent with its tracestate into one {@link Decoded} (format `traceparent`): tracestate's members
 * and size are added, and its findings are reported with fields prefixed `tracestate`. When traceparent is invalid,
 * tracestate is ignored, as the spec requires, and a warning says so. `valid` is true only when both are valid.
 * https://www.w3.org/TR/trace-context-2/#tracestate-header
 */
export function decodeTraceContext(traceparent: string, tracestate?: string): Decoded {
  const result = parseTraceparent(traceparent);
  if (!result.ok) {
    const ignored = tracestate !== undefined && !(typeof tracestate === 'string' && trimOws(tracestate).length === 0);
    return {
      format: 'traceparent',
      valid: false,
      errors: result.errors,
      warnings: ignored ? [...result.warnings, TRACESTATE_IGNORED] : result.warnings,
    };
  }
  const tp = result.value;
  if (tracestate === undefined) return decodedFrom(tp, true, [], result.warnings);
  // Built as plain literals: object spread here cost more than the parsing itself on the scanner's hot path.
  const ts = decodeTracestate(tracestate);
  const errors = ts.errors.length === 0 ? [] : ts.errors.map(prefixTracestate);
  const warnings = ts.warnings.length === 0 ? result.warnings : [...result.warnings, ...ts.warnings.map(prefixTracestate)];
  return decodedFrom(tp, errors.length === 0, errors, warnings, ts);
}

const TRACESTATE_IGNORED: Issue = Object.freeze(
  issue('tracestate', 'tracestate was ignored: the spec says a receiver that fails to parse traceparent MUST NOT parse tracestate'),
);

function decodedFrom(
  tp: Traceparent,
  valid: boolean,
  errors: readonly Issue[],
  warnings: readonly Issue[],
  tracestate?: Decoded,
): Decoded {
  if (tracestate?.members !== undefined) {
    return {
      format: 'traceparent',
      valid,
      errors,
      warnings,
      traceId: tp.traceId,
      spanId: tp.spanId,
      flags: tp.flags,
      sampled: tp.sampled,
      randomTraceId: tp.randomTraceId,
      version: tp.version,
      members: tracestate.members,
      bytes: tracestate.bytes,
    };
  }
  return {
    format: 'traceparent',
    valid,
    errors,
    warnings,
    traceId: tp.traceId,
    spanId: tp.spanId,
    flags: tp.flags,
    sampled: tp.sampled,
    randomTraceId: tp.randomTraceId,
    version: tp.version,
  };
}

function prefixTracestate(found: Issue): Issue {
  return found.field === 'tracestate' || found.field.startsWith('tracestate.')
    ? found
    : issue(`tracestate.${found.field}`, found.message);
}

/**
 * Checks one fixed-width lowercase-hex field and records at most one error for it, the most useful one:
 * wrong length first (the usual copy-paste mistake), then uppercase, then any other character.
 */
function checkHexField(text: string, field: string, width: number, errors: Issue[]): boolean {
  // The message is built only on failure: this runs four times per header on the hot path.
  if (text.length !== width) {
    errors.push(issue(field, `${field} must be ${width} lowercase hex characters; got ${text.length}`));
    return false;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102)) continue;
    const found = c >= 65 && c <= 70 ? 'uppercase hex is not allowed; use lowercase' : `found ${describeChar(text, i)} at position ${i + 1}`;
    errors.push(issue(field, `${field} must be ${width} lowercase hex characters; ${found}`));
    return false;
  }
  return true;
}

function requireId(text: unknown, name: string, width: number): void {
  if (typeof text !== 'string' || text.length !== width) {
    throw new TypeError(`${name} must be ${width} lowercase hex characters; got ${describeValue(text)}`);
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) {
      throw new TypeError(`${name} must be ${width} lowercase hex characters; got ${describeValue(text)}`);
    }
  }
}

function describeValue(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  return value.length > QUOTE_LIMIT ? `${value.length} characters` : JSON.stringify(value);
}

/** Quotes one character for a message; JSON escaping keeps control characters and lone surrogates readable. */
function describeChar(text: string, index: number): string {
  const c = text.charCodeAt(index);
  return `${JSON.stringify(text.charAt(index))} (U+${c.toString(16).toUpperCase().padStart(4, '0')})`;
}

/** Removes leading and trailing spaces and tabs: RFC 9110 OWS, which HTTP strips from field values. */
function trimOws(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isOws(text.charCodeAt(start))) start++;
  while (end > start && isOws(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function isOws(c: number): boolean {
  return c === 0x20 || c === 0x09;
}
