/**
 * Finds trace-context values in arbitrary text (source code, JSON, YAML, logs, HTTP dumps, `.http` and env files,
 * query strings) and decodes them, with exact offsets so editors can underline and hover them.
 *
 * The scan is linear in the length of the text. Two cheap searches propose places to look: a case-insensitive
 * regular expression of short literal keywords (no quantifiers at all) and a strided probe for runs of 16 hex digits.
 * Everything else is char-code work that never revisits text it has already consumed, so hostile input
 * (megabytes of `-`, a header name repeated 100k times, binary) cannot make it backtrack.
 */
import { decodeB3, decodeB3Multi } from './b3';
import { decodeBaggage } from './baggage';
import { decodeDatadog } from './datadog';
import type { Decoded, DecodedMember, TraceContextFormat } from './decoded';
import { TRACE_CONTEXT_FORMATS } from './decoded';
import { formatOfHeader, headerNameFromAny, JAEGER_BAGGAGE_PREFIX } from './headerNames';
import { decodeJaeger } from './jaeger';
import { decodeTraceContext, decodeTraceparent } from './traceparent';
import { decodeTracestate } from './tracestate';
import { decodeXRay } from './xray';

/** A concrete trace-context format, as a match reports it. */
export type MatchFormat = Exclude<TraceContextFormat, 'unknown'>;

/** One trace-context value found in a text. */
export interface TraceContextMatch {
  /** The format of this value itself (`tracestate` for a tracestate line, `b3multi` for an `X-B3-*` line). */
  readonly format: MatchFormat;
  /** UTF-16 offset of the first character of the value. */
  readonly start: number;
  /** UTF-16 offset just past the value: `text.slice(start, end) === value`. */
  readonly end: number;
  /** The value exactly as written (still percent-encoded in a query string, without surrounding quotes). */
  readonly value: string;
  /** The header, key or variable name as written, when the value is named. */
  readonly name?: string;
  /** UTF-16 offset of `name`. */
  readonly nameStart?: number;
  /**
   * The decoded context. For the multi-value families (traceparent with tracestate, `X-B3-*`, `x-datadog-*`,
   * `uber-trace-id` with `uberctx-*`) it is decoded from every value of the same block, and shared by their matches.
   */
  readonly decoded: Decoded;
}

/** Options of {@link findTraceContexts}. */
export interface FindTraceContextsOptions {
  /** Stop scanning once this many values were found (the last block may then be decoded without its later lines). */
  readonly maxResults?: number;
}

/** A value found by the scan, before its block is decoded. */
interface Candidate {
  readonly format: MatchFormat;
  readonly start: number;
  readonly end: number;
  readonly name?: string;
  readonly nameStart?: number;
  /** Lowercase HTTP form of the name (`X_B3_TRACEID` becomes `x-b3-traceid`). */
  readonly header?: string;
  /** The value exactly as written. */
  readonly value: string;
  /** The value as the codec should read it: percent-decoded when it came from a query string. */
  readonly text: string;
  /** True when the name opens its line (header lines, YAML keys, env assignments), so the block may span lines. */
  readonly lineStart: boolean;
}

/** What a named value knows before its value is read. */
interface NameInfo {
  readonly format: MatchFormat;
  readonly name: string;
  readonly nameStart: number;
  readonly header: string;
  readonly lineStart: boolean;
}

// Candidates are built with every field present, in one order, so they all share one hidden class.
function namedCandidate(base: NameInfo, start: number, end: number, value: string, text: string): Candidate {
  return { format: base.format, start, end, value, text, name: base.name, nameStart: base.nameStart, header: base.header, lineStart: base.lineStart };
}

function bareCandidate(format: MatchFormat, start: number, end: number, value: string): Candidate {
  return { format, start, end, value, text: value, name: undefined, nameStart: undefined, header: undefined, lineStart: false };
}

/** What looking at one place of the text produced, and where the scan resumes. */
interface Step {
  readonly next: number;
  readonly candidate?: Candidate;
}

// Keywords that every supported name contains (`trace` covers traceparent and tracestate, `b3` covers b3 and
// X-B3-*/X_B3_*, `uber` uber-trace-id and uberctx-*, `amzn` X-Amzn-Trace-Id, `datad` x-datadog-*), plus X-Ray's `Root=`.
// Plain literals only, so the engine's cost per position is bounded by the longest keyword.
const KEYWORDS = /trace|bagg|b3|uber|amzn|datad|Root=/gi;

