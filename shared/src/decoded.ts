import type { Issue } from './result';

/** Every format `decode` knows; `unknown` when the text matches none of them. */
export type TraceContextFormat =
  | 'traceparent'
  | 'tracestate'
  | 'baggage'
  | 'b3'
  | 'b3multi'
  | 'jaeger'
  | 'xray'
  | 'datadog'
  | 'unknown';

/** The list of concrete formats, in the order the CLI documents them. */
export const TRACE_CONTEXT_FORMATS: readonly Exclude<TraceContextFormat, 'unknown'>[] = [
  'traceparent',
  'tracestate',
  'baggage',
  'b3',
  'b3multi',
  'jaeger',
  'xray',
  'datadog',
];

/** A list member with its serialized size, shared by tracestate, baggage and Jaeger `uberctx-*` members. */
export interface DecodedMember {
  readonly key: string;
  readonly value: string;
  /** Serialized size of this member in bytes (UTF-8), as it travels on the wire. */
  readonly bytes: number;
  /** Baggage properties (`;k=v` or `;flag`), in order. */
  readonly properties?: readonly { readonly key: string; readonly value?: string }[];
}

/**
 * The one shape every format decodes to: what the CLI prints with `--json`, what hovers show.
 * `traceId` is always 32 lowercase hex digits where one exists (64-bit ids left-padded), `spanId` 16;
 * fields absent from the value are omitted. `sampled` is `null` where the value defers the decision.
 */
export interface Decoded {
  readonly format: TraceContextFormat;
  /** True when the value conforms to its format and a receiver following the spec would accept it. */
  readonly valid: boolean;
  readonly errors: readonly Issue[];
  /** Limits exceeded or reserved bits set: worth knowing, but not invalid. */
  readonly warnings: readonly Issue[];
  readonly traceId?: string;
  readonly spanId?: string;
  readonly parentSpanId?: string;
  readonly sampled?: boolean | null;
  readonly debug?: boolean;
  /** The numeric trace flags as the format carries them (W3C trace-flags, Jaeger flags). */
  readonly flags?: number;
  /** traceparent version (two hex digits). */
  readonly version?: string;
  /** W3C Level 2 random-trace-id flag (0x02). */
  readonly randomTraceId?: boolean;
  /** tracestate, baggage and `uberctx-*` members. */
  readonly members?: readonly DecodedMember[];
  /** Serialized size in bytes of the whole header value (tracestate, baggage). */
  readonly bytes?: number;
  /** X-Ray: the epoch in the Root id, as an ISO-8601 UTC time. */
  readonly time?: string;
  /** X-Ray: fields other than Root, Parent, Sampled and Self, kept in order. */
  readonly extraFields?: readonly { readonly key: string; readonly value: string }[];
  /** X-Ray `Self=` value, when present. */
  readonly self?: string;
  /** B3 `b3: 0` / `X-B3-Sampled: 0` without ids: the sender only denies sampling. */
  readonly denyOnly?: boolean;
  /** Datadog: the decimal ids as sent. */
  readonly datadogTraceId?: string;
  readonly datadogParentId?: string;
}
