/**
 * Readers for OTLP/JSON trace exports: the OpenTelemetry Collector `file` exporter (one
 * `ExportTraceServiceRequest` per line) and plain OTLP/HTTP JSON bodies (one object, possibly
 * pretty-printed). See opentelemetry-proto `trace/v1/trace.proto` and the OTLP/JSON mapping in
 * the OTLP specification §JSON Protobuf Encoding.
 */
import { createInterface } from 'node:readline';
import { isAllZeros, isHex } from '../hex';

/** Span kinds as OTLP names them, without the `SPAN_KIND_` prefix. */
export type OtlpSpanKind = 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER' | 'UNSPECIFIED';

/** One span as the checker sees it: ids in lowercase hex, times as decimal nanosecond strings. */
export interface OtlpSpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: OtlpSpanKind;
  service: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  links: { traceId: string; spanId: string }[];
  attributes: Record<string, unknown>;
}

/** A defect in the input, located by source name and 1-based line. */
export interface OtlpReadError {
  source: string;
  line: number;
  message: string;
}

/** What the readers yield: a span, or an error that did not stop the reading. */
export type OtlpReadItem = { span: OtlpSpanRecord } | { error: OtlpReadError };

/** The service name OpenTelemetry SDKs report when `service.name` is not set. */
export const UNKNOWN_SERVICE = 'unknown_service';

// Numeric values of the proto enum `Span.SpanKind`.
const KINDS_BY_NUMBER: readonly OtlpSpanKind[] = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Normalizes an OTLP id to lowercase hex. OTLP/JSON mandates hex, but protobuf-JSON mappers
 * (protobufjs, Go's jsonpb) emit base64 for `bytes`, so base64 of the right length is accepted too.
 */
function toHexId(value: unknown, bytes: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.length === bytes * 2 && isHex(value)) return value.toLowerCase();
  if (value.length === Math.ceil(bytes / 3) * 4 && BASE64.test(value)) {
    const decoded = Buffer.from(value, 'base64');
    if (decoded.length === bytes) return decoded.toString('hex');
  }
  return undefined;
}

function toKind(value: unknown): OtlpSpanKind | undefined {
  if (value === undefined || value === null) return 'UNSPECIFIED';
  if (typeof value === 'number') return KINDS_BY_NUMBER[value];
  if (typeof value !== 'string') return undefined;
  const name = value.toUpperCase().replace(/^SPAN_KIND_/, '');
  return KINDS_BY_NUMBER.find((kind) => kind === name);
}

function toNanos(value: unknown): string | undefined {
  if (value === undefined || value === null) return '0';
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return BigInt(Math.trunc(value)).toString();
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  return undefined;
}

/** Converts an OTLP `AnyValue` into a plain JavaScript value. */
function toAnyValue(value: unknown): unknown {
  if (!isObject(value)) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) {
    // int64 arrives as a string in OTLP/JSON; keep it exact when it does not fit a double.
    const int = Number(value.intValue);
    return Number.isSafeInteger(int) ? int : String(value.intValue);
  }
  if ('doubleValue' in value) return Number(value.doubleValue);
  if ('bytesValue' in value) return value.bytesValue;
  if ('arrayValue' in value) return asArray(isObject(value.arrayValue) ? value.arrayValue.values : undefined).map(toAnyValue);
  if ('kvlistValue' in value) return toAttributes(isObject(value.kvlistValue) ? value.kvlistValue.values : undefined);
  return undefined;
}

function toAttributes(list: unknown): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const entry of asArray(list)) {
    if (isObject(entry) && typeof entry.key === 'string') attributes[entry.key] = toAnyValue(entry.value);
  }
  return attributes;
}

