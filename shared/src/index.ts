/**
 * otel-propagation-core: spec-exact trace-context codecs, the text scanner and the CLI's engine.
 * Everything public is exported from here; parsers never throw on untrusted input.
 */
export type { Issue, Parsed, Rejected, ParseResult } from './result';
export type { Decoded, DecodedMember, TraceContextFormat } from './decoded';
export { TRACE_CONTEXT_FORMATS } from './decoded';

export type { Traceparent, TraceparentInput, TraceContextResult } from './traceparent';
export { parseTraceparent, serializeTraceparent, decodeTraceparent, parseTraceContext, decodeTraceContext } from './traceparent';
export type { Tracestate, TracestateMember } from './tracestate';
export { parseTracestate, serializeTracestate, decodeTracestate } from './tracestate';
export type { Baggage, BaggageMember, BaggageProperty, BaggageSize, OtelJsDropReason } from './baggage';
export { parseBaggage, serializeBaggage, measureBaggage, decodeBaggage } from './baggage';
export { normalizeEnvKey, readEnvCarrier, writeEnvCarrier } from './envCarrier';
export * from './w3cConstants';

export type { B3 } from './b3';
export { parseB3, parseB3Multi, serializeB3, serializeB3Multi, decodeB3, decodeB3Multi } from './b3';
export type { Jaeger } from './jaeger';
export { parseJaeger, serializeJaeger, serializeJaegerBaggage, decodeJaeger } from './jaeger';
export type { XRay } from './xray';
export { parseXRay, serializeXRay, decodeXRay } from './xray';
export type { Datadog } from './datadog';
export { parseDatadog, serializeDatadog, decodeDatadog } from './datadog';
export type { HeaderInput } from './headers';
export { getHeader, parseHeaderBlock } from './headers';

export type { DecodeOptions } from './decode';
export { decode, decodeHeaders } from './decode';
export type { ConvertibleFormat, Converted } from './convert';
export { convert, CONVERTIBLE_FORMATS } from './convert';
export type { GenerateOptions } from './generate';
export { generate, generateTraceparent } from './generate';
export { randomTraceId, randomSpanId } from './random';
export type { TraceContextMatch, FindTraceContextsOptions } from './scanner';
export { findTraceContexts } from './scanner';
export type {
  OtlpSpanKind,
  OtlpSpanRecord,
  OtlpReadError,
  OtlpReadItem,
  TraceSpanInfo,
  TraceProblemCode,
  TraceProblem,
  TraceSummary,
  OverallProblem,
  TraceReport,
  OtlpReceiverOptions,
  OtlpReceiver,
  TraceCheckerOptions,
  TraceCheckResult,
  TraceEntry,
  TraceTotals,
} from './traces';
export {
  readOtlpJson,
  readOtlpStream,
  UNKNOWN_SERVICE,
  TraceCollector,
  analyzeTraces,
  startOtlpReceiver,
  OTLP_RECEIVER_MAX_BODY_BYTES,
  TraceChecker,
  collectTraceReport,
  TRACE_SPILL_THRESHOLD,
  TRACE_SPILL_BUCKETS,
} from './traces';
