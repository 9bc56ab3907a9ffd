/**
 * The source of a child process that runs `otel-propagation traces` on its own stdin/stdout/stderr,
 * for tests that need a real process: signals, peak memory.
 */
import { resolve } from 'node:path';

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
