import type { ConvertibleFormat, Converted } from './convert';
import { convert } from './convert';
import type { Decoded } from './decoded';
import { randomSpanId, randomTraceId } from './random';

/** Options of {@link generate}. */
export interface GenerateOptions {
  /** Whether the new context is sampled; default true. */
  readonly sampled?: boolean;
}

/**
 * Generates the headers of a fresh, valid trace context in the given format, from a cryptographic
 * random source. X-Ray trace ids start with the current time in epoch seconds, as X-Ray requires.
 */
export function generate(format: ConvertibleFormat = 'traceparent', options: GenerateOptions = {}): Readonly<Record<string, string>> {
  const sampled = options.sampled ?? true;
  const traceId =
    format === 'xray' ? Math.floor(Date.now() / 1000).toString(16).padStart(8, '0') + randomTraceId().slice(8) : randomTraceId();
  const fresh: Decoded = { format: 'traceparent', valid: true, errors: [], warnings: [], traceId, spanId: randomSpanId(), sampled };
  const converted: Converted = convert(fresh, format);
  return converted.headers;
}

/** A fresh traceparent value (`00-{trace-id}-{parent-id}-{flags}`). */
export function generateTraceparent(options: GenerateOptions = {}): string {
  return generate('traceparent', options)['traceparent'] ?? '';
}