/** Every bare id shape contains a run of at least this many hex digits (a trace id, span id or X-Ray random part). */
const HEX_RUN = 16;
/** Longest bare token worth classifying: a B3 single value with 128-bit trace id and parent (68 characters). */
const MAX_BARE_TOKEN = 68;
/** Longest name we look up; real header names are far shorter, and it keeps lookups cheap on hostile input. */
const MAX_NAME = 256;
/** Names used as values are this short (`x-datadog-sampling-priority` is 27); longer values skip that lookup. */
const LONGEST_NAME_VALUE = 40;
/** Two named values further apart than this are never one block (keeps the gap check bounded). */
const MAX_BLOCK_GAP = 4096;

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DQUOTE = 34;
const HASH = 35;
const AMP = 38;
const SQUOTE = 39;
const RPAREN = 41;
const COMMA = 44;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const SEMI = 59;
const LT = 60;
const EQUALS = 61;
const GT = 62;
const QUESTION = 63;
const LBRACKET = 91;
const RBRACKET = 93;
const BACKTICK = 96;
const BACKSLASH = 92;
const LBRACE = 123;
const RBRACE = 125;
const ZERO = 48;
const ONE = 49;
const LOWER_D = 100;

/** One-character strings by code, for `indexOf` without allocating. */
const CHARS: readonly string[] = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));

/** 1 for characters of a name or id token: `[0-9A-Za-z_-]`. */
const TOKEN_CHARS = new Uint8Array(128);
/** 1 for hex digits in either case. */
const HEX_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[0-9A-Za-z_-]/.test(ch)) TOKEN_CHARS[c] = 1;
  if (/[0-9A-Fa-f]/.test(ch)) HEX_CHARS[c] = 1;
}

/**
 * Unquoted words that mean the "value" is really code: TypeScript property types such as `traceparent: string;`.
 * `true` and `false` are absent on purpose, as `X-B3-Sampled: true` is a real (if non-canonical) header.
 */
const CODE_WORDS = new Set(['string', 'number', 'boolean', 'undefined', 'null', 'any', 'unknown', 'never', 'object', 'this', 'new', 'await', 'typeof', 'void', 'const', 'let', 'var', 'return', 'function']);

function isToken(c: number): boolean {
  return c < 128 && TOKEN_CHARS[c] === 1;
}

function isHexCode(c: number): boolean {
  return c < 128 && HEX_CHARS[c] === 1;
}

function isQuote(c: number): boolean {
  return c === DQUOTE || c === SQUOTE || c === BACKTICK;
}

/** `n`, `r` or `t`: the letters of the escapes that break a line of header text inside a string. */
function isEscapeLetter(c: number): boolean {
  return c === 110 || c === 114 || c === 116;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

function isListFormat(header: string): boolean {
  // The only formats whose values may contain spaces (optional whitespace around list members).
  return header === 'tracestate' || header === 'baggage';
}

/** Headers that a block may repeat; any other name seen twice starts a new block. */
function isRepeatable(header: string): boolean {
  return isListFormat(header) || header.startsWith(JAEGER_BAGGAGE_PREFIX);
}

/** Values that stand in for a value in docs and templates: `…`, `{{traceparent}}`, `${tp}`, `<traceparent>`, `$(cmd)`. */
function isPlaceholder(value: string): boolean {
  const first = value.charCodeAt(0);
  return value.includes('…') || value.includes('...') || value.includes('{{') || value.includes('${') || first === LT || first === LBRACE || value.startsWith('$(');
}

/** Words that could be a value without digits, `=`, `:` or `-`: B3 sampling words. */
const DIGITLESS_VALUES = new Set(['d', 'true', 'false']);

/**
 * Whether a named value is plausibly meant as one, rather than a name (`['traceparent', 'tracestate']`), a
 * placeholder, or, when unquoted, a word of prose (`traceparent: a newer version…`) or a variable (`{ traceparent: tp }`).
 * Quoted values are kept unless they are names or placeholders: a quoted string under a trace-context key is meant as one.
 */
function isPlausibleValue(header: string, value: string, quoted: boolean): boolean {
  if (isPlaceholder(value)) return false;
  if (value.length <= LONGEST_NAME_VALUE && (formatOfHeader(value) !== undefined || (TRACE_CONTEXT_FORMATS as readonly string[]).includes(value.toLowerCase()))) {
    return false;
  }
  if (quoted) return true;
  if (isListFormat(header)) return value.includes('=');
  // Jaeger baggage values and Datadog's origin are free-form words.
  if (header.startsWith(JAEGER_BAGGAGE_PREFIX) || header === 'x-datadog-origin') return true;
  if (DIGITLESS_VALUES.has(value.toLowerCase())) return true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c >= ZERO && c <= 57) || c === EQUALS || c === COLON || c === DASH) return true;
  }
  // A long hex id can lack digits (`abcdefabcdefabcd`), a word of prose rarely is one.
  return value.length >= HEX_RUN && Array.from(value).every((ch) => isHexCode(ch.charCodeAt(0)));
}