function serviceOf(resource: unknown): string | undefined {
  if (!isObject(resource)) return undefined;
  for (const entry of asArray(resource.attributes)) {
    if (isObject(entry) && entry.key === 'service.name') {
      const value = toAnyValue(entry.value);
      return typeof value === 'string' && value !== '' ? value : undefined;
    }
  }
  return undefined;
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function toSpan(raw: unknown, service: string, fail: (message: string) => void): OtlpSpanRecord | undefined {
  if (!isObject(raw)) {
    fail('a span is not an object');
    return undefined;
  }
  const label = typeof raw.name === 'string' ? `span "${raw.name}"` : 'a span';
  const traceId = toHexId(raw.traceId, 16);
  if (traceId === undefined || isAllZeros(traceId)) {
    fail(`${label} has an invalid traceId ${show(raw.traceId)} (32 hex digits, not all zeros)`);
    return undefined;
  }
  const spanId = toHexId(raw.spanId, 8);
  if (spanId === undefined || isAllZeros(spanId)) {
    fail(`${label} has an invalid spanId ${show(raw.spanId)} (16 hex digits, not all zeros)`);
    return undefined;
  }
  let parentSpanId: string | undefined;
  // proto3 JSON omits or empties an unset parent; an all-zero parent means "no parent" to most SDKs.
  if (raw.parentSpanId !== undefined && raw.parentSpanId !== null && raw.parentSpanId !== '') {
    parentSpanId = toHexId(raw.parentSpanId, 8);
    if (parentSpanId === undefined) {
      fail(`${label} has an invalid parentSpanId ${JSON.stringify(raw.parentSpanId)} (16 hex digits)`);
      return undefined;
    }
    if (isAllZeros(parentSpanId)) parentSpanId = undefined;
  }
  const kind = toKind(raw.kind);
  if (kind === undefined) {
    fail(`${label} has an unknown kind ${JSON.stringify(raw.kind)} (0-5 or a SPAN_KIND_* name)`);
    return undefined;
  }
  const start = toNanos(raw.startTimeUnixNano);
  const end = toNanos(raw.endTimeUnixNano);
  if (start === undefined || end === undefined) {
    fail(`${label} has a start or end time that is not a decimal number of nanoseconds`);
    return undefined;
  }
  const links: { traceId: string; spanId: string }[] = [];
  for (const link of asArray(raw.links)) {
    const linkTrace = isObject(link) ? toHexId(link.traceId, 16) : undefined;
    const linkSpan = isObject(link) ? toHexId(link.spanId, 8) : undefined;
    if (linkTrace !== undefined && linkSpan !== undefined) links.push({ traceId: linkTrace, spanId: linkSpan });
    else fail(`${label} has a link without a valid traceId and spanId`);
  }
  const span: OtlpSpanRecord = {
    traceId,
    spanId,
    name: typeof raw.name === 'string' ? raw.name : '',
    kind,
    service,
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    links,
    attributes: toAttributes(raw.attributes),
  };
  if (parentSpanId !== undefined) span.parentSpanId = parentSpanId;
  return span;
}

/**
 * Extracts the spans of one parsed `ExportTraceServiceRequest`. Also accepts the pre-1.0
 * `instrumentationLibrarySpans` key that old collectors still write.
 */
function* spansOfRequest(request: unknown, source: string, line: number): Generator<OtlpReadItem> {
  const fail = (message: string): OtlpReadItem => ({ error: { source, line, message } });
  if (!isObject(request) || !Array.isArray(request.resourceSpans)) {
    yield fail('not an OTLP ExportTraceServiceRequest: no resourceSpans array');
    return;
  }
  const pending: OtlpReadItem[] = [];
  for (const resourceSpans of request.resourceSpans) {
    if (!isObject(resourceSpans)) {
      yield fail('a resourceSpans entry is not an object');
      continue;
    }
    // A missing service.name is not malformed input; the checker reports it as a trace problem.
    const service = serviceOf(resourceSpans.resource) ?? UNKNOWN_SERVICE;
    const scopes = [...asArray(resourceSpans.scopeSpans), ...asArray(resourceSpans.instrumentationLibrarySpans)];
    for (const scope of scopes) {
      for (const raw of isObject(scope) ? asArray(scope.spans) : []) {
        const span = toSpan(raw, service, (message) => pending.push(fail(message)));
        yield* pending.splice(0);
        if (span) yield { span };
      }
    }
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const LITERAL = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/;

/**
 * Offset of the first JSON syntax error in `text` (RFC 8259 grammar), or undefined when none is
 * found. Only run after `JSON.parse` failed, to place the error on a line.
 */
function syntaxErrorOffset(text: string): number | undefined {
  let i = 0;
  const skip = (): void => {
    while (i < text.length && WHITESPACE.has(text.charAt(i))) i++;
  };
  const string = (): boolean => {
    if (text.charAt(i) !== '"') return false;
    for (i++; i < text.length; i++) {
      const c = text.charAt(i);
      if (c === '\\') i++;
      else if (c === '"') {
        i++;
        return true;
      } else if (c < ' ') return false;
    }
    return false;
  };
  const value = (depth: number): boolean => {
    if (depth > 512) return false;
    skip();
    const c = text.charAt(i);
    if (c === '"') return string();
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      skip();
      if (text.charAt(i) === close) {
        i++;
        return true;
      }
      for (;;) {
        if (c === '{') {
          skip();
          if (!string()) return false;
          skip();
          if (text.charAt(i) !== ':') return false;
          i++;
        }
        if (!value(depth + 1)) return false;
        skip();
        if (text.charAt(i) === ',') i++;
        else if (text.charAt(i) === close) {
          i++;
          return true;
        } else return false;
      }
    }
    const literal = LITERAL.exec(text.slice(i, i + 400));
    if (literal === null) return false;
    i += literal[0].length;
    return true;
  };
  if (!value(0)) return i;
  skip();
  return i < text.length ? i : undefined;
}

/** Turns a `JSON.parse` failure into a message and the 1-based line it points at within `text`. */
function parseFailure(error: unknown, text: string, firstLine: number): { line: number; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  // V8 names the position for some errors only; otherwise find it by scanning.
  const offset = position?.[1] === undefined ? syntaxErrorOffset(text) : Number(position[1]);
  if (offset === undefined) return { line: firstLine, message: `invalid JSON: ${message}` };
  let line = firstLine;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return { line, message: `invalid JSON: ${message}` };
}

function isWholeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function jsonError(text: string): unknown {
  try {
    JSON.parse(text);
    return new Error('not an object');
  } catch (error) {
    return error;
  }
}

/**
 * Line-driven parser shared by the string and stream readers. Each line that holds a whole JSON
 * object is one request (the Collector file exporter). When the first non-blank line is not a
 * whole object, the input is taken as one pretty-printed body, buffered, and parsed at the end.
 */
class OtlpLineParser {
  private lineNumber = 0;
  private mode: 'unknown' | 'lines' | 'body' = 'unknown';
  private body: string[] = [];
  private bodyStart = 0;

  constructor(private readonly source: string) {}

  *push(line: string): Generator<OtlpReadItem> {
    this.lineNumber++;
    const trimmed = line.trim();
    if (this.mode === 'body') {
      // A broken first line followed by a whole object is a damaged file export, not a pretty-printed
      // body: fall back to lines rather than buffering the whole file.
      if (this.body.length === 1 && trimmed.startsWith('{') && trimmed.endsWith('}') && isWholeJson(trimmed)) {
        const first = this.body[0] ?? '';
        this.body = [];
        this.mode = 'lines';
        yield { error: { source: this.source, line: this.bodyStart, message: parseFailure(jsonError(first), first, 1).message } };
      } else {
        this.body.push(line);
        return;
      }
    }
    if (trimmed === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      if (this.mode === 'unknown' && trimmed.startsWith('{')) {
        this.mode = 'body';
        this.body.push(line);
        this.bodyStart = this.lineNumber;
        return;
      }
      this.mode = 'lines';
      yield { error: { source: this.source, line: this.lineNumber, message: parseFailure(error, trimmed, 1).message } };
      return;
    }
    this.mode = 'lines';
    yield* spansOfRequest(parsed, this.source, this.lineNumber);
  }

  *end(): Generator<OtlpReadItem> {
    if (this.mode !== 'body') return;
    const text = this.body.join('\n');
    this.body = [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const { line, message } = parseFailure(error, text, this.bodyStart);
      yield { error: { source: this.source, line, message } };
      return;
    }
    yield* spansOfRequest(parsed, this.source, this.bodyStart);
  }
}

/**
 * Reads OTLP/JSON trace data held in a string: Collector file-exporter lines or one OTLP/HTTP JSON
 * body. Never throws on bad input: each defect becomes an error with its line, and reading goes on.
 */
export function readOtlpJson(text: string, source = '<input>'): { spans: OtlpSpanRecord[]; errors: OtlpReadError[] } {
  const spans: OtlpSpanRecord[] = [];
  const errors: OtlpReadError[] = [];
  const parser = new OtlpLineParser(source);
  const take = (item: OtlpReadItem): void => {
    if ('span' in item) spans.push(item.span);
    else errors.push(item.error);
  };
  for (const line of text.split(/\r?\n/)) for (const item of parser.push(line)) take(item);
  for (const item of parser.end()) take(item);
  return { spans, errors };
}

/**
 * Streams OTLP/JSON trace data line by line, yielding spans and errors as it goes, so a
 * multi-gigabyte Collector file export never sits in memory. Limit: a single pretty-printed OTLP
 * body (not one object per line) is buffered and parsed whole, as JSON cannot be split safely.
 */
export async function* readOtlpStream(input: NodeJS.ReadableStream, source = '<stdin>'): AsyncGenerator<OtlpReadItem> {
  // Listen to the input at once: an await before this would let an early 'error' go unhandled.
  const parser = new OtlpLineParser(source);
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) yield* parser.push(line);
  yield* parser.end();
}
