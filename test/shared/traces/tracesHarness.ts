/**
 * Ways to run `otel-propagation traces` in tests: in process on PassThrough streams, or as the
 * source of a child process on its own stdin/stdout/stderr, for signals and peak memory.
 */
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseArgs } from '../../../shared/src/cli/args';
import { tracesCommand } from '../../../shared/src/cli/tracesCommand';

const COMMAND_MODULE = resolve(__dirname, '../../../shared/src/cli/tracesCommand.ts');
const ARGS_MODULE = resolve(__dirname, '../../../shared/src/cli/args.ts');

/** The flags `traces` takes, as `main.ts` declares them. */
export const TRACES_SPEC = { valueFlags: ['--listen', '--out'], booleanFlags: ['--json', '--expect-single-trace', '--tree'] };

/**
 * Source for `node --import tsx -e <source> -- <args>`; `whenDone` is JavaScript run after the
 * command returned, with its exit code already set.
 */
export function tracesChildSource(whenDone = ''): string {
  return `const { tracesCommand } = require(${JSON.stringify(COMMAND_MODULE)});
const { parseArgs } = require(${JSON.stringify(ARGS_MODULE)});
tracesCommand(parseArgs(process.argv.slice(1), ${JSON.stringify(TRACES_SPEC)}), process).then((c) => { process.exitCode = c; ${whenDone} });`;
}

/** What one in-process run printed, and its exit code. */
export interface TracesRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command in this process; `stdin` is the text to read, or a stream the test still writes to. */
export async function runTraces(argv: string[], stdin: string | PassThrough = ''): Promise<TracesRun> {
  const input = typeof stdin === 'string' ? new PassThrough().end(stdin) : stdin;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await tracesCommand(parseArgs(argv, TRACES_SPEC), { stdin: input, stdout, stderr });
  return { code, stdout: out, stderr: err };
}