function percentDecode(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    // Malformed escapes: let the codec explain what is wrong with the value as written.
    return raw;
  }
}

/** One pass over one text. Keeps the search caches that make repeated look-ahead amortized-linear. */
class Scan {
  private readonly text: string;
  private readonly length: number;
  /** Per character code, the last `indexOf` answer and where it was asked from (valid for any position in between). */
  private readonly cacheFrom = new Float64Array(128).fill(-1);
  private readonly cacheAt = new Float64Array(128).fill(-1);

  constructor(text: string) {
    this.text = text;
    this.length = text.length;
  }

  /** `text.indexOf(char, from)`, or the text length when absent, answered from cache when an earlier answer covers `from`. */
  private nextIndex(code: number, from: number): number {
    const cachedFrom = this.cacheFrom[code] ?? -1;
    const cachedAt = this.cacheAt[code] ?? -1;
    if (cachedFrom !== -1 && cachedFrom <= from && from <= cachedAt) return cachedAt;
    let at = this.text.indexOf(CHARS[code] ?? '', from);
    if (at === -1) at = this.length;
    this.cacheFrom[code] = from;
    this.cacheAt[code] = at;
    return at;
  }

  private lineEnd(from: number): number {
    return this.nextIndex(LF, from);
  }

  private code(i: number): number {
    return this.text.charCodeAt(i);
  }

  private skipBlanks(i: number): number {
    while (i < this.length && isBlank(this.code(i))) i++;
    return i;
  }

  /** Index of the first hex run of at least {@link HEX_RUN} digits starting at or after `from`, or -1. */
  findHexRun(from: number): number {
    // Any such run covers one of every HEX_RUN consecutive positions, so probing with that stride misses none.
    let i = from + HEX_RUN - 1;
    while (i < this.length) {
      if (!isHexCode(this.code(i))) {
        i += HEX_RUN;
        continue;
      }
      let start = i;
      while (start > from && isHexCode(this.code(start - 1))) start--;
      let end = i + 1;
      while (end < this.length && isHexCode(this.code(end))) end++;
      if (end - start >= HEX_RUN) return start;
      i = end + HEX_RUN;
    }
    return -1;
  }

  /** Index of the next keyword at or after `from`, or -1. */
  findKeyword(from: number): number {
    KEYWORDS.lastIndex = from;
    const match = KEYWORDS.exec(this.text);
    return match === null ? -1 : match.index;
  }

  /** Looks at the token around `anchor` (not reaching back before `floor`) and reads a value from it if there is one. */
  step(anchor: number, floor: number): Step {
    let start = anchor;
    while (start > floor && isToken(this.code(start - 1))) start--;
    let end = anchor;
    while (end < this.length && isToken(this.code(end))) end++;
    // A leading dash belongs to a command-line flag (`--traceparent=…`), not to the name or the id.
    while (start < end && this.code(start) === DASH) start++;
    // After an escaped line break inside a string (`'…\nX-B3-SpanId: …'`), the token starts after the escape.
    if (start > 0 && start < end && this.code(start - 1) === BACKSLASH && isEscapeLetter(this.code(start))) start++;
    const fallback = Math.max(end, anchor + 1);
    if (start === end) return { next: fallback };
    return this.named(start, end) ?? this.xrayRoot(start, end) ?? this.bare(start, end) ?? { next: fallback };
  }

