/**
 * Limits and fixed sizes from the W3C Trace Context Level 2 and W3C Baggage specifications,
 * plus the limits OpenTelemetry JS applies on top of them (kept apart so nobody mistakes one for the other).
 */

/** Length of a version-00 traceparent: 2 + 1 + 32 + 1 + 16 + 1 + 2 (Trace Context Level 2 #version-format). */
export const TRACEPARENT_LENGTH = 55;
/** Hex characters in the version field (Trace Context Level 2 #version `version = 2HEXDIGLC`). */
export const TRACEPARENT_VERSION_LENGTH = 2;
/** Hex characters in a trace-id (Trace Context Level 2 #trace-id `trace-id = 32HEXDIGLC`). */
export const TRACE_ID_LENGTH = 32;
/** Hex characters in a parent-id (Trace Context Level 2 #parent-id `parent-id = 16HEXDIGLC`). */
export const PARENT_ID_LENGTH = 16;
/** Hex characters in trace-flags (Trace Context Level 2 #trace-flags `trace-flags = 2HEXDIGLC`). */
export const TRACE_FLAGS_LENGTH = 2;
/** The version this implementation emits (Trace Context Level 2 #version: "this document assumes version 00"). */
export const TRACEPARENT_DEFAULT_VERSION = '00';
/** The forbidden version (Trace Context Level 2 #version: "Version ff is invalid"). */
export const TRACEPARENT_INVALID_VERSION = 'ff';
/** The sampled bit of trace-flags (Trace Context Level 2 #sampled-flag). */
export const TRACE_FLAG_SAMPLED = 0x01;
/** The random-trace-id bit of trace-flags (Trace Context Level 2 #random-trace-id-flag). */
export const TRACE_FLAG_RANDOM = 0x02;
/** Every trace-flags bit Level 2 defines; the rest are reserved and "MUST be set to zero" (#other-flags). */
export const TRACE_FLAGS_KNOWN_MASK = TRACE_FLAG_SAMPLED | TRACE_FLAG_RANDOM;

/** Most list-members a tracestate may hold (Trace Context Level 2 #tracestate-header-field-values, "maximum of 32 list-members"). */
export const TRACESTATE_MAX_MEMBERS = 32;
/** Longest tracestate key (Trace Context Level 2 #key `key = ( lcalpha / DIGIT ) 0*255 ( keychar )`). */
export const TRACESTATE_MAX_KEY_LENGTH = 256;
/** Longest tracestate value (Trace Context Level 2 #value `value = 0*255(chr) nblk-chr`). */
export const TRACESTATE_MAX_VALUE_LENGTH = 256;
/** Combined length vendors SHOULD propagate at least (Trace Context Level 2 #tracestate-limits). */
export const TRACESTATE_PROPAGATION_GUIDANCE_LENGTH = 512;
/** Members longer than this SHOULD be removed first when truncating (Trace Context Level 2 #tracestate-limits). */
export const TRACESTATE_TRUNCATE_FIRST_MEMBER_LENGTH = 128;

/** list-members a platform MUST propagate at least (W3C Baggage #limits: 64 list-members). */
export const BAGGAGE_MAX_MEMBERS = 64;
/** Bytes a platform MUST propagate at least (W3C Baggage #limits: 8192 bytes per baggage-string). */
export const BAGGAGE_MAX_BYTES = 8192;

/** Pairs OpenTelemetry JS keeps (`BAGGAGE_MAX_NAME_VALUE_PAIRS` in @opentelemetry/core baggage/constants). */
export const OTEL_JS_BAGGAGE_MAX_MEMBERS = 180;
/** Longest pair OpenTelemetry JS keeps, in UTF-16 code units (`BAGGAGE_MAX_PER_NAME_VALUE_PAIRS`). */
export const OTEL_JS_BAGGAGE_MAX_MEMBER_LENGTH = 4096;
/** Longest header OpenTelemetry JS sends or accepts, in UTF-16 code units (`BAGGAGE_MAX_TOTAL_LENGTH`). */
export const OTEL_JS_BAGGAGE_MAX_TOTAL_LENGTH = 8192;
/** Longest tracestate OpenTelemetry JS keeps; members past it are dropped (`MAX_TRACE_STATE_LEN` in TraceState). */
export const OTEL_JS_TRACESTATE_MAX_LENGTH = 512;

/** Environment variable names the OpenTelemetry environment-carrier spec defines for W3C context. */
export const ENV_CARRIER_KEYS = ['TRACEPARENT', 'TRACESTATE', 'BAGGAGE'] as const;
