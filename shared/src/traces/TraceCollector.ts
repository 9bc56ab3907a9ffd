/**
 * Trace-completeness checker: groups OTLP spans by trace and says which traces are whole, which
 * lost their parent context, and which look like one request split across several traces.
 */
import type { OtlpSpanKind, OtlpSpanRecord } from './otlp';
import { UNKNOWN_SERVICE } from './otlp';

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

/** Timing tolerance for "near-identical" duplicate spans: 1 ms, looser than any clock tick. */
const DUPLICATE_TOLERANCE_NS = 1e6;
/** Clock skew allowed between a caller's CLIENT/PRODUCER window and the callee's root start: 100 ms. */
const SKEW_NS = 1e8;
/** How long after a PRODUCER a CONSUMER root may start and still count as its continuation: 60 s of queueing. */
const CONSUMER_DELAY_NS = 6e10;

const KIND_CODES: readonly OtlpSpanKind[] = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

/** The few facts kept about one span, as {@link TraceCollector.spansOf} returns them (for trees). */
export interface TraceSpanInfo {
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: OtlpSpanKind;
  service: string;
  /** Nanoseconds since the epoch as a double: exact to about 0.25 µs, enough to order spans. */
  start: number;
}

/** What the split heuristics need from a span's attributes, and nothing else. */
interface Hint {
  readonly destination?: string;
  readonly path?: string;
  readonly host?: string;
}

/** Per-span state: ids, interned name and service, kind as a small int, times as float nanoseconds. */
interface CompactSpan {
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
  if (destination === undefined && path === undefined && host === undefined) return undefined;
  const hint: { destination?: string; path?: string; host?: string } = {};
  if (destination !== undefined) hint.destination = destination;
  if (path !== undefined) hint.path = path;
  if (host !== undefined) hint.host = host;
  return hint;
}

function isUnknownService(service: string): boolean {
  return service === UNKNOWN_SERVICE || service.startsWith(`${UNKNOWN_SERVICE}:`);
}

function describe(span: CompactSpan): string {
  return `${KIND_CODES[span.kind] ?? 'UNSPECIFIED'} span "${span.name}" (${span.id}, ${span.service})`;
}

interface Caller {
  readonly traceId: string;
  readonly span: CompactSpan;
}

/**
 * Collects spans one at a time and reports on every trace seen. Memory grows with the number of
 * spans, never with the size of the raw JSON or its attributes: each span keeps its ids, interned
 * name and service, kind, times, and the few attributes the split heuristics use. Measured with
 * garbage-collector headroom: about 300 bytes per span (the 1 GB bench, 1.2 M spans, peaks near 450 MB RSS).
 */
export class TraceCollector {
  private readonly traces = new Map<string, CompactSpan[]>();
  private readonly interned = new Map<string, string>();
  // Traces some span links into: a PRODUCER whose trace is linked to has a consumer elsewhere.
  private readonly linkedTraces = new Set<string>();

  private intern(value: string): string {
    const known = this.interned.get(value);
    if (known !== undefined) return known;
    this.interned.set(value, value);
    return value;
  }

  /** Adds one span; the record itself is not retained. */
  add(span: OtlpSpanRecord): void {
    const kind = Math.max(0, KIND_CODES.indexOf(span.kind));
    const needsHint = kind === CLIENT || kind === PRODUCER || ((kind === SERVER || kind === CONSUMER) && span.parentSpanId === undefined);
    const compact: CompactSpan = {
      id: span.spanId,
      parent: span.parentSpanId,
      name: this.intern(span.name),
      service: this.intern(span.service),
      kind,
      start: Number(span.startTimeUnixNano),
      end: Number(span.endTimeUnixNano),
      linked: span.links.length > 0,
      hint: needsHint ? hintOf(kind, span.attributes) : undefined,
    };
    for (const link of span.links) this.linkedTraces.add(link.traceId);
    let list = this.traces.get(span.traceId);
    if (list === undefined) {
      list = [];
      this.traces.set(span.traceId, list);
    }
    list.push(compact);
  }