  /** A value after a known header, key or variable name occupying `[start, end)`. */
  private named(nameStart: number, nameEnd: number): Step | undefined {
    if (nameEnd - nameStart > MAX_NAME) return undefined;
    // Every known name, in HTTP or env form, starts with t, b, x or u: skip the lookup for ids and other words.
    const initial = this.code(nameStart) | 0x20;
    if (initial !== 116 && initial !== 98 && initial !== 120 && initial !== 117) return undefined;
    const name = this.text.slice(nameStart, nameEnd);
    const format = formatOfHeader(name);
    if (format === undefined) return undefined;
    const header = headerNameFromAny(name);
    if (header === JAEGER_BAGGAGE_PREFIX) return undefined;

    const before = nameStart > 0 ? this.code(nameStart - 1) : -1;
    const nameQuote = isQuote(before) ? before : -1;
    let p = nameEnd;
    let keyClosed = false;
    if (nameQuote !== -1 && this.code(p) === nameQuote) {
      p++;
      keyClosed = true;
      // headers['traceparent'] = '…'
      if (this.code(p) === RBRACKET) p++;
    }
    p = this.skipBlanks(p);
    const sep = this.code(p);
    let quotedOnly = false;
    if (sep === EQUALS) {
      const after = this.code(p + 1);
      if (after === EQUALS) return undefined; // a comparison, not an assignment
      if (after === GT) {
        quotedOnly = true; // 'traceparent' => '…'
        p++;
      }
    } else if (sep === COMMA && keyClosed) {
      quotedOnly = true; // headers.set('traceparent', '…')
    } else if (sep !== COLON || this.code(p + 1) === COLON) {
      return undefined;
    }
    p++;

    const keyStart = nameQuote === -1 ? nameStart : nameStart - 1;
    const lineStart = this.opensLine(keyStart);
    const base: NameInfo = { format, name, nameStart, header, lineStart };

    if (sep === COLON && nameQuote !== -1 && !keyClosed) {
      // "traceparent: 00-…" inside one string (curl -H, a list of header lines): the value ends with the string.
      const valueStart = this.skipBlanks(p);
      if (this.startsNamedPair(valueStart)) return { next: valueStart };
      let close = Math.min(this.nextIndex(nameQuote, valueStart), this.lineEnd(valueStart));
      // An escape sequence (`\n` in a printf or JSON string of header lines) ends the header line.
      const escape = this.nextIndex(BACKSLASH, valueStart);
      if (escape < close) close = escape;
      let valueEnd = close;
      if (!isListFormat(header)) {
        // As on a header line, a single-token value ends at whitespace; what follows is prose or another token.
        valueEnd = valueStart;
        while (valueEnd < close && !isBlank(this.code(valueEnd)) && this.code(valueEnd) !== CR) valueEnd++;
      }
      while (valueEnd > valueStart && (isBlank(this.code(valueEnd - 1)) || this.code(valueEnd - 1) === CR)) valueEnd--;
      if (valueEnd === valueStart) return { next: close };
      const value = this.text.slice(valueStart, valueEnd);
      // Rejected words are skipped alone: the rest of the string may still hold a bare id.
      if (this.looksLikeCode(valueStart, valueEnd) || !isPlausibleValue(header, value, false)) return { next: valueEnd };
      return { next: close, candidate: namedCandidate(base, valueStart, valueEnd, value, value) };
    }

    if (sep === EQUALS && !quotedOnly && this.isQueryParameter(keyStart)) {
      const valueStart = p;
      let valueEnd = valueStart;
      while (valueEnd < this.length && !this.endsQueryValue(this.code(valueEnd))) valueEnd++;
      if (valueEnd === valueStart) return { next: valueEnd };
      const raw = this.text.slice(valueStart, valueEnd);
      const decoded = percentDecode(raw);
      if (!isPlausibleValue(header, decoded, true)) return { next: valueEnd };
      return { next: valueEnd, candidate: namedCandidate(base, valueStart, valueEnd, raw, decoded) };
    }

    const valueStart = this.skipBlanks(p);
    const open = this.code(valueStart);
    if (isQuote(open)) return this.quoted(base, valueStart, sep === COMMA);
    if (quotedOnly) return undefined;
    return this.unquoted(base, sep, valueStart);
  }

  /** A quoted value opening at `open`, closed by the same quote on the same line. */
  private quoted(base: NameInfo, open: number, pair: boolean): Step {
    const quote = this.code(open);
    const close = this.nextIndex(quote, open + 1);
    if (close >= this.lineEnd(open + 1)) return { next: open + 1 };
    const value = this.text.slice(open + 1, close);
    // A template literal with substitutions is computed at run time; only its literal form is a value.
    if (quote === BACKTICK && value.includes('${')) return { next: close + 1 };
    if (pair) {
      const after = this.skipBlanks(close + 1);
      if (this.code(after) === COLON) {
        // The string after the comma is the next key, not a value; in name/value records such as HAR's
        // {"name": "traceparent", "value": "…"} that key is `value`, and the string after it is ours.
        if (value.toLowerCase() !== 'value') return { next: close + 1 };
        const next = this.skipBlanks(after + 1);
        return isQuote(this.code(next)) ? this.quoted(base, next, false) : { next: close + 1 };
      }
    }
    // Argument pairs are as often `issue('baggage', 'message')` as `set('baggage', 'k=v')`: judge them as unquoted.
    if (!isPlausibleValue(base.header, value, !pair)) return { next: close + 1 };
    return { next: close + 1, candidate: namedCandidate(base, open + 1, close, value, value) };
  }

