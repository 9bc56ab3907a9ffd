/**
 * The checker for inputs of any size. Spans are collected in memory (a {@link TraceCollector})
 * until a threshold; past it, compact span records are spilled into bucket files partitioned by
 * hash(traceId), and analysed one bucket at a time. That does not depend on arrival order: a
 * trace's spans may be spread over the whole input, or over several files, and still meet in one
 * bucket. The report is the same as the in-memory one, field for field and in the same order:
 *
 * 1. Ingest: each span becomes one line in bucket hash(traceId), with its global arrival number
 *    (the first one of a trace gives the trace's first-seen order); each link becomes a line in
 *    the bucket of the trace it points to, so "some span links into this trace" is known there.
 * 2. Per trace bucket: summarize each trace (the in-memory code, on the bucket's spans); write the
 *    summary in first-seen order to the bucket's summary file, and each split-trace candidate
 *    (callers and parentless roots with hints) once per hint key to key bucket hash(key).
 * 3. Per key bucket: match roots with the callers sharing a key (only callers whose key some root
 *    has are loaded), exactly as in memory; sort the matches into the in-memory order.
 * 4. Output: the trace list is a k-way merge of the summary files by first-seen order, with each
 *    trace's split problems appended, streamed one trace at a time.
 *
 * Memory past the threshold: one bucket of spans at a time (input spans / buckets), the roots and
 * matching callers of one key bucket, the split-trace matches (as many as the split problems
 * reported), and the write buffers. Limits: one trace must fit in memory; callers sharing one
 * hint key with some root (say every CLIENT span calling a host that also serves root spans) are
 * held together, as the heuristics compare them pairwise.
 */
import type { CompactSpan } from './compactSpan';
import { toCompactSpan } from './compactSpan';
import type { OtlpSpanRecord } from './otlp';
import { BucketWriter, bucketOf, readLinesSync, SpillDirectory } from './SpillDirectory';
import type { SummaryRecord } from './spillRecords';
import {
  decodeCandidateRecord,
  decodeSummaryRecord,
  decodeTraceBucketRecord,
  encodeCandidateRecord,
  encodeLinkRecord,
  encodeSpanRecord,
  encodeSummaryRecord,
  isCallerRecord,
} from './spillRecords';
import type { SplitCandidate, SplitMatch } from './splitTraces';
import { compareSplitMatches, hintKeys, isSplitCaller, isSplitRoot, matchRootOnKey, splitTraceFindings } from './splitTraces';
import type { TraceSpanInfo } from './TraceCollector';
import { TraceCollector } from './TraceCollector';
import type { TraceReport, TraceSummary, TraceTotals } from './traceReport';
import { TraceTotalsBuilder } from './traceReport';

/** Spans kept in memory before spilling: about 15 MB at ~300 bytes a span, inputs up to ~40 MB. */
export const TRACE_SPILL_THRESHOLD = 50_000;
/** Bucket files: a 1 GB export (1.2 M spans) leaves ~10 k spans per bucket to analyse at once. */
export const TRACE_SPILL_BUCKETS = 128;

/** Options of {@link TraceChecker}. */
export interface TraceCheckerOptions {
  /** Spans held in memory before spilling to disk; default {@link TRACE_SPILL_THRESHOLD}. */
  spillThreshold?: number;
  /** Number of bucket files; default {@link TRACE_SPILL_BUCKETS}. */
  buckets?: number;
  /** Keep each trace's spans for trees ({@link TraceEntry.spans}); spilled to disk too when spilling. */
  keepSpans?: boolean;
}

/** One trace of the report, with its spans when `keepSpans` was set. */
export interface TraceEntry {
  summary: TraceSummary;
  spans?: TraceSpanInfo[];
}

/** The checked input: the totals at once, the trace list streamed. Call {@link close} when done. */
export interface TraceCheckResult {
  readonly totals: TraceTotals;
  /** Whether the spans went to disk (the input passed the threshold). */
  readonly spilled: boolean;
  /** Length of the longest comma-joined service list of a trace, for table layout. */
  readonly longestServices: number;
  /** The traces in first-seen order, as `TraceReport.traceList` holds them; may be iterated again until closed. */
  traces(): Generator<TraceEntry>;
  /** Removes the spill files; idempotent. */
  close(): void;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Collects spans, in memory or spilled to disk past a threshold; see the module comment. */
export class TraceChecker {
  private readonly threshold: number;
  private readonly buckets: number;
  private readonly keepSpans: boolean;
  private collector = new TraceCollector();
  private spill: { dir: SpillDirectory; writer: BucketWriter } | undefined;
  private seq = 0;

  constructor(options: TraceCheckerOptions = {}) {
    this.threshold = options.spillThreshold ?? TRACE_SPILL_THRESHOLD;
    this.buckets = options.buckets ?? TRACE_SPILL_BUCKETS;
    this.keepSpans = options.keepSpans ?? false;
  }

