/**
 * Datadog propagation: `x-datadog-trace-id` / `x-datadog-parent-id` (unsigned 64-bit decimal),
 * `x-datadog-sampling-priority`, `x-datadog-origin` and `x-datadog-tags` (`_dd.p.tid` carries the upper 64 bits
 * of a 128-bit trace id).
 * Reference: https://docs.datadoghq.com/tracing/trace_collection/trace_context_propagation/
 */
import type { Decoded } from './decoded';
import type { HeaderInput } from './headers';
import type { Issue, ParseResult } from './result';
import { getHeader, trimOws } from './headers';
import { decimalToHex64, isAllZeros, isLowerHex } from './hex';
import { issue, parsed, rejected } from './result';

/** Lower 64 bits of the trace id, unsigned decimal. */
export const DATADOG_TRACE_ID_HEADER = 'x-datadog-trace-id';
/** The caller's span id, unsigned decimal. */
export const DATADOG_PARENT_ID_HEADER = 'x-datadog-parent-id';
/** -1 user reject, 0 auto reject, 1 auto keep, 2 user keep. */
export const DATADOG_SAMPLING_PRIORITY_HEADER = 'x-datadog-sampling-priority';
/** Where the trace started when not in a tracer (`synthetics`, `rum`, `lambda`). */
export const DATADOG_ORIGIN_HEADER = 'x-datadog-origin';
/** Propagated `_dd.p.*` tags as comma-separated `key=value` pairs. */
export const DATADOG_TAGS_HEADER = 'x-datadog-tags';
/** The propagated tag holding the upper 64 bits of a 128-bit trace id, as 16 lowercase hex digits. */
export const DATADOG_TID_TAG = '_dd.p.tid';
/** Datadog tracers drop `x-datadog-tags` longer than this by default (`DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH`). */
export const DATADOG_TAGS_MAX_LENGTH = 512;
/** 2^64 - 1 has 20 decimal digits. */
const MAX_UINT64_DIGITS = 20;

/** Decoded Datadog headers. */
export interface Datadog {
  /** `x-datadog-trace-id` as sent (decimal, lower 64 bits). */
  traceId: string;
  /** `x-datadog-parent-id` as sent (decimal). */
  parentId: string;
  /** 32 lowercase hex: `_dd.p.tid` (or zeros) followed by the trace id in hex. */
  traceIdHex: string;
  /** 16 lowercase hex of the parent id. */
  spanIdHex: string;
  samplingPriority?: number;
  /** Priority above 0 keeps the trace; absent priority defers the decision (`null`). */
  sampled: boolean | null;
  origin?: string;
  /** `x-datadog-tags` pairs in order, `_dd.p.tid` included. */
  tags: { key: string; value: string }[];
}

/**
 * Parses Datadog headers. Both ids are required, as Datadog tracers extract nothing without them.
 * A malformed `_dd.p.tid` or sampling priority is reported as a warning and ignored, which is what the
 * Datadog tracers do with them.
 */
export function parseDatadog(headers: HeaderInput): ParseResult<Datadog> {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const traceId = optionalTrimmed(getHeader(headers, DATADOG_TRACE_ID_HEADER));
  const parentId = optionalTrimmed(getHeader(headers, DATADOG_PARENT_ID_HEADER));
  const traceHex = readId(traceId, DATADOG_TRACE_ID_HEADER, 'trace id', errors);
  const spanIdHex = readId(parentId, DATADOG_PARENT_ID_HEADER, 'parent span id', errors);

  const priorityText = optionalTrimmed(getHeader(headers, DATADOG_SAMPLING_PRIORITY_HEADER));
  const samplingPriority = priorityText === undefined ? undefined : readPriority(priorityText, warnings);
  const origin = optionalTrimmed(getHeader(headers, DATADOG_ORIGIN_HEADER));
  const tagsText = optionalTrimmed(getHeader(headers, DATADOG_TAGS_HEADER));
  const tags = tagsText === undefined ? [] : readTags(tagsText, warnings);
  const upper = readTid(tags, warnings);

  if (errors.length > 0 || traceId === undefined || parentId === undefined || traceHex === undefined || spanIdHex === undefined) {
    return rejected(errors, warnings);
  }
  const result: Datadog = {
    traceId,
    parentId,
    traceIdHex: upper + traceHex,
    spanIdHex,
    sampled: samplingPriority === undefined ? null : samplingPriority > 0,
    tags,
  };
  if (samplingPriority !== undefined) result.samplingPriority = samplingPriority;
  if (origin !== undefined) result.origin = origin;
  return parsed(result, warnings);
}

function optionalTrimmed(value: string | undefined): string | undefined {
  return value === undefined ? undefined : trimOws(value);
}

