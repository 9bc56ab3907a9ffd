import { decodeB3, decodeB3Multi } from './b3';
import { decodeBaggage } from './baggage';
import { decodeDatadog } from './datadog';
import type { Decoded, TraceContextFormat } from './decoded';
import { formatOfHeader, headerNameFromAny, JAEGER_BAGGAGE_PREFIX } from './headerNames';
import type { HeaderInput } from './headers';
import { getHeader, parseHeaderBlock } from './headers';
import { decodeJaeger } from './jaeger';
import { issue } from './result';
import { decodeTraceContext } from './traceparent';
import { decodeTracestate } from './tracestate';
import { decodeXRay } from './xray';

/** Options of {@link decode}. */
export interface DecodeOptions {
  /** Decode as this format instead of recognizing it. */
  readonly format?: TraceContextFormat | undefined;
}

/** When a block holds several formats, the one reported first (a traceparent beats the legacy formats it replaces). */
const FORMAT_PRIORITY: readonly Exclude<TraceContextFormat, 'unknown'>[] = [
  'traceparent',
  'b3',
  'b3multi',
  'jaeger',
  'xray',
  'datadog',
  'tracestate',
  'baggage',
];

/** Header names whose value alone makes up each single-header format. */
const SINGLE_HEADER: Partial<Record<TraceContextFormat, string>> = {
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  baggage: 'baggage',
  b3: 'b3',
  jaeger: 'uber-trace-id',
  xray: 'x-amzn-trace-id',
};

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