  /** An unquoted value: a header line, a YAML key, an env assignment or a logfmt pair. */
  private unquoted(base: NameInfo, sep: number, valueStart: number): Step {
    // `traceparent: tracestate: …` means the first name has no value; leave the second name to the next step.
    if (this.startsNamedPair(valueStart)) return { next: valueStart };
    let wordEnd = valueStart;
    while (wordEnd < this.length && !this.endsWord(this.code(wordEnd))) wordEnd++;
    if (wordEnd === valueStart) return { next: valueStart };
    if (this.looksLikeCode(valueStart, wordEnd)) return { next: wordEnd };
    const header = base.header;
    let valueEnd = wordEnd;
    // List values may hold spaces after commas; they run to the end of a header line, a YAML line or an env line.
    if (isListFormat(header) && (sep === COLON || base.lineStart)) {
      while (valueEnd < this.length && !this.endsLine(this.code(valueEnd))) {
        // ` #` starts a comment in YAML and env files; neither list format allows it inside a value.
        if (this.code(valueEnd) === HASH && isBlank(this.code(valueEnd - 1))) break;
        valueEnd++;
      }
      while (valueEnd > wordEnd && isBlank(this.code(valueEnd - 1))) valueEnd--;
    } else {
      // Punctuation of the surrounding prose or flow mapping, not part of a single-token value.
      while (valueEnd > valueStart) {
        const last = this.code(valueEnd - 1);
        if (last === COMMA || last === DOT || (last === SEMI && base.format !== 'xray')) valueEnd--;
        else break;
      }
    }
    if (valueEnd === valueStart) return { next: wordEnd };
    const value = this.text.slice(valueStart, valueEnd);
    if (!isPlausibleValue(header, value, false)) return { next: valueEnd };
    return { next: valueEnd, candidate: namedCandidate(base, valueStart, valueEnd, value, value) };
  }

  /** True when a known name followed by `:` or `=` starts at `at` (looked at within {@link MAX_NAME} characters, so it stays linear). */
  private startsNamedPair(at: number): boolean {
    let end = at;
    while (end < this.length && end - at <= MAX_NAME && isToken(this.code(end))) end++;
    const sep = this.code(end);
    if (end === at || (sep !== COLON && sep !== EQUALS)) return false;
    return formatOfHeader(this.text.slice(at, end)) !== undefined;
  }

  /** X-Ray's `Root=1-…-…` with the fields that follow it, when no header name precedes it. */
  private xrayRoot(start: number, end: number): Step | undefined {
    if (end - start !== 4 || this.text.slice(start, end) !== 'Root' || this.code(end) !== EQUALS) return undefined;
    const idStart = end + 1;
    if (!this.isXRayId(idStart, this.tokenEnd(idStart))) return undefined;
    let valueEnd = idStart;
    while (valueEnd < this.length && !this.endsXRayValue(this.code(valueEnd))) valueEnd++;
    while (valueEnd > idStart && (this.code(valueEnd - 1) === SEMI || this.code(valueEnd - 1) === DOT)) valueEnd--;
    const value = this.text.slice(start, valueEnd);
    return { next: valueEnd, candidate: bareCandidate('xray', start, valueEnd, value) };
  }

  /** A bare id token of a recognizable shape; see {@link findTraceContexts} for the rules. */
  private bare(start: number, end: number): Step | undefined {
    const size = end - start;
    if (size > MAX_BARE_TOKEN) return undefined;
    const format = this.bareShape(start, end);
    if (format === undefined) return undefined;
    const value = this.text.slice(start, end);
    return { next: end, candidate: bareCandidate(format, start, end, value) };
  }

  private bareShape(start: number, end: number): MatchFormat | undefined {
    // The first three dash positions and how many there are (counting stops past four), without an array: this
    // runs for every hex-looking token of the text, nearly all of which are something else.
    let d1 = -1;
    let d2 = -1;
    let d3 = -1;
    let dashCount = 0;
    for (let i = start; i < end && dashCount <= 4; i++) {
      if (this.code(i) !== DASH) continue;
      if (dashCount === 0) d1 = i;
      else if (dashCount === 1) d2 = i;
      else if (dashCount === 2) d3 = i;
      dashCount++;
    }
    if (dashCount === 3 && this.hexSpan(start, d1, 2) && this.hexSpan(d1 + 1, d2, 32) && this.hexSpan(d2 + 1, d3, 16) && this.hexSpan(d3 + 1, end, 2)) {
      return 'traceparent';
    }
    if (this.isXRayId(start, end)) return 'xray';
    if (dashCount === 2 || dashCount === 3) {
      const traceLength = d1 - start;
      const sampling = this.code(d2 + 1);
      // Only with the sampling field: `{hex}-{hex}` alone is too close to ordinary dashed hex ids.
      if (
        (traceLength === 16 || traceLength === 32) &&
        this.hexSpan(start, d1, traceLength) &&
        this.hexSpan(d1 + 1, d2, 16) &&
        (sampling === ZERO || sampling === ONE || sampling === LOWER_D) &&
        (dashCount === 2 ? end === d2 + 2 : d3 === d2 + 2 && this.hexSpan(d3 + 1, end, 16))
      ) {
        return 'b3';
      }
    }
    return undefined;
  }

