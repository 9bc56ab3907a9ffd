import { serializeB3, serializeB3Multi } from './b3';
import { serializeDatadog } from './datadog';
import { decode } from './decode';
import type { Decoded, TraceContextFormat } from './decoded';
import { hex64ToDecimal, isAllZeros } from './hex';
import { serializeJaeger } from './jaeger';
import type { Issue } from './result';
import { issue } from './result';
import { serializeTraceparent } from './traceparent';
import { serializeXRay } from './xray';

/** The formats that carry a whole span context, and so can be converted to and from. */
export type ConvertibleFormat = 'traceparent' | 'b3' | 'b3multi' | 'jaeger' | 'xray' | 'datadog';

/** The formats {@link convert} produces. */
export const CONVERTIBLE_FORMATS: readonly ConvertibleFormat[] = ['traceparent', 'b3', 'b3multi', 'jaeger', 'xray', 'datadog'];

/** The outcome of a conversion: the headers to send, and what the target format cannot carry. */
export interface Converted {
  readonly ok: boolean;
  readonly from: TraceContextFormat;
  readonly to: ConvertibleFormat;
  /** Header name → value, names as each format's spec writes them, in the order they are usually sent. */
  readonly headers: Readonly<Record<string, string>>;
  /** What the source carried that the target drops or changes, one sentence each. */
  readonly lost: readonly string[];
  readonly errors: readonly Issue[];
}

function isConvertible(format: TraceContextFormat): format is ConvertibleFormat {
  return (CONVERTIBLE_FORMATS as readonly string[]).includes(format);
}

function failed(from: TraceContextFormat, to: ConvertibleFormat, errors: readonly Issue[]): Converted {
  return { ok: false, from, to, headers: {}, lost: [], errors };
}

/** What each target keeps of the source's fields; the rest goes into `lost`. */
function describeLosses(source: Decoded, to: ConvertibleFormat): string[] {
  const lost: string[] = [];
  const keepsParent = to === 'b3' || to === 'b3multi' || to === 'jaeger';
  const keepsDebug = to === 'b3' || to === 'b3multi' || to === 'jaeger';
  const defers = to === 'b3' || to === 'b3multi' || to === 'xray' || to === 'datadog';
  if (source.parentSpanId !== undefined && !keepsParent) {
    lost.push(`the parent span id ${source.parentSpanId} is dropped: ${to} carries only the sender's span id`);
  }
  if (source.debug === true && !keepsDebug) lost.push(`the debug flag has no ${to} equivalent: sent as sampled`);
  if (source.sampled === null && !defers) {
    lost.push(`the deferred sampling decision becomes "not sampled": ${to} cannot leave the decision to the receiver`);
  }
  if (source.randomTraceId === true && to !== 'traceparent') {
    lost.push(`the W3C random-trace-id flag is dropped: ${to} has no such flag`);
  }
  if (source.format === 'traceparent' && source.members !== undefined && source.members.length > 0) {
    lost.push(`tracestate (${String(source.members.length)} members) is not converted: send the tracestate header alongside`);
  }
  if (source.format === 'jaeger' && source.members !== undefined && source.members.length > 0 && to !== 'jaeger') {
    lost.push(`uberctx-* baggage (${String(source.members.length)} members) is not converted: send it in the W3C baggage header`);
  }
  if (source.format === 'xray' && (source.self !== undefined || (source.extraFields ?? []).length > 0)) {
    lost.push('X-Ray fields other than Root, Parent and Sampled (Self, Lineage, custom fields) are dropped');
  }
  if (source.flags !== undefined && (source.flags & ~0x03) !== 0 && source.format === 'traceparent') {
    lost.push('reserved trace-flags bits are dropped');
  }
  if (to === 'xray' && source.format !== 'xray') {
    lost.push(
      'X-Ray reads the first 8 hex digits of the trace id as the start time in epoch seconds: an id not made by X-Ray yields a meaningless time, and X-Ray drops traces whose time is more than 30 days off',
    );
  }
  if (to === 'datadog' && source.traceId !== undefined && !isAllZeros(source.traceId.slice(0, 16)) && source.format !== 'datadog') {
    lost.push('the upper 64 bits of the trace id travel in the _dd.p.tid tag: Datadog tracers older than 128-bit support read only the lower 64 bits');
  }
  return lost;
}

function buildHeaders(source: Decoded, to: ConvertibleFormat, traceId: string, spanId: string): Record<string, string> {
  const sampled = source.sampled ?? null;
  const debug = source.debug === true;
  switch (to) {
    case 'traceparent':
      return { traceparent: serializeTraceparent({ traceId, spanId, sampled: sampled === true || debug }) };
    case 'b3': {
      return { b3: serializeB3({ traceId, spanId, parentSpanId: source.parentSpanId, sampled, debug, denyOnly: false }) };
    }
    case 'b3multi':
      return serializeB3Multi({ traceId, spanId, parentSpanId: source.parentSpanId, sampled, debug, denyOnly: false });
    case 'jaeger': {
      const flags = (sampled === true || debug ? 0x01 : 0) | (debug ? 0x02 : 0);
      return {
        'uber-trace-id': serializeJaeger({
          traceId,
          spanId,
          parentSpanId: source.parentSpanId,
          flags,
          sampled: (flags & 0x01) !== 0,
          debug,
          firehose: false,
          baggage: [],
        }),
      };
    }
    case 'xray': {
      const epochSeconds = Number.parseInt(traceId.slice(0, 8), 16);
      return {
        'x-amzn-trace-id': serializeXRay({
          root: `1-${traceId.slice(0, 8)}-${traceId.slice(8)}`,
          traceId,
          epochSeconds,
          time: new Date(epochSeconds * 1000).toISOString(),
          parent: spanId,
          sampled: debug ? true : sampled,
          extraFields: [],
        }),
      };
    }
    case 'datadog': {
      const upper = traceId.slice(0, 16);
      return serializeDatadog({
        traceId: hex64ToDecimal(traceId.slice(16)),
        parentId: hex64ToDecimal(spanId),
        traceIdHex: traceId,
        spanIdHex: spanId,
        samplingPriority: sampled === null && !debug ? undefined : sampled === true || debug ? 1 : 0,
        sampled: debug ? true : sampled,
        tags: isAllZeros(upper) ? [] : [{ key: '_dd.p.tid', value: upper }],
      });
    }
  }
}

/**
 * Converts trace context to another format where the information allows, saying what is lost.
 * `input` is a decoded value or text that {@link decode} accepts. Never throws.
 */
export function convert(input: string | Decoded, to: ConvertibleFormat): Converted {
  const source = typeof input === 'string' ? decode(input) : input;
  if (!source.valid) {
    return failed(source.format, to, [issue('value', `the ${source.format} value is invalid, so there is nothing safe to convert`), ...source.errors]);
  }
  if (!isConvertible(source.format)) {
    return failed(source.format, to, [issue('value', `${source.format} carries no trace id and span id; only ${CONVERTIBLE_FORMATS.join(', ')} convert`)]);
  }
  const { traceId, spanId } = source;
  if (traceId === undefined || spanId === undefined) {
    return failed(source.format, to, [issue('value', 'the value carries only a sampling decision, no trace id and span id to convert')]);
  }
  if (to === 'datadog' && isAllZeros(traceId.slice(16))) {
    return failed(source.format, to, [issue('trace-id', 'Datadog needs non-zero lower 64 bits of the trace id, and these are all zero')]);
  }
  return { ok: true, from: source.format, to, headers: buildHeaders(source, to, traceId, spanId), lost: describeLosses(source, to), errors: [] };
}
