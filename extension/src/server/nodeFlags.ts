/**
 * The Node.js options and environment the server runs with, in one place: the VS Code client spawns the
 * server with them, the protocol tests and the benchmark too, and the README gives them to other editors'
 * users. A server started without the options sets what it can at run time ({@link runTimeFlags}).
 */

interface ServerFlag {
  /** As given on the command line. */
  readonly flag: string;
  /** What `v8.setFlagsFromString` can still do once the heap is set up. */
  readonly atRunTime: string;
}

const SERVER_FLAGS: readonly ServerFlag[] = [
  // Parses allocate in bursts, and a young generation grown to 16 MB semi-spaces stays resident; 1 MB is the
  // initial size. The size is fixed when the heap is set up, so at run time only its growth can be stopped.
  { flag: '--max-semi-space-size=1', atRunTime: '--semi-space-growth-factor=1' },
  // After a full collection the old generation may grow by 30% of what survived before the next one (V8
  // allows up to four times, for throughput). Linting 200 files in a row then peaks at about 70 MB of heap
  // instead of 150 MB, for about a fifth more CPU in that burst; 50% measured 80 MB for an eighth more.
  { flag: '--heap-growing-percent=30', atRunTime: '--heap-growing-percent=30' },
  // No `--max-old-space-size`: a cap does not keep the heap smaller, it only turns a huge file into a crash.
];

/** The options to start the server with, before the script: `node <flags> dist/server.js --stdio`. */
export const SERVER_NODE_FLAGS: readonly string[] = SERVER_FLAGS.map((entry) => entry.flag);

/**
 * Environment variables to start the server with. glibc raises its trim threshold to the largest block
 * freed so far, and compiling the 15 MB bundle frees large ones, so afterwards it keeps every freed byte
 * below that: about 30 MB more resident memory once 200 files were linted. Pinned at glibc's default of
 * 128 KiB, freed memory goes back to the system. Other C libraries ignore the variable.
 */
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_TRIM_THRESHOLD_: '131072' };

/** The name of a `--flag=value` option; V8 reads `_` and `-` alike. */
function flagName(option: string): string {
  return option.split('=', 1)[0]?.replaceAll('_', '-') ?? option;
}

/**
 * The V8 flags to set at run time: the equivalents of the server's flags the process was not started with,
 * so a server started as plain `node server.js --stdio` behaves nearly the same, and a value the user chose
 * (on the command line or in `NODE_OPTIONS`) is left alone.
 *
 * @param options the options the process was started with
 */
export function runTimeFlags(options: readonly string[]): string[] {
  const given = new Set(options.map(flagName));
  return SERVER_FLAGS.filter((entry) => !given.has(flagName(entry.flag))).map((entry) => entry.atRunTime);
}
