import { decode } from '../decode';
import type { TraceContextFormat } from '../decoded';
import type { ParsedArgs } from './args';
import { stringFlag, UsageError } from './args';
import type { CliIo } from './io';
import { EXIT_INVALID, EXIT_OK, readLines } from './io';
import { parseFormatFlag } from './formats';
import { renderDecoded } from './render';

export const DECODE_USAGE = `Usage: otel-propagation decode [--format F] [--json] <value>
       otel-propagation decode [--format F] [--json] -      (one value per line on stdin)

The value is a bare value (traceparent, b3, uber-trace-id, X-Ray Root=… or 1-…-…, recognized by shape)
or header lines "name: value" joined by newlines (X-B3-*, x-datadog-*, uber-trace-id + uberctx-*, …),
or env assignments such as TRACEPARENT=….  Exit code 0 when every value is valid, 1 otherwise.`;

/** `decode`: prints each value's decoded fields, as JSON (JSON Lines for stdin) or as a readable block. */
export async function decodeCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const format: TraceContextFormat | undefined = parseFormatFlag(stringFlag(args, '--format'));
  const json = args.flags.get('--json') === true;
  if (args.positionals.length === 0) throw new UsageError('decode needs a value, or - to read values from stdin');
  if (args.positionals.length === 1 && args.positionals[0] === '-') {
    let allValid = true;
    let first = true;
    for await (const line of readLines(io.stdin)) {
      if (line.trim() === '') continue;
      const decoded = decode(line, { format });
      allValid &&= decoded.valid;
      io.stdout.write(json ? `${JSON.stringify(decoded)}\n` : `${first ? '' : '\n'}${renderDecoded(decoded)}\n`);
      first = false;
    }
    return allValid ? EXIT_OK : EXIT_INVALID;
  }
  // Unquoted `decode traceparent: 00-…` arrives as two arguments; joined, it is the header line meant.
  const decoded = decode(args.positionals.join(' '), { format });
  io.stdout.write(json ? `${JSON.stringify(decoded, null, 2)}\n` : `${renderDecoded(decoded)}\n`);
  return decoded.valid ? EXIT_OK : EXIT_INVALID;
}
