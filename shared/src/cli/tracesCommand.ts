import { open } from 'node:fs/promises';
import type { TraceReport, TraceSpanInfo } from '../traces';
import { readOtlpStream, startOtlpReceiver, TraceCollector } from '../traces';
import type { ParsedArgs } from './args';
import { stringFlag, UsageError } from './args';
import type { CliIo } from './io';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE } from './io';

/** Up to this many traces, the tree is printed without `--tree`. */
const DEFAULT_TREE_TRACES = 3;
// The OTLP/HTTP default port (OTLP specification §OTLP/HTTP Default Port), on loopback only.
const DEFAULT_LISTEN = '127.0.0.1:4318';

/** Help text of `otel-propagation traces`. */
export const TRACES_USAGE = `Usage: otel-propagation traces [--json] [--tree] [--expect-single-trace] [files...|-]
       otel-propagation traces --listen host:port [--out file]

Checks that OTLP/JSON traces are whole. Input: OpenTelemetry Collector file-exporter output
(one ExportTraceServiceRequest JSON per line, streamed line by line: memory grows with the span
count, about 300 bytes a span, not with the file size) or one OTLP/HTTP JSON body (possibly
pretty-printed; such a body is read whole). Several files are checked together,
so one file per service works. No file, or -, reads stdin.

Per trace: spans, services, roots, orphan spans (parent not in the trace) and problems: multiple
roots, root CLIENT/PRODUCER spans (the caller's context was lost), PRODUCER without CONSUMER or
link, CONSUMER roots without links, duplicate spans (same name, kind and parent, timing within
1 ms: double instrumentation), span ids exported twice, missing service.name. Completeness is the
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

/** Renders one trace as an indented tree; spans whose parent is missing start their own branch. */
export function renderTraceTree(spans: readonly TraceSpanInfo[]): string[] {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string, TraceSpanInfo[]>();
  const tops: TraceSpanInfo[] = [];
  for (const span of spans) {
    if (span.parentSpanId === undefined || !ids.has(span.parentSpanId)) tops.push(span);
    else {
      let list = children.get(span.parentSpanId);
      if (list === undefined) children.set(span.parentSpanId, (list = []));
      list.push(span);
    }
  }
  const byStart = (a: TraceSpanInfo, b: TraceSpanInfo): number => a.start - b.start;
  const lines: string[] = [];
  const seen = new Set<string>();
  const walk = (span: TraceSpanInfo, depth: number): void => {
    // A span listed twice (same id) or a parent cycle must not loop forever.
    if (seen.has(span.spanId)) return;
    seen.add(span.spanId);
    const orphan = span.parentSpanId !== undefined && !ids.has(span.parentSpanId) ? `  (orphan: parent ${span.parentSpanId} missing)` : '';
    lines.push(`${'  '.repeat(depth + 1)}${span.name} [${span.kind}] ${span.service}${orphan}`);
    for (const child of (children.get(span.spanId) ?? []).sort(byStart)) walk(child, depth + 1);
  };
  for (const top of tops.sort(byStart)) walk(top, 0);
  // Spans caught in a parent cycle are reachable from no top; show them rather than drop them.
  for (const span of spans) if (!seen.has(span.spanId)) walk(span, 0);
  return lines;
}

function renderReport(report: TraceReport, collector: TraceCollector, tree: boolean): string {
  const lines: string[] = [];
  const servicesWidth = Math.min(40, Math.max(8, ...report.traceList.map((trace) => trace.services.join(',').length)));
  lines.push(`${'TRACE ID'.padEnd(32)}  ${'SPANS'.padStart(5)}  ${'SERVICES'.padEnd(servicesWidth)}  ROOTS  ORPHANS  PROBLEMS`);
  for (const trace of report.traceList) {
    const codes = [...new Set(trace.problems.map((problem) => problem.code))].join(',') || '-';
    lines.push(
      `${trace.traceId}  ${String(trace.spans).padStart(5)}  ${trace.services.join(',').padEnd(servicesWidth)}  ${String(trace.roots).padStart(5)}  ${String(trace.orphanSpans).padStart(7)}  ${codes}`,
    );
    for (const problem of trace.problems) lines.push(`    - ${problem.message}`);
    if (tree) lines.push(...renderTraceTree(collector.spansOf(trace.traceId)));
  }
  const complete = Math.round(report.completeness * report.traces);
  lines.push('');
  lines.push(
    `${String(report.traces)} trace(s), ${String(report.spans)} span(s): ${String(complete)} complete, completeness ${(report.completeness * 100).toFixed(1)}%`,
  );
  for (const group of report.splitTraces) lines.push(`split: ${group.join(' + ')} look like one request`);
  for (const problem of report.problems) lines.push(`${problem.message}: ${String(problem.traces)}`);
  return `${lines.join('\n')}\n`;
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
  const collector = new TraceCollector();
  let malformed = false;
  for (const source of sources) {
    try {
      // Opening first turns a missing file into a plain error here rather than a stream 'error' event.
      const input = source === '-' ? io.stdin : (await open(source)).createReadStream();
      for await (const item of readOtlpStream(input, source === '-' ? '<stdin>' : source)) {
        if ('span' in item) collector.add(item.span);
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
  const report = collector.report();
  if (args.flags.get('--json') === true) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout.write(renderReport(report, collector, args.flags.get('--tree') === true || report.traces <= DEFAULT_TREE_TRACES));
  if (malformed) return EXIT_USAGE;
  if (args.flags.get('--expect-single-trace') === true && report.traces !== 1) {
    io.stderr.write(`otel-propagation traces: expected a single trace, found ${String(report.traces)}\n`);
    return EXIT_INVALID;
  }
  return EXIT_OK;
}