  /** The spans kept for one trace, in arrival order; empty for an unknown trace id. */
  spansOf(traceId: string): TraceSpanInfo[] {
    return (this.traces.get(traceId) ?? []).map((span) => {
      const info: TraceSpanInfo = { spanId: span.id, name: span.name, kind: KIND_CODES[span.kind] ?? 'UNSPECIFIED', service: span.service, start: span.start };
      if (span.parent !== undefined) info.parentSpanId = span.parent;
      return info;
    });
  }

  /** Builds the report for every span added so far; can be called again after more spans arrive. */
  report(): TraceReport {
    const traceList: TraceSummary[] = [];
    let spans = 0;
    let roots = 0;
    let orphanSpans = 0;
    let complete = 0;
    for (const [traceId, list] of this.traces) {
      const summary = this.summarize(traceId, list);
      traceList.push(summary);
      spans += summary.spans;
      roots += summary.roots;
      orphanSpans += summary.orphanSpans;
      if (summary.roots === 1 && summary.orphanSpans === 0) complete++;
    }
    const splitTraces = this.findSplitTraces(traceList);
    return {
      traces: traceList.length,
      spans,
      roots,
      orphanSpans,
      completeness: traceList.length === 0 ? 0 : complete / traceList.length,
      traceList,
      splitTraces,
      problems: overallProblems(traceList),
    };
  }

  private summarize(traceId: string, records: readonly CompactSpan[]): TraceSummary {
    const problems: TraceProblem[] = [];
    const byId = new Map<string, CompactSpan>();
    const repeatedIds: string[] = [];
    for (const span of records) {
      if (byId.has(span.id)) repeatedIds.push(span.id);
      else byId.set(span.id, span);
    }
    // A span exported twice is still one span: count it once, and say so below.
    const list = repeatedIds.length === 0 ? records : [...byId.values()];
    const rootSpans = list.filter((span) => span.parent === undefined);
    const orphans = list.filter((span) => span.parent !== undefined && !byId.has(span.parent));
    const services = [...new Set(list.map((span) => span.service))].sort();

    for (const orphan of orphans) {
      problems.push({
        code: 'orphan-span',
        message: `orphan ${describe(orphan)}: its parent ${orphan.parent ?? ''} is not in the trace (lost or unexported parent span)`,
        spanIds: [orphan.id],
      });
    }
    if (rootSpans.length > 1) {
      problems.push({
        code: 'multiple-roots',
        message: `${String(rootSpans.length)} root spans: ${rootSpans.map(describe).join(', ')}`,
        spanIds: rootSpans.map((span) => span.id),
      });
    }
    for (const root of rootSpans) {
      if (root.kind === CLIENT || root.kind === PRODUCER) {
        problems.push({
          code: root.kind === CLIENT ? 'root-client' : 'root-producer',
          message: `root ${describe(root)} calls out without a parent: the caller's context was lost`,
          spanIds: [root.id],
        });
      }
      // A consumer that links to its producer started a new trace on purpose (messaging semantic conventions).
      if (root.kind === CONSUMER && !root.linked) {
        problems.push({
          code: 'consumer-root',
          message: `root ${describe(root)} started a new trace: the message carried no trace context`,
          spanIds: [root.id],
        });
      }
    }
    if (!this.linkedTraces.has(traceId) && !list.some((span) => span.kind === CONSUMER)) {
      const producers = list.filter((span) => span.kind === PRODUCER);
      if (producers.length > 0) {
        problems.push({
          code: 'producer-without-consumer',
          message: `${producers.map(describe).join(', ')} sent messages, but no CONSUMER span in this trace and no link to it`,
          spanIds: producers.map((span) => span.id),
        });
      }
    }
    problems.push(...duplicateProblems(list, byId));
    if (repeatedIds.length > 0) {
      problems.push({
        code: 'duplicate-span-id',
        message: `span id exported more than once: ${[...new Set(repeatedIds)].join(', ')}`,
        spanIds: [...new Set(repeatedIds)],
      });
    }
    const unnamed = list.filter((span) => isUnknownService(span.service));
    if (unnamed.length > 0) {
      problems.push({
        code: 'missing-service-name',
        message: `missing service.name: ${String(unnamed.length)} span(s) report ${unnamed[0]?.service ?? UNKNOWN_SERVICE}`,
        spanIds: unnamed.map((span) => span.id),
      });
    }
    return { traceId, spans: list.length, services, roots: rootSpans.length, orphanSpans: orphans.length, problems };
  }