function readId(text: string | undefined, field: string, label: string, errors: Issue[]): string | undefined {
  if (text === undefined) {
    errors.push(issue(field, `The ${field} header is missing; Datadog needs the ${label} as an unsigned 64-bit decimal number.`));
    return undefined;
  }
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) {
      errors.push(issue(field, `${field} is ${quote(text)}; Datadog requires the ${label} as an unsigned decimal number (digits 0-9 only).`));
      return undefined;
    }
    // Leading zeros do not count toward the 20-digit bound, and counting avoids a BigInt parse of a huge string.
    if (digits > 0 || c !== 0x30) digits++;
  }
  if (text.length === 0) {
    errors.push(issue(field, `${field} is empty; Datadog requires the ${label} as an unsigned 64-bit decimal number.`));
    return undefined;
  }
  const hex = digits > MAX_UINT64_DIGITS ? undefined : decimalToHex64(text.slice(text.length - Math.max(digits, 1)));
  if (hex === undefined) {
    errors.push(issue(field, `${field} is larger than 18446744073709551615 (2^64-1); Datadog ids are unsigned 64-bit numbers.`));
    return undefined;
  }
  if (isAllZeros(hex)) {
    errors.push(issue(field, `${field} is 0, which is not a valid ${label}; Datadog ids are non-zero.`));
    return undefined;
  }
  return hex;
}

function readPriority(text: string, warnings: Issue[]): number | undefined {
  let i = text.charCodeAt(0) === 0x2d ? 1 : 0;
  const digitsStart = i;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
  }
  if (i !== text.length || i === digitsStart || text.length > 10) {
    warnings.push(
      issue(DATADOG_SAMPLING_PRIORITY_HEADER, `${DATADOG_SAMPLING_PRIORITY_HEADER} is ${quote(text)}, not an integer; Datadog tracers ignore it and make their own decision. Send -1, 0, 1 or 2.`),
    );
    return undefined;
  }
  const priority = Number.parseInt(text, 10);
  if (priority < -1 || priority > 2) {
    warnings.push(
      issue(
        DATADOG_SAMPLING_PRIORITY_HEADER,
        `Sampling priority ${String(priority)} is outside the defined values -1 (user reject), 0 (auto reject), 1 (auto keep) and 2 (user keep); it is read as ${priority > 0 ? 'keep' : 'reject'}.`,
      ),
    );
  }
  return priority;
}

function readTags(text: string, warnings: Issue[]): { key: string; value: string }[] {
  if (text.length > DATADOG_TAGS_MAX_LENGTH) {
    warnings.push(
      issue(DATADOG_TAGS_HEADER, `${DATADOG_TAGS_HEADER} is ${String(text.length)} characters long; Datadog tracers drop it above ${String(DATADOG_TAGS_MAX_LENGTH)} by default.`),
    );
  }
  const tags: { key: string; value: string }[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf(',', start);
    if (end === -1) end = text.length;
    const pair = text.slice(start, end);
    start = end + 1;
    const eq = pair.indexOf('=');
    if (pair.length === 0) continue;
    if (eq <= 0) {
      warnings.push(issue(DATADOG_TAGS_HEADER, `The tag ${quote(pair)} is not key=value; ${DATADOG_TAGS_HEADER} is a comma-separated list of key=value pairs, so it is ignored.`));
      continue;
    }
    tags.push({ key: pair.slice(0, eq), value: pair.slice(eq + 1) });
  }
  return tags;
}

function readTid(tags: readonly { key: string; value: string }[], warnings: Issue[]): string {
  const tid = tags.find((t) => t.key === DATADOG_TID_TAG);
  if (tid === undefined) return '0'.repeat(16);
  if (tid.value.length !== 16 || !isLowerHex(tid.value)) {
    warnings.push(
      issue(DATADOG_TAGS_HEADER, `${DATADOG_TID_TAG} is ${quote(tid.value)}; it must be 16 lowercase hex digits (the upper 64 bits of the trace id), so Datadog tracers ignore it and so does this reading.`),
    );
    return '0'.repeat(16);
  }
  return tid.value;
}

function quote(value: string): string {
  return value.length > 40 ? `"${value.slice(0, 37)}..."` : `"${value}"`;
}

/** Writes the Datadog headers (lowercase names, as Datadog tracers send them); tags keep their order. */
export function serializeDatadog(d: Datadog): Record<string, string> {
  const out: Record<string, string> = {
    [DATADOG_TRACE_ID_HEADER]: d.traceId,
    [DATADOG_PARENT_ID_HEADER]: d.parentId,
  };
  if (d.samplingPriority !== undefined) out[DATADOG_SAMPLING_PRIORITY_HEADER] = String(d.samplingPriority);
  if (d.origin !== undefined) out[DATADOG_ORIGIN_HEADER] = d.origin;
  if (d.tags.length > 0) out[DATADOG_TAGS_HEADER] = d.tags.map((t) => `${t.key}=${t.value}`).join(',');
  return out;
}

/** Decodes Datadog headers into the common shape (format `datadog`). */
export function decodeDatadog(headers: HeaderInput): Decoded {
  const result = parseDatadog(headers);
  if (!result.ok) return { format: 'datadog', valid: false, errors: result.errors, warnings: result.warnings };
  const d = result.value;
  return {
    format: 'datadog',
    valid: true,
    errors: [],
    warnings: result.warnings,
    traceId: d.traceIdHex,
    spanId: d.spanIdHex,
    sampled: d.sampled,
    datadogTraceId: d.traceId,
    datadogParentId: d.parentId,
  };
}
