import type { ConvertibleFormat } from '../convert';
import { CONVERTIBLE_FORMATS } from '../convert';
import { generate } from '../generate';
import type { ParsedArgs } from './args';
import { stringFlag, UsageError } from './args';
import { parseFormatFlag } from './formats';
import type { CliIo } from './io';
import { EXIT_OK } from './io';

export const GENERATE_USAGE = `Usage: otel-propagation generate [--format F] [--header] [--not-sampled] [--json]

Prints a fresh valid trace context from a cryptographic random source.
F is one of ${CONVERTIBLE_FORMATS.join(', ')} (default traceparent).
Single-header formats print the bare value (for curl -H "traceparent: $(otel-propagation generate)");
--header prints "name: value" lines, as multi-header formats (b3multi, datadog) always do.`;

/** Reads `--format` for commands that need a whole span context. */
export function convertibleFormat(value: string | undefined, fallback: ConvertibleFormat | undefined): ConvertibleFormat | undefined {
  const format = parseFormatFlag(value) ?? fallback;
  if (format === undefined) return undefined;
  const convertible = CONVERTIBLE_FORMATS.find((known) => known === format);
  if (convertible === undefined) {
    throw new UsageError(`${format} carries no span context; choose one of ${CONVERTIBLE_FORMATS.join(', ')}`);
  }
  return convertible;
}

/** Prints header lines, or the bare value when there is exactly one header and names were not asked for. */
export function writeHeaders(io: CliIo, headers: Readonly<Record<string, string>>, withNames: boolean): void {
  const entries = Object.entries(headers);
  const [only] = entries;
  if (entries.length === 1 && only && !withNames) {
    io.stdout.write(`${only[1]}\n`);
    return;
  }
  for (const [name, value] of entries) io.stdout.write(`${name}: ${value}\n`);
}

/** `generate`: prints a fresh valid header. */
export function generateCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError('generate takes no values');
  const format = convertibleFormat(stringFlag(args, '--format'), 'traceparent') ?? 'traceparent';
  const headers = generate(format, { sampled: args.flags.get('--not-sampled') !== true });
  if (args.flags.get('--json') === true) io.stdout.write(`${JSON.stringify(headers)}\n`);
  else writeHeaders(io, headers, args.flags.get('--header') === true);
  return Promise.resolve(EXIT_OK);
}