  /** Adds one span; the record itself is not retained. */
  add(span: OtlpSpanRecord): void {
    if (this.spill === undefined) {
      this.collector.add(span);
      if (this.collector.size >= this.threshold) this.startSpilling();
      return;
    }
    for (const link of span.links) this.writeLink(link.traceId);
    this.writeSpan(span.traceId, toCompactSpan(span, (value) => value));
  }

  /** Analyses everything added; the checker must not be used afterwards. */
  async finish(): Promise<TraceCheckResult> {
    const spill = this.spill;
    if (spill === undefined) return this.inMemoryResult();
    this.spill = undefined;
    try {
      spill.writer.close();
      return await this.spilledResult(spill.dir);
    } catch (error) {
      spill.dir.remove();
      throw error;
    }
  }

  /** Drops the spill files without analysing them, for callers that give up half-way. */
  abort(): void {
    this.spill?.writer.close();
    this.spill?.dir.remove();
    this.spill = undefined;
  }

  private inMemoryResult(): TraceCheckResult {
    const collector = this.collector;
    const { traceList, ...totals } = collector.report();
    const keepSpans = this.keepSpans;
    return {
      totals,
      spilled: false,
      longestServices: traceList.reduce((longest, trace) => Math.max(longest, trace.services.join(',').length), 0),
      *traces() {
        for (const summary of traceList) yield keepSpans ? { summary, spans: collector.spansOf(summary.traceId) } : { summary };
      },
      close: () => undefined,
    };
  }

  private startSpilling(): void {
    const dir = new SpillDirectory();
    try {
      const writer = new BucketWriter(Array.from({ length: this.buckets }, (_, i) => dir.file(`trace-${String(i)}`)));
      this.spill = { dir, writer };
      // Links first: a link record only matters by its presence in the bucket, not its position.
      for (const traceId of this.collector.links()) this.writeLink(traceId);
      // Trace by trace keeps first-seen order: each trace's first number is above every earlier trace's.
      for (const [traceId, spans] of this.collector.entries()) for (const span of spans) this.writeSpan(traceId, span);
      this.collector = new TraceCollector();
    } catch (error) {
      this.abort();
      dir.remove();
      throw error;
    }
  }

  private writeSpan(traceId: string, span: CompactSpan): void {
    this.spill?.writer.write(bucketOf(traceId, this.buckets), encodeSpanRecord(traceId, this.seq++, span));
  }

  private writeLink(traceId: string): void {
    this.spill?.writer.write(bucketOf(traceId, this.buckets), encodeLinkRecord(traceId));
  }

  private async spilledResult(dir: SpillDirectory): Promise<TraceCheckResult> {
    const totals = new TraceTotalsBuilder();
    let longestServices = 0;
    const summaries = new BucketWriter(Array.from({ length: this.buckets }, (_, i) => dir.file(`summary-${String(i)}`)));
    const candidates = new BucketWriter(Array.from({ length: this.buckets }, (_, i) => dir.file(`key-${String(i)}`)));
    try {
      for (let bucket = 0; bucket < this.buckets; bucket++) {
        const { collector, order, records } = this.analyseTraceBucket(dir.file(`trace-${String(bucket)}`));
        for (const record of records) {
          const { summary } = record;
          totals.add(summary, summary.problems.map((problem) => problem.code));
          longestServices = Math.max(longestServices, summary.services.join(',').length);
          summaries.write(bucket, encodeSummaryRecord(record));
        }
        fileSplitCandidates(collector, order, candidates);
        dir.delete(`trace-${String(bucket)}`);
        await yieldToEventLoop();
      }
    } finally {
      summaries.close();
      candidates.close();
    }
    const matches: SplitMatch[] = [];
    for (let bucket = 0; bucket < this.buckets; bucket++) {
      matchKeyBucket(dir.file(`key-${String(bucket)}`), matches);
      dir.delete(`key-${String(bucket)}`);
      await yieldToEventLoop();
    }
    const { problems: splitProblems, groups } = splitTraceFindings(matches.sort(compareSplitMatches));
    totals.addProblemTraces('split-trace', splitProblems.size);
    const summaryFiles = Array.from({ length: this.buckets }, (_, i) => dir.file(`summary-${String(i)}`));
    return {
      totals: totals.totals(groups),
      spilled: true,
      longestServices,
      *traces() {
        for (const record of mergeSummaries(summaryFiles)) {
          const split = splitProblems.get(record.summary.traceId);
          if (split !== undefined) record.summary.problems.push(...split);
          yield record.spans === undefined ? { summary: record.summary } : { summary: record.summary, spans: record.spans };
        }
      },
      close: () => {
        dir.remove();
      },
    };
  }