  /**
   * Split-trace heuristics. A root SERVER or CONSUMER span R of trace T continues a CLIENT or
   * PRODUCER span C of another trace T' when the services differ, and either
   * 1. R starts within C's window (±100 ms of clock skew), and they share `messaging.destination.name`,
   *    or C's URL path (`url.full`/`http.url`) equals R's `url.path`/`http.target`, or C's host
   *    (`server.address` or URL host) equals R's `server.address`; no shared attribute may disagree; or
   * 2. R is a CONSUMER starting at most 60 s after C, a PRODUCER, with the same destination.
   * Callers are indexed by destination, path and host; a root is compared with every caller
   * sharing one, so many split roots on one busy path cost roots x callers comparisons.
   * Matching traces are merged into groups (union-find); both traces of each match get a `split-trace` problem.
   */
  private findSplitTraces(traceList: TraceSummary[]): string[][] {
    const callersByKey = new Map<string, Caller[]>();
    for (const [traceId, list] of this.traces) {
      for (const span of list) {
        if ((span.kind !== CLIENT && span.kind !== PRODUCER) || span.hint === undefined) continue;
        const caller: Caller = { traceId, span };
        for (const key of hintKeys(span.hint)) {
          let callers = callersByKey.get(key);
          if (callers === undefined) callersByKey.set(key, (callers = []));
          callers.push(caller);
        }
      }
    }
    const parent = new Map<string, string>();
    const joined = new Set<string>();
    const find = (id: string): string => {
      let current = id;
      for (let next = parent.get(current); next !== undefined && next !== current; next = parent.get(current)) current = next;
      return current;
    };
    const summaries = new Map(traceList.map((summary) => [summary.traceId, summary]));
    for (const [traceId, list] of this.traces) {
      for (const root of list) {
        if (root.parent !== undefined || (root.kind !== SERVER && root.kind !== CONSUMER) || root.hint === undefined) continue;
        const seen = new Set<Caller>();
        for (const key of hintKeys(root.hint)) {
          for (const caller of callersByKey.get(key) ?? []) {
            if (seen.has(caller)) continue;
            seen.add(caller);
            const evidence = continuationEvidence(caller.span, root);
            if (caller.traceId === traceId || caller.span.service === root.service || evidence === undefined) continue;
            const [a, b] = [find(caller.traceId), find(traceId)];
            if (a !== b) parent.set(b, a);
            joined.add(caller.traceId).add(traceId);
            summaries.get(traceId)?.problems.push({
              code: 'split-trace',
              message: `root ${describe(root)} looks like the continuation of ${describe(caller.span)} in trace ${caller.traceId} (${evidence}): context was not propagated`,
              spanIds: [root.id, caller.span.id],
            });
            summaries.get(caller.traceId)?.problems.push({
              code: 'split-trace',
              message: `${describe(caller.span)} seems to continue as root ${describe(root)} in trace ${traceId} (${evidence}): context was not propagated`,
              spanIds: [caller.span.id, root.id],
            });
          }
        }
      }
    }
    const groups = new Map<string, string[]>();
    for (const id of this.traces.keys()) {
      if (!joined.has(id)) continue;
      const top = find(id);
      let group = groups.get(top);
      if (group === undefined) groups.set(top, (group = []));
      group.push(id);
    }
    return [...groups.values()].filter((group) => group.length > 1).map((group) => group.sort());
  }
}

function hintKeys(hint: Hint): string[] {
  const keys: string[] = [];
  if (hint.destination !== undefined) keys.push(`d:${hint.destination}`);
  if (hint.path !== undefined) keys.push(`p:${hint.path}`);
  if (hint.host !== undefined) keys.push(`h:${hint.host}`);
  return keys;
}