  /** `1-{8 hex}-{24 hex}` exactly filling `[start, end)`. */
  private isXRayId(start: number, end: number): boolean {
    return (
      end - start === 35 &&
      this.code(start) === ONE &&
      this.code(start + 1) === DASH &&
      this.hexSpan(start + 2, start + 10, 8) &&
      this.code(start + 10) === DASH &&
      this.hexSpan(start + 11, end, 24)
    );
  }

  private tokenEnd(from: number): number {
    let end = from;
    while (end < this.length && end - from <= MAX_BARE_TOKEN && isToken(this.code(end))) end++;
    return end;
  }

  private hexSpan(start: number, end: number, length: number): boolean {
    if (end - start !== length) return false;
    for (let i = start; i < end; i++) {
      if (!isHexCode(this.code(i))) return false;
    }
    return true;
  }

  /** True when only indentation and a line prefix (`export`, a YAML `-`, curl's `>`/`<`/`-H`) precede `at` on its line. */
  private opensLine(at: number): boolean {
    let i = at;
    while (i > 0 && isBlank(this.code(i - 1))) i--;
    if (i >= 6 && this.text.startsWith('export', i - 6)) i -= 6;
    else if (i >= 8 && this.text.startsWith('--header', i - 8)) i -= 8;
    else if (i >= 2 && this.text.startsWith('-H', i - 2)) i -= 2;
    else if (i >= 1 && (this.code(i - 1) === DASH || this.code(i - 1) === GT || this.code(i - 1) === LT)) i -= 1;
    while (i > 0 && isBlank(this.code(i - 1))) i--;
    return i === 0 || this.code(i - 1) === LF;
  }

  private isQueryParameter(keyStart: number): boolean {
    const before = keyStart > 0 ? this.code(keyStart - 1) : -1;
    return before === QUESTION || before === AMP;
  }

  private endsQueryValue(c: number): boolean {
    return c === AMP || c === HASH || c === SPACE || c === TAB || c === LF || c === CR || c === DQUOTE || c === SQUOTE || c === BACKTICK || c === LT || c === GT;
  }

  // A backslash ends an unquoted value: baggage and the id formats forbid it (tracestate allows it, but no vendor
  // writes one), and inside a string it starts an escape such as `\n` that ends the header line.
  private endsWord(c: number): boolean {
    return c === SPACE || c === TAB || c === LF || c === CR || c === BACKSLASH || isQuote(c);
  }

  private endsLine(c: number): boolean {
    return c === LF || c === CR || c === BACKSLASH || isQuote(c);
  }

  private endsXRayValue(c: number): boolean {
    return this.endsWord(c) || c === COMMA || c === LT || c === GT || c === AMP || c === RPAREN || c === RBRACKET || c === RBRACE;
  }

  /** An identifier followed by `.`, `(`, `[`, `;`, `,`, `<`, `?` or `!`, or a type or keyword: code, not a header value. */
  private looksLikeCode(start: number, end: number): boolean {
    const first = this.code(start);
    if (first === LBRACE || first === LBRACKET || first === 40 || first === 36 || first === LT || first === 64) return true;
    let i = start;
    while (i < end && (isToken(this.code(i)) || this.code(i) === 36) && this.code(i) !== DASH) i++;
    if (i === start) return false;
    // key=value lists (baggage, tracestate, x-datadog-tags `_dd.p.tid=…`) are values, whatever they start with.
    for (let j = i; j < end; j++) if (this.code(j) === EQUALS) return false;
    const firstCode = this.code(start);
    if (firstCode >= ZERO && firstCode <= 57) return false; // a number or hex id
    if (i === end) return CODE_WORDS.has(this.text.slice(start, end));
    const next = this.code(i);
    return next === DOT || next === 40 || next === LBRACKET || next === SEMI || next === COMMA || next === LT || next === QUESTION || next === 33;
  }

  /** True when the text between two named values keeps them in one block: no blank line, no brace, lines only between line-openers. */
  sameBlock(previous: Candidate, current: Candidate): boolean {
    const from = previous.end;
    const to = current.nameStart ?? current.start;
    if (to - from > MAX_BLOCK_GAP) return false;
    // Values on different lines join only when both names open their lines; checked first, as it needs no scan.
    if (!(previous.lineStart && current.lineStart) && this.lineEnd(from) < to) return false;
    let newlines = 0;
    let lineHasText = true;
    for (let i = from; i < to; i++) {
      const c = this.code(i);
      if (c === LBRACE || c === RBRACE) return false;
      if (c === LF) {
        if (!lineHasText && newlines > 0) return false;
        newlines++;
        lineHasText = false;
      } else if (c !== SPACE && c !== TAB && c !== CR) {
        lineHasText = true;
      }
    }
    return newlines === 0 || (previous.lineStart && current.lineStart);
  }
}

