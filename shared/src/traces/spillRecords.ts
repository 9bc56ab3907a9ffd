/**
 * The line formats of the spill files: one JSON array per line, so names and services with any
 * character survive, and doubles (times) round-trip exactly through `JSON.stringify`.
 */
import type { CompactSpan } from './compactSpan';
import { toHint } from './compactSpan';
import type { SplitCandidate } from './splitTraces';
import type { TraceSpanInfo } from './TraceCollector';
import type { TraceSummary } from './traceReport';

type Time = number | string;
type SpanFields = [string, string | null, string, string, number, Time, Time, 0 | 1, string | null, string | null, string | null];

// JSON has no Infinity, which a 400-digit nanosecond string becomes; keep it as text rather than null.
function encodeTime(value: number): Time {
  return Number.isFinite(value) ? value : String(value);
}

function spanFields(span: CompactSpan): SpanFields {
  const hint = span.hint;
  return [span.id, span.parent ?? null, span.name, span.service, span.kind, encodeTime(span.start), encodeTime(span.end), span.linked ? 1 : 0, hint?.destination ?? null, hint?.path ?? null, hint?.host ?? null];
}

function fromSpanFields(fields: SpanFields, intern: (value: string) => string = (value) => value): CompactSpan {
  const [id, parent, name, service, kind, start, end, linked, destination, path, host] = fields;
  return {
    id,
    parent: parent ?? undefined,
    name: intern(name),
    service: intern(service),
    kind,
    start: Number(start),
    end: Number(end),
    linked: linked === 1,
    hint: toHint(destination ?? undefined, path ?? undefined, host ?? undefined),
  };
}

/** A line of a trace bucket: a span of a trace, with its global arrival number, or a link into a trace. */
export type TraceBucketRecord = { traceId: string; seq: number; span: CompactSpan } | { traceId: string; link: true };

function quoted(value: string | undefined): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}

/**
 * One span line, written by hand rather than through `JSON.stringify` of an array: this runs once
 * per span of the input, and building the array costs more than the line. Same text as the array form.
 */
export function encodeSpanRecord(traceId: string, seq: number, span: CompactSpan): string {
  const hint = span.hint;

  const times = `${JSON.stringify(encodeTime(span.start))},${JSON.stringify(encodeTime(span.end))}`;
  const hints = hint === undefined ? 'null,null,null' : `${quoted(hint.destination)},${quoted(hint.path)},${quoted(hint.host)}`;
  return `[${quoted(traceId)},${String(seq)},${quoted(span.id)},${quoted(span.parent)},${quoted(span.name)},${quoted(span.service)},${String(span.kind)},${times},${span.linked ? '1' : '0'},${hints}]`;
}

export function encodeLinkRecord(traceId: string): string {
  return JSON.stringify([traceId]);
}

/** Reads a trace bucket line; `intern` lets the spans of a bucket share repeated names and services. */
export function decodeTraceBucketRecord(line: string, intern?: (value: string) => string): TraceBucketRecord {
  const [traceId, seq, ...fields] = JSON.parse(line) as [string, number | undefined, ...SpanFields];
  return seq === undefined ? { traceId, link: true } : { traceId, seq, span: fromSpanFields(fields, intern) };
}

/** A line of a key bucket: a caller, or a root with the index of the key it was filed under. */
export interface SplitCandidateRecord {
  key: string;
  /** -1 for a caller. */
  keyIndex: number;
  candidate: SplitCandidate;
}

export function encodeCandidateRecord(key: string, keyIndex: number, candidate: SplitCandidate): string {
  return JSON.stringify([keyIndex, key, candidate.traceId, candidate.traceOrder, candidate.position, ...spanFields(candidate.span)]);
}

/** Whether a key bucket line is a caller, without parsing it: the key index comes first for this. */
export function isCallerRecord(line: string): boolean {
  return line.startsWith('[-1,');
}

export function decodeCandidateRecord(line: string): SplitCandidateRecord {
  const [keyIndex, key, traceId, traceOrder, position, ...fields] = JSON.parse(line) as [number, string, string, number, number, ...SpanFields];
  return { key, keyIndex, candidate: { traceId, traceOrder, position, span: fromSpanFields(fields) } };
}

/** A line of a summary file: a trace's summary (split problems not yet added), in first-seen order. */
export interface SummaryRecord {
  traceOrder: number;
  summary: TraceSummary;
  spans?: TraceSpanInfo[];
}

export function encodeSummaryRecord(record: SummaryRecord): string {
  return JSON.stringify([record.traceOrder, record.summary, record.spans ?? null]);
}

export function decodeSummaryRecord(line: string): SummaryRecord {
  const [traceOrder, summary, spans] = JSON.parse(line) as [number, TraceSummary, TraceSpanInfo[] | null];
  return spans === null ? { traceOrder, summary } : { traceOrder, summary, spans };
}
