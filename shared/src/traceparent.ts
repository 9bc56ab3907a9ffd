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
  if (typeof text === 'string') {
    const fixed = parseFixedWidth(text);
    if (fixed !== undefined) return fixed;
  } else {
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
  const versionOk = checkHexField(version, VERSION_FIELD, errors);
  if (versionOk && version === TRACEPARENT_INVALID_VERSION) errors.push(VERSION_FF_ERROR);
  if (fieldCount < 4) errors.push(fieldCountError(fieldCount));
  if (traceId !== undefined && checkHexField(traceId, TRACE_ID_FIELD, errors) && isAllZeros(traceId)) {
    errors.push(ZERO_TRACE_ID_ERROR);
  }
  if (spanId !== undefined && checkHexField(spanId, PARENT_ID_FIELD, errors) && isAllZeros(spanId)) {
    errors.push(ZERO_PARENT_ID_ERROR);
  }
  if (flagsText !== undefined) checkHexField(flagsText, FLAGS_FIELD, errors);

  if (rest !== -1) {
    if (version === TRACEPARENT_DEFAULT_VERSION) {
      errors.push(version00LengthError(value.length));
    } else if (versionOk) {
      // Trace Context §Versioning of traceparent: a newer version may append fields; they are not ours to parse.
      warnings.push(ignoredRestWarning(version, value.length - rest));
    }
  }

  if (errors.length > 0 || traceId === undefined || spanId === undefined || flagsText === undefined) {
    return rejected(errors, warnings.length === 0 ? NO_WARNINGS : warnings);
  }

  const flags = Number.parseInt(flagsText, 16);
  const reserved = flags & ~TRACE_FLAGS_KNOWN_MASK & 0xff;
  if (reserved !== 0) warnings.push(reservedFlagsWarning(reserved));
  if (version !== TRACEPARENT_DEFAULT_VERSION) warnings.push(newerVersionWarning(version));
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

const ZERO_TRACE_ID = '0'.repeat(TRACE_ID_LENGTH);
const ZERO_PARENT_ID = '0'.repeat(PARENT_ID_LENGTH);
const ZERO_TRACE_ID_ERROR: Issue = Object.freeze(issue('trace-id', 'trace-id must not be all zeros'));
const ZERO_PARENT_ID_ERROR: Issue = Object.freeze(issue('parent-id', 'parent-id must not be all zeros'));

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
  const decoded: { -readonly [K in keyof Decoded]: Decoded[K] } = {
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
  // Added only when present, so a traceparent without tracestate has no `members` key at all.
  if (tracestate?.members !== undefined) {
    decoded.members = tracestate.members;
    decoded.bytes = tracestate.bytes;
  }
  return decoded;
}

function prefixTracestate(found: Issue): Issue {
  return found.field === 'tracestate' || found.field.startsWith('tracestate.')
    ? found
    : issue(`tracestate.${found.field}`, found.message);
}

/** One fixed-width field of traceparent, with the findings about it that never change, made once. */
interface HexField {
  readonly name: string;
  readonly width: number;
  readonly uppercase: Issue;
  /** Wrong-length errors by the length found, made on first use (only for short lengths, so memory stays bounded). */
  readonly byLength: (Issue | undefined)[];
}

function hexField(name: string, width: number): HexField {
  return {
    name,
    width,
    uppercase: Object.freeze(issue(name, `${name} must be ${width} lowercase hex characters; uppercase hex is not allowed; use lowercase`)),
    byLength: [],
  };
}

const VERSION_FIELD = hexField('version', TRACEPARENT_VERSION_LENGTH);
const TRACE_ID_FIELD = hexField('trace-id', TRACE_ID_LENGTH);
const PARENT_ID_FIELD = hexField('parent-id', PARENT_ID_LENGTH);
const FLAGS_FIELD = hexField('trace-flags', TRACE_FLAGS_LENGTH);

/**
 * Findings whose text depends on a length or a version are made once per distinct value and shared (frozen):
 * floods of the same malformed header then cost no message building. Only values up to this bound are kept.
 */
const MEMO_LIMIT = 128;
/** Bytes after trace-flags that get a shared warning; longer tails build their own. */
const MEMO_REST_LIMIT = 32;

function memo(table: (Issue | undefined)[], index: number, make: () => Issue): Issue {
  let found = table[index];
  if (found === undefined) {
    found = Object.freeze(make());
    table[index] = found;
  }
  return found;
}

const VERSION_FF_ERROR: Issue = Object.freeze(issue('version', 'version ff is forbidden by the spec'));
const FIELD_COUNT_ERRORS: (Issue | undefined)[] = [];
const VERSION_00_LENGTH_ERRORS: (Issue | undefined)[] = [];
const RESERVED_FLAGS_WARNINGS: (Issue | undefined)[] = [];
const NEWER_VERSION_WARNINGS: (Issue | undefined)[] = [];
const IGNORED_REST_WARNINGS: (Issue | undefined)[] = [];

function fieldCountError(count: number): Issue {
  return memo(FIELD_COUNT_ERRORS, count, () =>
    issue('format', `traceparent must have 4 dash-separated fields (version-trace-id-parent-id-trace-flags); got ${count}`),
  );
}

function version00LengthError(length: number): Issue {
  const make = (): Issue =>
    issue('format', `version 00 must be exactly ${TRACEPARENT_LENGTH} characters with nothing after trace-flags; got ${length}`);
  return length < MEMO_LIMIT ? memo(VERSION_00_LENGTH_ERRORS, length, make) : make();
}

function reservedFlagsWarning(reserved: number): Issue {
  return memo(RESERVED_FLAGS_WARNINGS, reserved, () =>
    issue(
      'trace-flags',
      `trace-flags has reserved bits set (0x${reserved.toString(16).padStart(2, '0')}); senders MUST set them to zero and receivers ignore them`,
    ),
  );
}

/** `version` is two lowercase hex digits here, so its value indexes the table. */
function newerVersionWarning(version: string): Issue {
  return memo(NEWER_VERSION_WARNINGS, Number.parseInt(version, 16), () =>
    issue('version', `version ${version} is newer than 00; parsed with the spec's forward-compatibility rules`),
  );
}

function ignoredRestWarning(version: string, count: number): Issue {
  const make = (): Issue =>
    issue('format', `ignored ${count} characters after trace-flags, as the spec requires for version ${version}`);
  return count <= MEMO_REST_LIMIT ? memo(IGNORED_REST_WARNINGS, Number.parseInt(version, 16) * (MEMO_REST_LIMIT + 1) + count, make) : make();
}

/**
 * Checks one fixed-width lowercase-hex field and records at most one error for it, the most useful one:
 * wrong length first (the usual copy-paste mistake), then uppercase, then any other character.
 */
function checkHexField(text: string, field: HexField, errors: Issue[]): boolean {
  const { name, width } = field;
  if (text.length !== width) {
    const length = text.length;
    const make = (): Issue => issue(name, `${name} must be ${width} lowercase hex characters; got ${length}`);
    errors.push(length < MEMO_LIMIT ? memo(field.byLength, length, make) : make());
    return false;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102)) continue;
    errors.push(
      c >= 65 && c <= 70
        ? field.uppercase
        : issue(name, `${name} must be ${width} lowercase hex characters; found ${describeChar(text, i)} at position ${i + 1}`),
    );
    return false;
  }
  return true;
}

