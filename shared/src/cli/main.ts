import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedArgs } from './args';
import { parseArgs, UsageError } from './args';
import { convertCommand, CONVERT_USAGE } from './convertCommand';
import { decodeCommand, DECODE_USAGE } from './decodeCommand';
import { generateCommand, GENERATE_USAGE } from './generateCommand';
import type { CliIo } from './io';
import { EXIT_OK, EXIT_USAGE } from './io';
import { scanCommand, SCAN_USAGE } from './scanCommand';
import { tracesCommand, TRACES_USAGE } from './tracesCommand';

interface Command {
  readonly usage: string;
  readonly valueFlags: readonly string[];
  readonly booleanFlags: readonly string[];
  readonly run: (args: ParsedArgs, io: CliIo) => Promise<number>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  decode: { usage: DECODE_USAGE, valueFlags: ['--format'], booleanFlags: ['--json'], run: decodeCommand },
  generate: { usage: GENERATE_USAGE, valueFlags: ['--format'], booleanFlags: ['--json', '--header', '--not-sampled'], run: generateCommand },
  convert: { usage: CONVERT_USAGE, valueFlags: ['--format', '--to'], booleanFlags: ['--json'], run: convertCommand },
  scan: { usage: SCAN_USAGE, valueFlags: [], booleanFlags: ['--json', '--fail-on-invalid'], run: scanCommand },
  traces: {
    usage: TRACES_USAGE,
    valueFlags: ['--listen', '--out'],
    booleanFlags: ['--json', '--expect-single-trace', '--tree'],
    run: tracesCommand,
  },
};

const OVERVIEW = `Usage: otel-propagation <command> [options]

Commands:
  decode    decode a traceparent, tracestate, baggage, b3, X-B3-*, uber-trace-id, X-Amzn-Trace-Id or x-datadog-* value
  generate  print a fresh valid trace-context header
  convert   convert trace context between W3C, B3, Jaeger, X-Ray and Datadog, saying what is lost
  scan      list every trace context found in a file (a log, a dump, source code)
  traces    check OTLP/JSON trace exports for orphaned, split or duplicated spans, or receive them (--listen)

Run otel-propagation <command> --help for a command's options.`;

function version(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

/** Runs the CLI with the given arguments (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${OVERVIEW}\n`);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${version()}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr.write(`otel-propagation: unknown command ${name}\n\n${OVERVIEW}\n`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') && !rest.slice(0, rest.indexOf('--help')).includes('--')) {
    io.stdout.write(`${command.usage}\n`);
    return EXIT_OK;
  }
  try {
    return await command.run(parseArgs(rest, command), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`otel-propagation ${name}: ${error.message}\n\n${command.usage}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
