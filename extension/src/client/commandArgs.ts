/**
 * Reading the arguments commands receive from hover links and other extensions. Links pass JSON
 * (`command:otelPropagation.copyTraceId?["…"]`), so every shape is checked instead of trusted.
 */
import type { ConvertibleFormat } from 'otel-propagation-core';
import { CONVERTIBLE_FORMATS, decode } from 'otel-propagation-core';

/** What a command argument tells about the trace context to act on. */
export interface TraceArgument {
  /** The raw value or header block to decode, when one was given. */
  readonly value?: string;
  readonly traceId?: string;
  readonly spanId?: string;
  /** Target format, for Convert Trace Context. */
  readonly to?: ConvertibleFormat;
}

const HEX32 = /^[0-9a-fA-F]{32}$/;
const HEX16 = /^[0-9a-fA-F]{16}$/;

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Whether `value` names one of the formats `convert` produces. */
export function isConvertibleFormat(value: unknown): value is ConvertibleFormat {
  return typeof value === 'string' && (CONVERTIBLE_FORMATS as readonly string[]).includes(value);
}

/**
 * Normalizes the first command argument: a bare string (a trace id or a header value), or an object
 * with any of `value`, `traceId`, `spanId`, `to`. Returns undefined when nothing usable was passed,
 * so the command falls back to the selection or an input box.
 */
export function readTraceArgument(arg: unknown): TraceArgument | undefined {
  if (typeof arg === 'string') {
    const text = arg.trim();
    if (text.length === 0) return undefined;
    return HEX32.test(text) ? { traceId: text.toLowerCase() } : { value: text };
  }
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return undefined;
  const record = arg as Record<string, unknown>;
  const value = stringField(record, 'value');
  const traceId = stringField(record, 'traceId');
  const spanId = stringField(record, 'spanId');
  const to = record['to'];
  const result: { value?: string; traceId?: string; spanId?: string; to?: ConvertibleFormat } = {};
  if (value !== undefined) result.value = value;
  if (traceId !== undefined && HEX32.test(traceId)) result.traceId = traceId.toLowerCase();
  if (spanId !== undefined && HEX16.test(spanId)) result.spanId = spanId.toLowerCase();
  if (isConvertibleFormat(to)) result.to = to;
  return Object.keys(result).length > 0 ? result : undefined;
}

/** The trace and span ids of an argument, decoding its value when no ids were given directly. */
export function resolveTraceIds(arg: TraceArgument): { traceId?: string; spanId?: string } {
  if (arg.traceId !== undefined) return arg.spanId === undefined ? { traceId: arg.traceId } : { traceId: arg.traceId, spanId: arg.spanId };
  if (arg.value === undefined) return {};
  const decoded = decode(arg.value);
  const ids: { traceId?: string; spanId?: string } = {};
  if (decoded.traceId !== undefined) ids.traceId = decoded.traceId;
  if (decoded.spanId !== undefined) ids.spanId = decoded.spanId;
  return ids;
}
