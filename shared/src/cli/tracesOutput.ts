/**
 * Writes a trace check's result as JSON or as a table, one trace at a time, so a report on
 * millions of traces never becomes one giant string. The JSON is byte for byte what
 * `JSON.stringify(report, null, 2)` gives for the whole {@link TraceReport}.
 */
import { once } from 'node:events';
import type { TraceCheckResult, TraceSpanInfo, TraceSummary } from '../traces';

/** Characters gathered before one write: few writes, and a bounded buffer. */
const CHUNK_CHARS = 64 * 1024;

/** Batches text into chunks and waits for `drain` when the stream's buffer is full. */
class ChunkedWriter {
  private buffer = '';

  constructor(private readonly out: NodeJS.WritableStream) {}

  async write(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= CHUNK_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    const chunk = this.buffer;
    this.buffer = '';
    if (chunk !== '' && !this.out.write(chunk)) await once(this.out, 'drain');
  }
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

/** Writes the report as `JSON.stringify(report, null, 2)` would, streaming the trace list. */
export async function writeTraceReportJson(result: TraceCheckResult, out: NodeJS.WritableStream): Promise<void> {
  const { traces, spans, roots, orphanSpans, completeness, splitTraces, problems } = result.totals;
  const writer = new ChunkedWriter(out);
  // The head without its closing "\n}", the tail without its opening "{": the list goes in between.
  const head = JSON.stringify({ traces, spans, roots, orphanSpans, completeness }, null, 2).slice(0, -2);
  const tail = JSON.stringify({ splitTraces, problems }, null, 2).slice(1);
  await writer.write(`${head},\n  "traceList": [`);
  let first = true;
  for (const { summary } of result.traces()) {
    await writer.write(`${first ? '\n' : ',\n'}    ${JSON.stringify(summary, null, 2).replace(/\n/g, '\n    ')}`);
    first = false;
  }
  await writer.write(`${first ? ']' : '\n  ]'},${tail}\n`);
  await writer.flush();
}

function tableRow(trace: TraceSummary, servicesWidth: number): string {
  const codes = [...new Set(trace.problems.map((problem) => problem.code))].join(',') || '-';
  return `${trace.traceId}  ${String(trace.spans).padStart(5)}  ${trace.services.join(',').padEnd(servicesWidth)}  ${String(trace.roots).padStart(5)}  ${String(trace.orphanSpans).padStart(7)}  ${codes}`;
}

/** Writes the table (with each trace's tree when `tree` is set and spans were kept) and the verdict. */
export async function writeTraceReportText(result: TraceCheckResult, out: NodeJS.WritableStream, tree: boolean): Promise<void> {
  const { totals } = result;
  const writer = new ChunkedWriter(out);
  const servicesWidth = Math.min(40, Math.max(8, result.longestServices));
  await writer.write(`${'TRACE ID'.padEnd(32)}  ${'SPANS'.padStart(5)}  ${'SERVICES'.padEnd(servicesWidth)}  ROOTS  ORPHANS  PROBLEMS\n`);
  for (const { summary, spans } of result.traces()) {
    const lines = [tableRow(summary, servicesWidth), ...summary.problems.map((problem) => `    - ${problem.message}`)];
    if (tree && spans !== undefined) lines.push(...renderTraceTree(spans));
    await writer.write(`${lines.join('\n')}\n`);
  }
  const complete = Math.round(totals.completeness * totals.traces);
  const footer = [
    '',
    `${String(totals.traces)} trace(s), ${String(totals.spans)} span(s): ${String(complete)} complete, completeness ${(totals.completeness * 100).toFixed(1)}%`,
    ...totals.splitTraces.map((group) => `split: ${group.join(' + ')} look like one request`),
    ...totals.problems.map((problem) => `${problem.message}: ${String(problem.traces)}`),
  ];
  await writer.write(`${footer.join('\n')}\n`);
  await writer.flush();
}
