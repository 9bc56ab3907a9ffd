import type { TraceContextFormat } from './decoded';

/**
 * Which format each known header name belongs to (lowercase names, as HTTP compares them).
 * `uberctx-*` is matched by prefix in {@link formatOfHeader}.
 */
export const HEADER_FORMATS: ReadonlyMap<string, Exclude<TraceContextFormat, 'unknown'>> = new Map([
  ['traceparent', 'traceparent'],
  ['tracestate', 'tracestate'],
  ['baggage', 'baggage'],
  ['b3', 'b3'],
  ['x-b3-traceid', 'b3multi'],
  ['x-b3-spanid', 'b3multi'],
  ['x-b3-parentspanid', 'b3multi'],
  ['x-b3-sampled', 'b3multi'],
  ['x-b3-flags', 'b3multi'],
  ['uber-trace-id', 'jaeger'],
  ['x-amzn-trace-id', 'xray'],
  ['x-datadog-trace-id', 'datadog'],
  ['x-datadog-parent-id', 'datadog'],
  ['x-datadog-sampling-priority', 'datadog'],
  ['x-datadog-origin', 'datadog'],
  ['x-datadog-tags', 'datadog'],
]);

/** Prefix of Jaeger's baggage headers (`uberctx-{key}`). */
export const JAEGER_BAGGAGE_PREFIX = 'uberctx-';

/** The format a header name belongs to, or undefined; `name` in any case, or in env-carrier form (`X_B3_TRACEID`). */
export function formatOfHeader(name: string): Exclude<TraceContextFormat, 'unknown'> | undefined {
  const lower = headerNameFromAny(name);
  return HEADER_FORMATS.get(lower) ?? (lower.startsWith(JAEGER_BAGGAGE_PREFIX) ? 'jaeger' : undefined);
}

/**
 * Maps a header name given either as written in HTTP or as an environment variable
 * (the env-carrier spec upper-cases names and turns `-` into `_`) to its lowercase HTTP form.
 */
export function headerNameFromAny(name: string): string {
  const lower = name.toLowerCase();
  if (HEADER_FORMATS.has(lower) || lower.startsWith(JAEGER_BAGGAGE_PREFIX)) return lower;
  const dashed = lower.replace(/_/g, '-');
  if (HEADER_FORMATS.has(dashed) || dashed.startsWith(JAEGER_BAGGAGE_PREFIX)) return dashed;
  return lower;
}
