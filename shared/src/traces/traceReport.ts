/**
 * The shapes of the checker's report, and the overall verdict built from per-trace problem counts.
 */

/** Stable identifiers of the problems the checker reports. */
export type TraceProblemCode =
  | 'orphan-span'
  | 'multiple-roots'
  | 'root-client'
  | 'root-producer'
  | 'producer-without-consumer'
  | 'consumer-root'
  | 'duplicate-span'
  | 'duplicate-span-id'
  | 'missing-service-name'
  | 'split-trace';

/** One defect of one trace, with the spans it concerns. */
export interface TraceProblem {
  code: TraceProblemCode;
  message: string;
  spanIds: string[];
}

/** The summary of one trace. */
export interface TraceSummary {
  traceId: string;
  spans: number;
  services: string[];
  roots: number;
  orphanSpans: number;
  problems: TraceProblem[];
}

/** A problem code with the number of traces it affects, for the overall verdict. */
export interface OverallProblem {
  code: TraceProblemCode | 'no-spans';
  message: string;
  traces: number;
}

/** What `otel-propagation traces --json` prints. */
export interface TraceReport {
  traces: number;
  spans: number;
  roots: number;
  orphanSpans: number;
  /** Share of traces with exactly one root and no orphan span; 0 when there is no trace at all. */
  completeness: number;
  traceList: TraceSummary[];
  /** Groups of trace ids (each sorted, caller's trace first) that look like one request split in pieces. */
  splitTraces: string[][];
  problems: OverallProblem[];
}

/** The report without its trace list: what is known once every trace has been summarized. */
export type TraceTotals = Omit<TraceReport, 'traceList'>;

const OVERALL_MESSAGES: Record<TraceProblemCode, string> = {
  'orphan-span': 'traces with orphan spans (parent not exported or context lost)',
  'multiple-roots': 'traces with more than one root span',
  'root-client': 'traces rooted in a CLIENT span (caller context lost)',
  'root-producer': 'traces rooted in a PRODUCER span (caller context lost)',
  'producer-without-consumer': 'traces with a PRODUCER but no CONSUMER or link',
  'consumer-root': 'traces started by a CONSUMER (message carried no context)',
  'duplicate-span': 'traces with duplicate spans (double instrumentation)',
  'duplicate-span-id': 'traces with a span id exported twice',
  'missing-service-name': 'traces with spans lacking service.name',
  'split-trace': 'traces that look like part of a request split across traces',
};

/**
 * Running totals over trace summaries, so the totals never need the whole trace list: the spill
 * path sees each summary once, bucket by bucket.
 */
export class TraceTotalsBuilder {
  private traces = 0;
  private spans = 0;
  private roots = 0;
  private orphanSpans = 0;
  private complete = 0;
  private readonly codeCounts = new Map<TraceProblemCode, number>();

  /** Counts one trace; `problems` may come from several places (summary, split heuristics), each code counts once. */
  add(summary: Pick<TraceSummary, 'spans' | 'roots' | 'orphanSpans'>, problems: Iterable<TraceProblemCode>): void {
    this.traces++;
    this.spans += summary.spans;
    this.roots += summary.roots;
    this.orphanSpans += summary.orphanSpans;
    if (summary.roots === 1 && summary.orphanSpans === 0) this.complete++;
    for (const code of new Set(problems)) this.codeCounts.set(code, (this.codeCounts.get(code) ?? 0) + 1);
  }

  /** Adds `traces` traces to a problem's count, for problems found after their summaries were counted. */
  addProblemTraces(code: TraceProblemCode, traces: number): void {
    if (traces > 0) this.codeCounts.set(code, (this.codeCounts.get(code) ?? 0) + traces);
  }

  totals(splitTraces: string[][]): TraceTotals {
    return {
      traces: this.traces,
      spans: this.spans,
      roots: this.roots,
      orphanSpans: this.orphanSpans,
      completeness: this.traces === 0 ? 0 : this.complete / this.traces,
      splitTraces,
      problems: this.overallProblems(),
    };
  }

  private overallProblems(): OverallProblem[] {
    if (this.traces === 0) return [{ code: 'no-spans', message: 'no spans found', traces: 0 }];
    return (Object.keys(OVERALL_MESSAGES) as TraceProblemCode[])
      .filter((code) => this.codeCounts.has(code))
      .map((code) => ({ code, message: OVERALL_MESSAGES[code], traces: this.codeCounts.get(code) ?? 0 }));
  }
}