/** Groups named values into blocks and decodes each block's families together. */
function decodeCandidates(scan: Scan, candidates: readonly Candidate[]): TraceContextMatch[] {
  const matches: TraceContextMatch[] = [];
  let block: Candidate[] = [];
  const seen = new Set<string>();
  const flush = (): void => {
    const [only] = block;
    // Most blocks in logs are a single value; decoding it alone gives the same result without the block bookkeeping.
    if (block.length === 1 && only !== undefined && only.format !== 'jaeger') matches.push(toMatch(only, decodeAlone(only)));
    else if (!pushTraceContextPair(block, matches) && block.length > 0) matches.push(...decodeBlock(block));
    block = [];
    seen.clear();
  };
  for (const candidate of candidates) {
    const header = candidate.header;
    if (header === undefined) {
      // Bare tokens stand alone and do not interrupt a block (a request id may sit between traceparent and tracestate).
      matches.push(toMatch(candidate, decodeAlone(candidate)));
      continue;
    }
    const previous = block.at(-1);
    if (previous !== undefined && (!scan.sameBlock(previous, candidate) || (seen.has(header) && !isRepeatable(header)))) flush();
    block.push(candidate);
    seen.add(header);
  }
  flush();
  return matches.sort((a, b) => a.start - b.start);
}

/**
 * The usual two-value block, one traceparent and one tracestate, decoded as {@link decodeBlock} would (both matches
 * share the pair's decoding) without its per-block map, closures and arrays. False when the block is anything else.
 */
function pushTraceContextPair(block: readonly Candidate[], matches: TraceContextMatch[]): boolean {
  if (block.length !== 2) return false;
  const [first, second] = block;
  if (first === undefined || second === undefined) return false;
  let traceparent: Candidate;
  let tracestate: Candidate;
  if (first.format === 'traceparent' && second.format === 'tracestate') {
    traceparent = first;
    tracestate = second;
  } else if (first.format === 'tracestate' && second.format === 'traceparent') {
    traceparent = second;
    tracestate = first;
  } else {
    return false;
  }
  const decoded = decodeTraceContext(traceparent.text, tracestate.text);
  matches.push(toMatch(first, decoded), toMatch(second, decoded));
  return true;
}

function toMatch(candidate: Candidate, decoded: Decoded): TraceContextMatch {
  const { format, start, end, value, name, nameStart } = candidate;
  // Two fixed literal shapes rather than a conditional spread, which is far slower per object.
  if (name === undefined) return { format, start, end, value, decoded };
  return { format, start, end, value, name, nameStart, decoded };
}

/** A value decoded on its own: bare tokens, and the single-header formats. */
function decodeAlone(candidate: Candidate): Decoded {
  switch (candidate.format) {
    case 'traceparent':
      return decodeTraceparent(candidate.text);
    case 'tracestate':
      return decodeTracestate(candidate.text);
    case 'baggage':
      return decodeBaggage(candidate.text);
    case 'b3':
      return decodeB3(candidate.text);
    case 'xray':
      return decodeXRay(candidate.text);
    case 'jaeger':
      return decodeJaeger(candidate.text);
    case 'b3multi':
      return decodeB3Multi({ [candidate.header ?? 'x-b3-traceid']: candidate.text });
    case 'datadog':
      return decodeDatadog({ [candidate.header ?? 'x-datadog-trace-id']: candidate.text });
  }
}

function headersOf(block: readonly Candidate[], keep: (header: string) => boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { header, text } of block) {
    // The first of repeated headers wins, as B3 and the OpenTelemetry propagators read them.
    if (header !== undefined && keep(header) && !Object.hasOwn(headers, header)) headers[header] = text;
  }
  return headers;
}

/** Jaeger baggage seen without an `uber-trace-id`: the members, as a Jaeger propagator would extract them. */
function decodeJaegerBaggageOnly(baggage: Readonly<Record<string, string>>): Decoded {
  const members: DecodedMember[] = Object.entries(baggage).map(([header, raw]) => ({
    key: header.slice(JAEGER_BAGGAGE_PREFIX.length),
    value: percentDecode(raw),
    bytes: Buffer.byteLength(header) + Buffer.byteLength(raw),
  }));
  return { format: 'jaeger', valid: true, errors: [], warnings: [], members };
}