/** Says why `root` continues `caller`, or undefined when the heuristics do not hold. */
function continuationEvidence(caller: CompactSpan, root: CompactSpan): string | undefined {
  const a = caller.hint;
  const b = root.hint;
  if (a === undefined || b === undefined) return undefined;
  const fields = ['destination', 'path', 'host'] as const;
  if (fields.some((field) => a[field] !== undefined && b[field] !== undefined && a[field] !== b[field])) return undefined;
  const shared = fields.filter((field) => a[field] !== undefined && a[field] === b[field]);
  if (shared.length === 0) return undefined;
  const names: Record<(typeof fields)[number], string> = { destination: 'messaging.destination.name', path: 'path', host: 'server address' };
  const what = shared.map((field) => `same ${names[field]} ${a[field] ?? ''}`).join(', ');
  if (root.start >= caller.start - SKEW_NS && root.start <= caller.end + SKEW_NS) return `${what}, starts within its window`;
  if (caller.kind === PRODUCER && root.kind === CONSUMER && a.destination !== undefined && root.start >= caller.start && root.start - caller.end <= CONSUMER_DELAY_NS) {
    return `${what}, starts ${String(Math.round((root.start - caller.end) / 1e6))} ms after it`;
  }
  return undefined;
}

/** Double instrumentation: two spans of the same name and kind under the same parent (or nested), with near-identical timing. */
function duplicateProblems(list: readonly CompactSpan[], byId: ReadonlyMap<string, CompactSpan>): TraceProblem[] {
  const problems: TraceProblem[] = [];
  const near = (a: CompactSpan, b: CompactSpan): boolean =>
    Math.abs(a.start - b.start) <= DUPLICATE_TOLERANCE_NS && Math.abs(a.end - b.end) <= DUPLICATE_TOLERANCE_NS;
  const siblings = new Map<string, CompactSpan[]>();
  for (const span of list) {
    const key = `${span.parent ?? ''}\u0000${String(span.kind)}\u0000${span.name}`;
    let group = siblings.get(key);
    if (group === undefined) siblings.set(key, (group = []));
    group.push(span);
    const parent = span.parent === undefined ? undefined : byId.get(span.parent);
    if (parent !== undefined && parent.id !== span.id && parent.name === span.name && parent.kind === span.kind && near(parent, span)) {
      problems.push({
        code: 'duplicate-span',
        message: `${describe(span)} is nested in an identical span: double instrumentation`,
        spanIds: [parent.id, span.id],
      });
    }
  }
  for (const group of siblings.values()) {
    if (group.length < 2) continue;
    const sorted = [...group].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++) {
      const previous = sorted[i - 1];
      const current = sorted[i];
      if (previous === undefined || current === undefined || previous.id === current.id || !near(previous, current)) continue;
      problems.push({
        code: 'duplicate-span',
        message: `${describe(current)} duplicates ${previous.id} (same name, kind, parent and timing): double instrumentation`,
        spanIds: [previous.id, current.id],
      });
    }
  }
  return problems;
}

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

function overallProblems(traceList: readonly TraceSummary[]): OverallProblem[] {
  if (traceList.length === 0) return [{ code: 'no-spans', message: 'no spans found', traces: 0 }];
  const counts = new Map<TraceProblemCode, number>();
  for (const summary of traceList) {
    for (const code of new Set(summary.problems.map((problem) => problem.code))) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return (Object.keys(OVERALL_MESSAGES) as TraceProblemCode[])
    .filter((code) => counts.has(code))
    .map((code) => ({ code, message: OVERALL_MESSAGES[code], traces: counts.get(code) ?? 0 }));
}

/** Checks a finite set of spans in one go; see {@link TraceCollector} for streams. */
export function analyzeTraces(spans: Iterable<OtlpSpanRecord>): TraceReport {
  const collector = new TraceCollector();
  for (const span of spans) collector.add(span);
  return collector.report();
}
