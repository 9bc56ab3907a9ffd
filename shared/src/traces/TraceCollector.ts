/**
 * Trace-completeness checker: groups OTLP spans by trace and says which traces are whole, which
 * lost their parent context, and which look like one request split across several traces.
 */
import type { CompactSpan } from './compactSpan';
import { KIND_CODES, toCompactSpan } from './compactSpan';
import type { OtlpSpanKind, OtlpSpanRecord } from './otlp';
import type { SplitCandidate, SplitMatch } from './splitTraces';
import { hintKeys, isSplitCaller, isSplitRoot, matchRootOnKey, splitTraceFindings } from './splitTraces';
import { summarizeTrace } from './summarizeTrace';
import type { TraceReport, TraceSummary } from './traceReport';
import { TraceTotalsBuilder } from './traceReport';

/** The few facts kept about one span, as {@link TraceCollector.spansOf} returns them (for trees). */
export interface TraceSpanInfo {
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: OtlpSpanKind;
  service: string;
  /** Nanoseconds since the epoch as a double: exact to about 0.25 µs, enough to order spans. */
  start: number;
}

/** Converts a kept span to what trees print. */
export function toSpanInfo(span: CompactSpan): TraceSpanInfo {
  const info: TraceSpanInfo = { spanId: span.id, name: span.name, kind: KIND_CODES[span.kind] ?? 'UNSPECIFIED', service: span.service, start: span.start };
  if (span.parent !== undefined) info.parentSpanId = span.parent;
  return info;
}

/**
 * Collects spans in memory and reports on every trace seen. Memory grows with the number of
 * spans, never with the size of the raw JSON or its attributes: each span keeps its ids, interned
 * name and service, kind, times, and the few attributes the split heuristics use. Measured with
 * garbage-collector headroom: about 300 bytes per span (1.2 M spans, a 1 GB export, peak near 420 MB
 * RSS). {@link TraceChecker} uses this for small inputs and spills to disk past a threshold.
 */
export class TraceCollector {
  private readonly traces = new Map<string, CompactSpan[]>();
  private readonly interned = new Map<string, string>();
  // Traces some span links into: a PRODUCER whose trace is linked to has a consumer elsewhere.
  private readonly linkedTraces = new Set<string>();
  private spanCount = 0;

  /** Shares one string between equal names and services. */
  readonly intern = (value: string): string => {
    const known = this.interned.get(value);
    if (known !== undefined) return known;
    this.interned.set(value, value);
    return value;
  };

  /** Spans added so far, duplicates included. */
  get size(): number {
    return this.spanCount;
  }

  /** Adds one span; the record itself is not retained. */
  add(span: OtlpSpanRecord): void {
    for (const link of span.links) this.linkedTraces.add(link.traceId);
    this.addCompact(span.traceId, toCompactSpan(span, this.intern));
  }

  /** Adds a span already reduced to what the checker keeps. */
  addCompact(traceId: string, span: CompactSpan): void {
    let list = this.traces.get(traceId);
    if (list === undefined) {
      list = [];
      this.traces.set(traceId, list);
    }
    list.push(span);
    this.spanCount++;
  }

  /** Notes that some span links into `traceId`. */
  addLink(traceId: string): void {
    this.linkedTraces.add(traceId);
  }

  /** Every trace with its spans in arrival order, traces in first-seen order. */
  entries(): IterableIterator<[string, readonly CompactSpan[]]> {
    return this.traces.entries();
  }

  /** Trace ids some span links into. */
  links(): IterableIterator<string> {
    return this.linkedTraces.values();
  }

  /** The spans kept for one trace, in arrival order; empty for an unknown trace id. */
  spansOf(traceId: string): TraceSpanInfo[] {
    return (this.traces.get(traceId) ?? []).map(toSpanInfo);
  }

  /** Summarizes one trace without the split heuristics, which need every trace. */
  summarize(traceId: string): TraceSummary {
    return summarizeTrace(traceId, this.traces.get(traceId) ?? [], this.linkedTraces.has(traceId));
  }

  /** Builds the report for every span added so far; can be called again after more spans arrive. */
  report(): TraceReport {
    const traceList = [...this.traces.keys()].map((traceId) => this.summarize(traceId));
    const { problems, groups } = splitTraceFindings(this.findSplitMatches());
    const totals = new TraceTotalsBuilder();
    for (const summary of traceList) {
      const split = problems.get(summary.traceId);
      if (split !== undefined) summary.problems.push(...split);
      totals.add(summary, summary.problems.map((problem) => problem.code));
    }
    const { traces, spans, roots, orphanSpans, completeness, splitTraces, problems: overall } = totals.totals(groups);
    return { traces, spans, roots, orphanSpans, completeness, traceList, splitTraces, problems: overall };
  }

  private findSplitMatches(): SplitMatch[] {
    const callersByKey = new Map<string, SplitCandidate[]>();
    const roots: SplitCandidate[] = [];
    let traceOrder = 0;
    for (const [traceId, list] of this.traces) {
      traceOrder++;
      list.forEach((span, position) => {
        if (isSplitRoot(span)) roots.push({ traceId, traceOrder, position, span });
        if (!isSplitCaller(span) || span.hint === undefined) return;
        for (const key of hintKeys(span.hint)) {
          let callers = callersByKey.get(key);
          if (callers === undefined) callersByKey.set(key, (callers = []));
          callers.push({ traceId, traceOrder, position, span });
        }
      });
    }
    const matches: SplitMatch[] = [];
    for (const root of roots) {
      if (root.span.hint === undefined) continue;
      hintKeys(root.span.hint).forEach((key, keyIndex) => {
        matchRootOnKey(root, keyIndex, callersByKey.get(key) ?? [], matches);
      });
    }
    return matches;
  }
}

/** Checks a finite set of spans in one go; see {@link TraceChecker} for large streams. */
export function analyzeTraces(spans: Iterable<OtlpSpanRecord>): TraceReport {
  const collector = new TraceCollector();
  for (const span of spans) collector.add(span);
  return collector.report();
}
