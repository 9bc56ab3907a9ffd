import { readFile } from 'node:fs/promises';
import { findTraceContexts } from '../scanner';
import type { ParsedArgs } from './args';
import { UsageError } from './args';
import type { CliIo } from './io';
import { EXIT_INVALID, EXIT_OK, readAll } from './io';

export const SCAN_USAGE = `Usage: otel-propagation scan [--json] [--fail-on-invalid] <file|->

Lists every trace context found in the file (or stdin): header lines, JSON and YAML fields,
query strings, env assignments and bare traceparent, b3 and X-Ray ids, each with line:column.
With --fail-on-invalid, exit code 1 when any value found is invalid (for CI checks of logs and fixtures).`;

/** Turns UTF-16 offsets into 1-based line and column numbers; built once per text, then a binary search per offset. */
export function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  };
}

function summary(decoded: ReturnType<typeof findTraceContexts>[number]['decoded']): string {
  const parts: string[] = [decoded.valid ? 'valid' : 'INVALID'];
  if (decoded.traceId !== undefined) parts.push(`trace ${decoded.traceId}`);
  if (decoded.spanId !== undefined) parts.push(`span ${decoded.spanId}`);
  if (decoded.sampled !== undefined) parts.push(decoded.sampled === null ? 'sampling deferred' : decoded.sampled ? 'sampled' : 'not sampled');
  if (decoded.members !== undefined) parts.push(`${decoded.members.length} members`);
  if (decoded.bytes !== undefined) parts.push(`${decoded.bytes} bytes`);
  const first = decoded.errors[0];
  if (first) parts.push(`${first.field}: ${first.message}`);
  return parts.join(', ');
}

/** `scan`: finds trace contexts in a file and prints one line each (JSON Lines with `--json`). */
export async function scanCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [path, ...extra] = args.positionals;
  if (path === undefined || extra.length > 0) throw new UsageError('scan takes exactly one file, or - for stdin');
  let text: string;
  try {
    text = path === '-' ? await readAll(io.stdin) : await readFile(path, 'utf8');
  } catch (error) {
    io.stderr.write(`otel-propagation scan: cannot read ${path}: ${(error as Error).message}\n`);
    return EXIT_INVALID;
  }
  const locate = lineLocator(text);
  const json = args.flags.get('--json') === true;
  let allValid = true;
  for (const match of findTraceContexts(text)) {
    const { line, column } = locate(match.start);
    allValid &&= match.decoded.valid;
    if (json) {
      io.stdout.write(`${JSON.stringify({ line, column, name: match.name, value: match.value, ...match.decoded })}\n`);
    } else {
      const label = match.name ?? match.format;
      io.stdout.write(`${String(line)}:${String(column)}  ${label}  ${match.value}\n    ${match.decoded.format}: ${summary(match.decoded)}\n`);
    }
  }
  return allValid || args.flags.get('--fail-on-invalid') !== true ? EXIT_OK : EXIT_INVALID;
}