  /** Loads one trace bucket into a fresh collector and summarizes its traces in first-seen order. */
  private analyseTraceBucket(path: string): { collector: TraceCollector; order: Map<string, number>; records: SummaryRecord[] } {
    const collector = new TraceCollector();
    const order = new Map<string, number>();
    for (const line of readLinesSync(path)) {
      const record = decodeTraceBucketRecord(line, collector.intern);
      if ('link' in record) collector.addLink(record.traceId);
      else {
        if (!order.has(record.traceId)) order.set(record.traceId, record.seq);
        collector.addCompact(record.traceId, record.span);
      }
    }
    const records: SummaryRecord[] = [];
    for (const [traceId] of collector.entries()) {
      const record: SummaryRecord = { traceOrder: order.get(traceId) ?? 0, summary: collector.summarize(traceId) };
      if (this.keepSpans) record.spans = collector.spansOf(traceId);
      records.push(record);
    }
    return { collector, order, records };
  }
}

/** Files every caller and parentless root of one trace bucket under each of its hint keys. */
function fileSplitCandidates(collector: TraceCollector, order: ReadonlyMap<string, number>, out: BucketWriter): void {
  for (const [traceId, spans] of collector.entries()) {
    const traceOrder = order.get(traceId) ?? 0;
    spans.forEach((span, position) => {
      const root = isSplitRoot(span);
      const caller = isSplitCaller(span);
      if (span.hint === undefined || (!root && !caller)) return;
      const candidate: SplitCandidate = { traceId, traceOrder, position, span };
      hintKeys(span.hint).forEach((key, keyIndex) => {
        const bucket = bucketOf(key, out.paths.length);
        if (root) out.write(bucket, encodeCandidateRecord(key, keyIndex, candidate));
        if (caller) out.write(bucket, encodeCandidateRecord(key, -1, candidate));
      });
    });
  }
}

/**
 * Matches the roots and callers of one key bucket. Two passes: roots first, then only the callers
 * filed under a key some root has, since in a healthy export most callers match no root.
 */
function matchKeyBucket(path: string, matches: SplitMatch[]): void {
  const roots: { keyIndex: number; key: string; candidate: SplitCandidate }[] = [];
  const callersByKey = new Map<string, SplitCandidate[]>();
  for (const line of readLinesSync(path)) {
    if (isCallerRecord(line)) continue;
    const record = decodeCandidateRecord(line);
    roots.push(record);
    callersByKey.set(record.key, []);
  }
  if (roots.length === 0) return;
  for (const line of readLinesSync(path)) {
    if (!isCallerRecord(line)) continue;
    const record = decodeCandidateRecord(line);
    callersByKey.get(record.key)?.push(record.candidate);
  }
  // Trace buckets were written in bucket order; the in-memory path compares callers in first-seen order.
  for (const callers of callersByKey.values()) callers.sort((a, b) => a.traceOrder - b.traceOrder || a.position - b.position);
  for (const root of roots) matchRootOnKey(root.candidate, root.keyIndex, callersByKey.get(root.key) ?? [], matches);
}

/** Merges the per-bucket summary files, each in first-seen order, into one stream in first-seen order. */
function* mergeSummaries(paths: readonly string[]): Generator<SummaryRecord> {
  const readers = paths.map((path) => readLinesSync(path));
  try {
    yield* mergeHeads(readers);
  } finally {
    // A consumer that stops early must not leave a descriptor open per bucket.
    for (const reader of readers) reader.return(undefined);
  }
}

function* mergeHeads(readers: readonly Generator<string>[]): Generator<SummaryRecord> {
  const heads: (SummaryRecord | undefined)[] = readers.map((reader) => next(reader));
  for (;;) {
    let best = -1;
    heads.forEach((head, i) => {
      const current = best === -1 ? undefined : heads[best];
      if (head !== undefined && (current === undefined || head.traceOrder < current.traceOrder)) best = i;
    });
    const head = heads[best];
    const reader = readers[best];
    if (head === undefined || reader === undefined) return;
    yield head;
    heads[best] = next(reader);
  }
}

function next(reader: Generator<string>): SummaryRecord | undefined {
  const line = reader.next();
  return line.done === true ? undefined : decodeSummaryRecord(line.value);
}

/** Builds the whole {@link TraceReport} from a result: for tests and small inputs, as it holds every trace. */
export function collectTraceReport(result: TraceCheckResult): TraceReport {
  const { traces, spans, roots, orphanSpans, completeness, splitTraces, problems } = result.totals;
  const traceList: TraceSummary[] = [];
  for (const entry of result.traces()) traceList.push(entry.summary);
  return { traces, spans, roots, orphanSpans, completeness, traceList, splitTraces, problems };
}