function decodeBlock(block: readonly Candidate[]): TraceContextMatch[] {
  const byFamily = new Map<MatchFormat, Decoded>();
  const family = (format: MatchFormat, decodeFamily: () => Decoded): Decoded => {
    let decoded = byFamily.get(format);
    if (decoded === undefined) {
      decoded = decodeFamily();
      byFamily.set(format, decoded);
    }
    return decoded;
  };
  const traceparent = block.find((c) => c.format === 'traceparent');
  const tracestates = block.filter((c) => c.format === 'tracestate');
  // Repeated tracestate fields combine into one list, as HTTP list-based fields do (RFC 9110 §5.3).
  const tracestate = tracestates.length === 0 ? undefined : tracestates.map((c) => c.text).join(',');

  return block.map((candidate) => {
    let decoded: Decoded;
    switch (candidate.format) {
      case 'traceparent':
      case 'tracestate':
        decoded =
          traceparent === undefined
            ? family('tracestate', () => decodeTracestate(tracestate ?? ''))
            : family('traceparent', () => decodeTraceContext(traceparent.text, tracestate));
        break;
      case 'b3multi':
        decoded = family('b3multi', () => decodeB3Multi(headersOf(block, (h) => formatOfHeader(h) === 'b3multi')));
        break;
      case 'datadog':
        decoded = family('datadog', () => decodeDatadog(headersOf(block, (h) => formatOfHeader(h) === 'datadog')));
        break;
      case 'jaeger':
        decoded = family('jaeger', () => {
          const baggage = headersOf(block, (h) => h.startsWith(JAEGER_BAGGAGE_PREFIX));
          const id = block.find((c) => c.header === 'uber-trace-id');
          return id === undefined ? decodeJaegerBaggageOnly(baggage) : decodeJaeger(id.text, baggage);
        });
        break;
      default:
        decoded = decodeAlone(candidate);
    }
    return toMatch(candidate, decoded);
  });
}

/**
 * Finds every trace-context value in `text`, with UTF-16 offsets of the value (`text.slice(start, end) === value`),
 * sorted by `start`. Never throws, and runs in time linear in `text.length`.
 *
 * Named values, returned even when invalid (that is what makes a broken header visible):
 * - header lines and YAML keys (`traceparent: …`, `X-B3-TraceId: …`, `uberctx-user: …`), names in any case;
 * - JSON and JS keys with a quoted value (`"traceparent": "…"`, `traceparent: '…'`, `headers['b3'] = '…'`,
 *   `'traceparent', '…'` argument pairs), and `"traceparent: …"` header lines inside one string;
 * - query parameters (`?traceparent=…&…`: offsets on the raw text, decoded after percent-decoding);
 * - env assignments and logfmt pairs (`TRACEPARENT=…`, `export BAGGAGE="…"`, `X_B3_TRACEID=…`).
 * Unquoted values that read as code (`traceparent: string;`, `b3: span.b3(),`) are skipped. Unquoted values end at
 * whitespace, except tracestate and baggage on header, YAML and env lines, which run to the end of the line.
 * Quoted values are taken up to the next identical quote on the same line (escapes are not interpreted).
 *
 * Bare tokens, word-bounded (a token is a run of `[0-9A-Za-z_-]`), returned only when their shape is right:
 * - traceparent: `{2 hex}-{32 hex}-{16 hex}-{2 hex}`;
 * - B3 single: `{16|32 hex}-{16 hex}-{0|1|d}` with an optional `-{16 hex}` parent; the sampling field is required
 *   because `{hex}-{hex}` alone is too often some other dashed id;
 * - X-Ray: `Root=1-{8 hex}-{24 hex}` with the `;`-separated fields after it, and bare `1-{8 hex}-{24 hex}` ids.
 * Jaeger's `{hex}:{hex}:{hex}:{hex}` is found only after an `uber-trace-id` name: bare, it is indistinguishable
 * from IPv6 addresses and timestamps.
 *
 * Multi-value families are decoded per block: named values on one line, or on consecutive lines that each begin
 * with the name (header blocks, YAML, pretty JSON, env files), with no blank line or brace between them. A block
 * never repeats a single-valued name; a second `traceparent` starts a new block. Each value keeps its own match.
 */
export function findTraceContexts(text: string, options: FindTraceContextsOptions = {}): TraceContextMatch[] {
  const limit = options.maxResults ?? Number.POSITIVE_INFINITY;
  if (!(limit > 0)) return [];
  const scan = new Scan(text);
  const candidates: Candidate[] = [];
  let position = 0;
  let keyword = scan.findKeyword(0);
  let hexRun = scan.findHexRun(0);
  while (candidates.length < limit && (keyword !== -1 || hexRun !== -1)) {
    const anchor = keyword === -1 ? hexRun : hexRun === -1 ? keyword : Math.min(keyword, hexRun);
    const { next, candidate } = scan.step(anchor, position);
    if (candidate !== undefined) candidates.push(candidate);
    position = Math.max(next, anchor + 1);
    if (keyword !== -1 && keyword < position) keyword = scan.findKeyword(position);
    if (hexRun !== -1 && hexRun < position) hexRun = scan.findHexRun(position);
  }
  return decodeCandidates(scan, candidates);
}