const HEX_OK = 0;
const HEX_UPPERCASE = 1;
const HEX_OTHER = 2;

/**
 * Whether `text[start, end)` is lowercase hex, hex with some uppercase, or anything else. Anything else includes a
 * dash, which would move the field boundaries the full parser sees, so the whole span is always looked at.
 */
function classifyHex(text: string, start: number, end: number): number {
  let shape = HEX_OK;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const kind = c < 128 ? (HEX_KIND[c] ?? HEX_OTHER) : HEX_OTHER;
    if (kind === HEX_OTHER) return HEX_OTHER;
    shape |= kind;
  }
  return shape;
}

/** {@link classifyHex}'s answer per ASCII character. */
const HEX_KIND = new Uint8Array(128).fill(HEX_OTHER);
for (let c = 48; c <= 57; c++) HEX_KIND[c] = HEX_OK;
for (let c = 97; c <= 102; c++) HEX_KIND[c] = HEX_OK;
for (let c = 65; c <= 70; c++) HEX_KIND[c] = HEX_UPPERCASE;

function hexValue(c: number): number {
  return c <= 57 ? c - 48 : c - 87;
}

const DASH = 0x2d;

/**
 * The fast path: values with the version-00 layout (dashes at 2, 35 and 52, then nothing or a dash at 55)
 * and no surrounding whitespace, whose fields hold only hex digits. That covers nearly every real header and the
 * usual defects: uppercase ids, all-zero ids, version ff, reserved flag bits, newer versions with extra fields and
 * version 00 with extra data. Every finding is exactly what the full parser reports, in the same order; other
 * defects return undefined and go there. A char-code pass with a lookup table: it measured faster than a regular
 * expression test, and answers invalid values without a second pass.
 */
