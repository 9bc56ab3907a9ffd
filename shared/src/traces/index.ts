/**
 * Trace-completeness checking for OTLP/JSON exports: readers, the collector and the receiver.
 */
export type { OtlpSpanKind, OtlpSpanRecord, OtlpReadError, OtlpReadItem } from './otlp';
export { readOtlpJson, readOtlpStream, UNKNOWN_SERVICE } from './otlp';
export type { TraceProblemCode, TraceProblem, TraceSummary, OverallProblem, TraceReport, TraceTotals } from './traceReport';
export type { TraceSpanInfo } from './TraceCollector';
export { TraceCollector, analyzeTraces } from './TraceCollector';
export type { OtlpReceiverOptions, OtlpReceiver } from './receiver';
export { startOtlpReceiver, OTLP_RECEIVER_MAX_BODY_BYTES } from './receiver';
export type { TraceCheckerOptions, TraceCheckResult, TraceEntry } from './TraceChecker';
export { TraceChecker, collectTraceReport, TRACE_SPILL_THRESHOLD, TRACE_SPILL_BUCKETS } from './TraceChecker';
