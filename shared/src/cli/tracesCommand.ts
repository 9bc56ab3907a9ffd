import { open } from 'node:fs/promises';
import { readOtlpStream, startOtlpReceiver, TRACE_SPILL_BUCKETS, TRACE_SPILL_THRESHOLD, TraceChecker } from '../traces';
import type { ParsedArgs } from './args';
import { stringFlag, UsageError } from './args';
import type { CliIo } from './io';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE } from './io';
import { writeTraceReportJson, writeTraceReportText } from './tracesOutput';

export { renderTraceTree } from './tracesOutput';

/** Up to this many traces, the tree is printed without `--tree`. */
const DEFAULT_TREE_TRACES = 3;
/** Overrides the number of spans held in memory before spilling to disk (tests, small machines). */
const SPILL_ENV = 'OTEL_PROPAGATION_TRACES_SPILL_SPANS';
// The OTLP/HTTP default port (OTLP specification §OTLP/HTTP Default Port), on loopback only.
const DEFAULT_LISTEN = '127.0.0.1:4318';

/** Help text of `otel-propagation traces`. */
export const TRACES_USAGE = `Usage: otel-propagation traces [--json] [--tree] [--expect-single-trace] [files...|-]
       otel-propagation traces --listen host:port [--out file]

Checks that OTLP/JSON traces are whole. Input: OpenTelemetry Collector file-exporter output
(one ExportTraceServiceRequest JSON per line, streamed line by line) or one OTLP/HTTP JSON body
(possibly pretty-printed; such a body is read whole). Several files are checked together, in any
order, so one file per service works. No file, or -, reads stdin.

Memory is bounded. Up to ${String(TRACE_SPILL_THRESHOLD)} spans are checked in memory (about 300 bytes a
span); past that, compact span records go to ${String(TRACE_SPILL_BUCKETS)} bucket files by trace id in a private
temporary directory (removed afterwards, also on Ctrl-C), are checked one bucket at a time, and
the report is streamed out. The 1 GB bench export (1.2 M spans) peaks near 190 MB RSS instead of
420 MB, and takes about 150 bytes of temporary disk a span (twice that without --json, as trees
need the spans again). The report is the same either way, and so are its counts. Limits: one
trace must fit in memory, and so must the CLIENT/PRODUCER spans that share a host, path or
destination with some root span (the split-trace heuristics compare them pairwise).
${SPILL_ENV}=N sets the threshold to N spans.

Per trace: spans, services, roots, orphan spans (parent not in the trace) and problems: multiple
roots, root CLIENT/PRODUCER spans (the caller's context was lost), PRODUCER without CONSUMER or
link, CONSUMER roots without links, duplicate spans (same name, kind and parent, timing within
5 ms: double instrumentation), span ids exported twice, missing service.name. Completeness is the
share of traces with exactly one root and no orphan.

Split traces (one request cut into several traces) are guessed: a root SERVER/CONSUMER span of
one service that starts within a CLIENT/PRODUCER span of another trace and service (100 ms of
clock skew allowed) and shares messaging.destination.name, the URL path (url.full/http.url vs
url.path/http.target) or the server address, with no shared attribute disagreeing; or a root
CONSUMER starting up to 60 s after a PRODUCER with the same destination.

  --json                 print the report as JSON
  --tree                 print each trace as an indented tree (name [kind] service); the
                         default when there are at most ${String(DEFAULT_TREE_TRACES)} traces
  --expect-single-trace  exit 1 unless exactly one trace is found (for CI)
  --listen host:port     run an OTLP/HTTP JSON receiver on POST /v1/traces, bound to that
                         address only (${DEFAULT_LISTEN} is the OTLP default); each
                         request becomes one line of --out (default
                         stdout), which this command reads back. Protobuf is refused (415):
                         set OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json. Stop with Ctrl-C.

Exit codes: 0 read fine, 1 --expect-single-trace failed, 2 usage error or malformed input
(each bad line is reported on stderr with file:line, and the rest is still checked).`;

function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  const port = Number(match?.[3]);
  const host = match?.[1] ?? match?.[2];
  if (host === undefined || !(port >= 0 && port <= 65535)) throw new UsageError(`--listen takes host:port, for example ${DEFAULT_LISTEN}`);
  return { host, port };
}

async function listen(args: ParsedArgs, io: CliIo): Promise<number> {
  const value = args.flags.get('--listen');
  const { host, port } = parseListen(typeof value === 'string' ? value : DEFAULT_LISTEN);
  const out = stringFlag(args, '--out');
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  try {
    receiver = await startOtlpReceiver({ host, port, out: out ?? ((line) => io.stdout.write(`${line}\n`)) });
  } catch (error) {
    io.stderr.write(`otel-propagation traces: cannot listen on ${host}:${String(port)}: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  const shown = host.includes(':') ? `[${host}]` : host;
  io.stderr.write(`otel-propagation traces: listening on http://${shown}:${String(receiver.port)}/v1/traces, writing to ${out ?? 'stdout'}\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (name: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(name);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await receiver.close();
  io.stderr.write(`otel-propagation traces: ${signal}, stopped\n`);
  return EXIT_OK;
}

/** `traces`: checks OTLP/JSON exports for broken traces, or receives them with `--listen`. */
export async function tracesCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.flags.has('--listen')) {
    if (args.positionals.length > 0) throw new UsageError('--listen takes no files');
    return listen(args, io);
  }
  if (args.flags.has('--out')) throw new UsageError('--out only goes with --listen');
  const sources = args.positionals.length === 0 ? ['-'] : args.positionals;
  const json = args.flags.get('--json') === true;
  const spillThreshold = Number(process.env[SPILL_ENV]);
  // Trees need each trace's spans; JSON never prints them, so it does not keep (or spill) them twice.
  const checker = new TraceChecker({ keepSpans: !json, ...(spillThreshold > 0 ? { spillThreshold } : {}) });
  let malformed = false;
  try {
    for (const source of sources) {
      try {
        // Opening first turns a missing file into a plain error here rather than a stream 'error' event.
        const input = source === '-' ? io.stdin : (await open(source)).createReadStream();
        for await (const item of readOtlpStream(input, source === '-' ? '<stdin>' : source)) {
          if ('span' in item) checker.add(item.span);
          else {
            malformed = true;
            io.stderr.write(`${item.error.source}:${String(item.error.line)}: ${item.error.message}\n`);
          }
        }
      } catch (error) {
        io.stderr.write(`otel-propagation traces: cannot read ${source}: ${(error as Error).message}\n`);
        malformed = true;
      }
    }
  } catch (error) {
    checker.abort();
    throw error;
  }
  const result = await checker.finish();
  const { traces } = result.totals;
  try {
    if (json) await writeTraceReportJson(result, io.stdout);
    else await writeTraceReportText(result, io.stdout, args.flags.get('--tree') === true || traces <= DEFAULT_TREE_TRACES);
  } finally {
    result.close();
  }
  if (malformed) return EXIT_USAGE;
  if (args.flags.get('--expect-single-trace') === true && traces !== 1) {
    io.stderr.write(`otel-propagation traces: expected a single trace, found ${String(traces)}\n`);
    return EXIT_INVALID;
  }
  return EXIT_OK;
}
