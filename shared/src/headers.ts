/**
 * Header access shared by the multi-header formats (B3 multi, Jaeger baggage, Datadog), and a reader for
 * pasted header blocks (`name: value` lines from curl/devtools, or `NAME=value` lines from an env file).
 */

/** Headers as Node's `IncomingHttpHeaders`, a `fetch`-style plain object, or a parsed header block provide them. */
export type HeaderInput = Readonly<Record<string, string | readonly string[] | undefined>>;

/** One line of a header block that carried a name and a value. */
export interface HeaderLine {
  /** The name as written (not lower-cased), without surrounding whitespace. */
  readonly name: string;
  /** The value with leading and trailing spaces and tabs removed (RFC 9110 §5.5). */
  readonly value: string;
  /** 1-based line number in the block. */
  readonly line: number;
}

/**
 * Looks a header up by name, ignoring case as HTTP does (RFC 9110 §5.1).
 * An array value yields its first element: B3 says "the first value wins", and OpenTelemetry JS does the same
 * for every propagator. An exact-case key is preferred over a differently cased duplicate.
 */
export function getHeader(headers: HeaderInput, name: string): string | undefined {
  if (Object.hasOwn(headers, name)) return firstValue(headers[name]);
  const wanted = name.toLowerCase();
  for (const key of Object.keys(headers)) {
    if (key.length === wanted.length && key.toLowerCase() === wanted) return firstValue(headers[key]);
  }
  return undefined;
}

function firstValue(value: string | readonly string[] | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const first: unknown = value[0];
    return typeof first === 'string' ? first : undefined;
  }
  return undefined;
}

/** Removes leading and trailing spaces and tabs only: the optional whitespace HTTP allows around field values. */
export function trimOws(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isOws(text.charCodeAt(start))) start++;
  while (end > start && isOws(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * Splits a pasted block into header lines. Lines end with LF or CRLF. A line is `name: value` (HTTP) or
 * `NAME=value` (env files); whichever separator comes first wins, so `X-Amzn-Trace-Id: Root=…` and
 * `UBER_TRACE_ID=a:b:0:1` both split where a person expects. The name must be an HTTP token (RFC 9110 §5.6.2),
 * which skips prose such as `Note: …` and request lines; env values lose one pair of surrounding quotes.
 * Lines without either separator are ignored.
 */
export function parseHeaderBlock(text: string): { name: string; value: string; line: number }[] {
  const result: { name: string; value: string; line: number }[] = [];
  let lineNumber = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNumber++;
    const contentEnd = end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
    const entry = parseHeaderLine(text.slice(start, contentEnd), lineNumber);
    if (entry !== undefined) result.push(entry);
    start = end + 1;
  }
  return result;
}

function parseHeaderLine(line: string, lineNumber: number): HeaderLine | undefined {
  let separator = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x3a || c === 0x3d) {
      separator = i;
      break;
    }
  }
  if (separator === -1) return undefined;
  let name = trimOws(line.slice(0, separator));
  const isEnv = line.charCodeAt(separator) === 0x3d;
  // `export NAME=value` is how shell env files are often written.
  if (isEnv && name.startsWith('export ')) name = trimOws(name.slice(7));
  if (!isToken(name)) return undefined;
  let value = trimOws(line.slice(separator + 1));
  if (isEnv) value = unquote(value);
  return { name, value, line: lineNumber };
}

/** RFC 9110 tchar: `!#$%&'*+-.^_`|~`, digits and letters. */
function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ok =
      (c >= 0x30 && c <= 0x39) ||
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a) ||
      c === 0x21 ||
      (c >= 0x23 && c <= 0x27) ||
      c === 0x2a ||
      c === 0x2b ||
      c === 0x2d ||
      c === 0x2e ||
      c === 0x5e ||
      c === 0x5f ||
      c === 0x60 ||
      c === 0x7c ||
      c === 0x7e;
    if (!ok) return false;
  }
  return true;
}

function unquote(value: string): string {
  if (value.length >= 2) {
    const first = value.charCodeAt(0);
    if ((first === 0x22 || first === 0x27) && value.charCodeAt(value.length - 1) === first) {
      return value.slice(1, -1);
    }
  }
  return value;
}
