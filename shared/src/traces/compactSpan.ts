/**
 * The few facts the checker keeps about a span, shared by the in-memory collector and the spill
 * path: ids, interned name and service, kind as a small int, times as float nanoseconds, whether it
 * links elsewhere, and the attributes the split heuristics compare.
 */
import type { OtlpSpanKind, OtlpSpanRecord } from './otlp';

/** Span kinds by their proto enum number, `Span.SpanKind`. */
export const KIND_CODES: readonly OtlpSpanKind[] = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
export const SERVER = 2;
export const CLIENT = 3;
export const PRODUCER = 4;
export const CONSUMER = 5;

/** What the split heuristics need from a span's attributes, and nothing else. */
export interface Hint {
  readonly destination?: string;
  readonly path?: string;
  readonly host?: string;
}

/** Per-span state kept for the analysis. */
export interface CompactSpan {
  readonly id: string;
  readonly parent: string | undefined;
  readonly name: string;
  readonly service: string;
  readonly kind: number;
  readonly start: number;
  readonly end: number;
  readonly linked: boolean;
  readonly hint: Hint | undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Path and host of a URL without throwing on garbage; URL parsing is lenient enough for both forms. */
function splitUrl(url: string): { path?: string; host?: string } {
  try {
    const parsed = new URL(url);
    return { path: parsed.pathname, host: parsed.hostname };
  } catch {
    return {};
  }
}

function stripQuery(target: string): string {
  const cut = target.search(/[?#]/);
  return cut === -1 ? target : target.slice(0, cut);
}

/** Builds a hint with only the fields that are set, or undefined when none is. */
export function toHint(destination: string | undefined, path: string | undefined, host: string | undefined): Hint | undefined {
  if (destination === undefined && path === undefined && host === undefined) return undefined;
  const hint: { destination?: string; path?: string; host?: string } = {};
  if (destination !== undefined) hint.destination = destination;
  if (path !== undefined) hint.path = path;
  if (host !== undefined) hint.host = host;
  return hint;
}

/**
 * Keeps only the attributes the split heuristics compare: `messaging.destination.name`, the
 * client's `url.full`/`http.url` (path and host), the server's `url.path`/`http.target` and
 * `server.address`/`net.host.name`/`http.host`.
 */
function hintOf(kind: number, attributes: Record<string, unknown>): Hint | undefined {
  const destination = text(attributes['messaging.destination.name']) ?? text(attributes['messaging.destination']);
  let path: string | undefined;
  let host: string | undefined;
  if (kind === CLIENT) {
    const url = text(attributes['url.full']) ?? text(attributes['http.url']);
    if (url !== undefined) ({ path, host } = splitUrl(url));
    host = text(attributes['server.address']) ?? text(attributes['net.peer.name']) ?? host;
  } else if (kind === SERVER) {
    const target = text(attributes['url.path']) ?? text(attributes['http.target']);
    if (target !== undefined) path = stripQuery(target);
    host = text(attributes['server.address']) ?? text(attributes['net.host.name']) ?? text(attributes['http.host'])?.replace(/:\d+$/, '');
  }
  return toHint(destination, path, host);
}

/** Reduces a span record to what the checker keeps; `intern` lets repeated names and services share one string. */
export function toCompactSpan(span: OtlpSpanRecord, intern: (value: string) => string): CompactSpan {
  const kind = Math.max(0, KIND_CODES.indexOf(span.kind));
  // Only callers and the roots they may continue are compared by the split heuristics.
  const needsHint = kind === CLIENT || kind === PRODUCER || ((kind === SERVER || kind === CONSUMER) && span.parentSpanId === undefined);
  return {
    id: span.spanId,
    parent: span.parentSpanId,
    name: intern(span.name),
    service: intern(span.service),
    kind,
    start: Number(span.startTimeUnixNano),
    end: Number(span.endTimeUnixNano),
    linked: span.links.length > 0,
    hint: needsHint ? hintOf(kind, span.attributes) : undefined,
  };
}

/** How problem messages name a span. */
export function describeSpan(span: CompactSpan): string {
  return `${KIND_CODES[span.kind] ?? 'UNSPECIFIED'} span "${span.name}" (${span.id}, ${span.service})`;
}