/** Trims spaces, tabs and line breaks around a pasted value, without a regex that could backtrack. */
function trimBlock(text: string): string {
  const blank = (code: number): boolean => code === SPACE || code === TAB || code === LF || code === CR;
  let start = 0;
  let end = text.length;
  while (start < end && blank(text.charCodeAt(start))) start++;
  while (end > start && blank(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/**
 * Reads known trace-context headers out of a block of `name: value` or `NAME=value` lines.
 * Returns undefined when no line names a known header, so the text is treated as a bare value.
 */
export function readHeaderBlock(text: string): Map<string, string> | undefined {
  const headers = new Map<string, string>();
  for (const { name: rawName, value } of parseHeaderBlock(text)) {
    if (formatOfHeader(rawName) === undefined) continue;
    const name = headerNameFromAny(rawName);
    // Repeated tracestate/baggage headers combine into one list, as HTTP list headers do.
    const previous = headers.get(name);
    headers.set(name, previous !== undefined && (name === 'tracestate' || name === 'baggage') ? `${previous},${value}` : value);
  }
  return headers.size > 0 ? headers : undefined;
}

function isHexRun(text: string, start: number, length: number): boolean {
  if (start + length > text.length) return false;
  for (let i = start; i < start + length; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/**
 * Recognizes a bare value by its shape. Shapes are checked loosely (any hex case, any length of
 * trailing data) so that a value meant as a traceparent is decoded as one and its defects explained.
 */
export function recognizeBareValue(value: string): Exclude<TraceContextFormat, 'unknown'> | undefined {
  if (value.startsWith('Root=') || /(^|;)\s*Root=/.test(value)) return 'xray';
  if (/^1-[0-9a-fA-F]{8}-[0-9a-fA-F]{24}$/.test(value)) return 'xray';
  const parts = value.split('-');
  if (parts.length >= 4 && parts[0]?.length === 2 && isHexRun(value, 0, 2) && parts[1]?.length === 32 && parts[2]?.length === 16) {
    return 'traceparent';
  }
  if (value === '0' || value === '1' || value === 'd') return 'b3';
  if (parts.length >= 2 && parts.length <= 4 && (parts[0]?.length === 16 || parts[0]?.length === 32) && parts[1]?.length === 16) {
    return 'b3';
  }
  const jaegerParts = value.split(/:|%3[aA]/);
  if (jaegerParts.length === 4 && jaegerParts.every((part) => part.length > 0 && isHexRun(part, 0, part.length))) {
    return 'jaeger';
  }
  return undefined;
}

function unknownValue(message: string): Decoded {
  return { format: 'unknown', valid: false, errors: [issue('value', message)], warnings: [] };
}

function missingHeader(format: TraceContextFormat, header: string): Decoded {
  return {
    format,
    valid: false,
    errors: [issue(header, `no ${header} header was given; ${format} is carried in the ${header} header`)],
    warnings: [],
  };
}

function jaegerBaggage(headers: HeaderInput): HeaderInput {
  const baggage: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase().startsWith(JAEGER_BAGGAGE_PREFIX) && typeof value === 'string') baggage[name] = value;
  }
  return baggage;
}

/** Decodes one format out of a set of headers. */
function decodeFormatFromHeaders(format: Exclude<TraceContextFormat, 'unknown'>, headers: HeaderInput): Decoded {
  switch (format) {
    case 'b3multi':
      return decodeB3Multi(headers);
    case 'datadog':
      return decodeDatadog(headers);
    default: {
      const header = SINGLE_HEADER[format] ?? format;
      const value = getHeader(headers, header);
      if (value === undefined) return missingHeader(format, header);
      return decodeValue(format, value, headers);
    }
  }
}

/** Decodes a bare value as the given format. */
function decodeValue(format: Exclude<TraceContextFormat, 'unknown'>, value: string, headers: HeaderInput = {}): Decoded {
  switch (format) {
    case 'traceparent':
      return decodeTraceContext(value, getHeader(headers, 'tracestate'));
    case 'tracestate':
      return decodeTracestate(value);
    case 'baggage':
      return decodeBaggage(value);
    case 'b3':
      return decodeB3(value);
    case 'jaeger':
      return decodeJaeger(value, jaegerBaggage(headers));
    case 'xray':
      return decodeXRay(value);
    case 'b3multi':
      return unknownValue('b3multi is carried in several headers; give them as X-B3-TraceId: … lines');
    case 'datadog':
      return unknownValue('Datadog context is carried in several headers; give them as x-datadog-trace-id: … lines');
  }
}

/**
 * Decodes trace context given as header fields. The format is the one named in `options`,
 * or the first present of traceparent, b3, X-B3-*, uber-trace-id, X-Amzn-Trace-Id, x-datadog-*, tracestate, baggage.
 */
export function decodeHeaders(headers: HeaderInput, options: DecodeOptions = {}): Decoded {
  const named = options.format;
  if (named !== undefined && named !== 'unknown') return decodeFormatFromHeaders(named, headers);
  const present = new Set<Exclude<TraceContextFormat, 'unknown'>>();
  for (const name of Object.keys(headers)) {
    const format = formatOfHeader(name);
    if (format) present.add(format);
  }
  const format = FORMAT_PRIORITY.find((candidate) => present.has(candidate));
  if (format === undefined) return unknownValue('none of the headers is a known trace-context header');
  const decoded = decodeFormatFromHeaders(format, headers);
  const ignored = [...present].filter((other) => other !== format && !(format === 'traceparent' && other === 'tracestate'));
  if (ignored.length === 0) return decoded;
  return {
    ...decoded,
    warnings: [
      ...decoded.warnings,
      issue('headers', `also present and decoded separately: ${ignored.join(', ')} (use --format to choose)`),
    ],
  };
}

/**
 * Decodes a trace-context value: a bare value recognized by its shape, or one or more header lines
 * (`name: value`, or env-carrier `NAME=value`) forming one block. Never throws.
 */
export function decode(text: string, options: DecodeOptions = {}): Decoded {
  const trimmed = trimBlock(text);
  const block = readHeaderBlock(trimmed);
  if (block) return decodeHeaders(Object.fromEntries(block), options);
  const named = options.format;
  if (named !== undefined && named !== 'unknown') return decodeValue(named, trimmed);
  if (trimmed.length === 0) return unknownValue('the value is empty');
  const format = recognizeBareValue(trimmed);
  if (format === undefined) {
    return unknownValue(
      'not recognized as traceparent, b3, uber-trace-id or X-Ray; give it as a header line (name: value) or name the format',
    );
  }
  return decodeValue(format, trimmed);
}
