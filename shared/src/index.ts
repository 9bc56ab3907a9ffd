/**
 * otel-propagation-core: spec-exact trace-context codecs, the text scanner and the CLI's engine.
 * Everything public is exported from here.
 */
export type { Issue, Parsed, Rejected, ParseResult } from './result';
export type { Decoded, DecodedMember, TraceContextFormat } from './decoded';
export { TRACE_CONTEXT_FORMATS } from './decoded';
export { randomTraceId, randomSpanId } from './random';