function parseFixedWidth(value: string): ParseResult<Traceparent> | undefined {
  const length = value.length;
  if (length < TRACEPARENT_LENGTH || value.charCodeAt(2) !== DASH || value.charCodeAt(35) !== DASH || value.charCodeAt(52) !== DASH) {
    return undefined;
  }
  const hasRest = length > TRACEPARENT_LENGTH;
  if ((hasRest && value.charCodeAt(TRACEPARENT_LENGTH) !== DASH) || isOws(value.charCodeAt(length - 1))) return undefined;
  const versionShape = classifyHex(value, 0, 2);
  const traceShape = classifyHex(value, 3, 35);
  const parentShape = classifyHex(value, 36, 52);
  const flagsShape = classifyHex(value, 53, 55);
  if (versionShape === HEX_OTHER || traceShape === HEX_OTHER || parentShape === HEX_OTHER || flagsShape === HEX_OTHER) {
    return undefined;
  }
  const v0 = value.charCodeAt(0);
  const v1 = value.charCodeAt(1);
  const defaultVersion = v0 === 48 && v1 === 48;
  let errors: Issue[] | undefined;
  if (versionShape === HEX_UPPERCASE) errors = [VERSION_FIELD.uppercase];
  else if (v0 === 102 && v1 === 102) errors = [VERSION_FF_ERROR];
  if (traceShape === HEX_UPPERCASE) (errors ??= []).push(TRACE_ID_FIELD.uppercase);
  else if (value.startsWith(ZERO_TRACE_ID, 3)) (errors ??= []).push(ZERO_TRACE_ID_ERROR);
  if (parentShape === HEX_UPPERCASE) (errors ??= []).push(PARENT_ID_FIELD.uppercase);
  else if (value.startsWith(ZERO_PARENT_ID, 36)) (errors ??= []).push(ZERO_PARENT_ID_ERROR);
  if (flagsShape === HEX_UPPERCASE) (errors ??= []).push(FLAGS_FIELD.uppercase);
  let restWarning: Issue | undefined;
  if (hasRest) {
    if (defaultVersion) (errors ??= []).push(version00LengthError(length));
    else if (versionShape === HEX_OK) restWarning = ignoredRestWarning(value.slice(0, 2), length - TRACEPARENT_LENGTH);
  }
  if (errors !== undefined) return { ok: false, errors, warnings: restWarning === undefined ? NO_WARNINGS : [restWarning] };

  const version = defaultVersion ? TRACEPARENT_DEFAULT_VERSION : value.slice(0, 2);
  const flags = hexValue(value.charCodeAt(53)) * 16 + hexValue(value.charCodeAt(54));
  const reserved = flags & ~TRACE_FLAGS_KNOWN_MASK & 0xff;
  let warnings: Issue[] | readonly Issue[] = NO_WARNINGS;
  if (restWarning !== undefined || reserved !== 0 || !defaultVersion) {
    const found: Issue[] = [];
    if (restWarning !== undefined) found.push(restWarning);
    if (reserved !== 0) found.push(reservedFlagsWarning(reserved));
    if (!defaultVersion) found.push(newerVersionWarning(version));
    warnings = found;
  }
  return {
    ok: true,
    value: {
      version,
      traceId: value.slice(3, 35),
      spanId: value.slice(36, 52),
      flags,
      sampled: (flags & TRACE_FLAG_SAMPLED) === TRACE_FLAG_SAMPLED,
      randomTraceId: (flags & TRACE_FLAG_RANDOM) === TRACE_FLAG_RANDOM,
    },
    warnings,
  };
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
