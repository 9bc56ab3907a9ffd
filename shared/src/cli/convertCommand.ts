import { convert } from '../convert';
import { decode } from '../decode';
import type { ParsedArgs } from './args';
import { stringFlag, UsageError } from './args';
import { parseFormatFlag } from './formats';
import { convertibleFormat, writeHeaders } from './generateCommand';
import type { CliIo } from './io';
import { EXIT_INVALID, EXIT_OK } from './io';

export const CONVERT_USAGE = `Usage: otel-propagation convert --to F [--format F] [--json] <value>

Converts trace context between traceparent, b3, b3multi, jaeger, xray and datadog.
The value is given as for decode. Prints the target headers, then what the target cannot carry.`;

/** `convert`: prints the value in another format and what is lost on the way. */
export function convertCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const to = convertibleFormat(stringFlag(args, '--to'), undefined);
  if (to === undefined) throw new UsageError('convert needs --to');
  if (args.positionals.length === 0) throw new UsageError('convert needs a value');
  const source = decode(args.positionals.join(' '), { format: parseFormatFlag(stringFlag(args, '--format')) });
  const converted = convert(source, to);
  if (args.flags.get('--json') === true) {
    io.stdout.write(`${JSON.stringify(converted, null, 2)}\n`);
  } else if (converted.ok) {
    writeHeaders(io, converted.headers, true);
    for (const note of converted.lost) io.stdout.write(`# lost: ${note}\n`);
  } else {
    for (const error of converted.errors) io.stderr.write(`${error.field}: ${error.message}\n`);
  }
  return Promise.resolve(converted.ok ? EXIT_OK : EXIT_INVALID);
}
