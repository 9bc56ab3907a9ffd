import type { TraceContextFormat } from '../decoded';
import { TRACE_CONTEXT_FORMATS } from '../decoded';
import { UsageError } from './args';

/**
 * Reads a `--format` value. `w3c` is accepted as another name for traceparent, `b3single` for b3.
 * @throws {UsageError} for a format the CLI does not know.
 */
export function parseFormatFlag(value: string | undefined): Exclude<TraceContextFormat, 'unknown'> | undefined {
  if (value === undefined) return undefined;
  const normalized = value.toLowerCase();
  const aliases: Readonly<Record<string, Exclude<TraceContextFormat, 'unknown'>>> = {
    w3c: 'traceparent',
    b3single: 'b3',
    'x-ray': 'xray',
    'aws-xray': 'xray',
    'uber-trace-id': 'jaeger',
  };
  const format = aliases[normalized] ?? TRACE_CONTEXT_FORMATS.find((known) => known === normalized);
  if (format === undefined) {
    throw new UsageError(`unknown format ${value}; expected one of ${TRACE_CONTEXT_FORMATS.join(', ')}`);
  }
  return format;
}
