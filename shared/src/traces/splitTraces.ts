/**
 * Split-trace heuristics. A root SERVER or CONSUMER span R of trace T continues a CLIENT or
 * PRODUCER span C of another trace T' when the services differ, and either
 * 1. R starts within C's window (±100 ms of clock skew), and they share `messaging.destination.name`,
 *    or C's URL path (`url.full`/`http.url`) equals R's `url.path`/`http.target`, or C's host
 *    (`server.address` or URL host) equals R's `server.address`; no shared attribute may disagree; or
 * 2. R is a CONSUMER starting at most 60 s after C, a PRODUCER, with the same destination.
 * Callers are indexed by destination, path and host (the hint keys); a root is compared with every
 * caller sharing one, so many split roots on one busy path cost roots x callers comparisons.
 * Matching traces are merged into groups; both traces of each match get a `split-trace` problem.
 *
 * Matching only ever looks at callers and roots that share one key, so the spill path can
 * partition candidates by key and still find exactly the matches the in-memory path finds; the
 * order keys below put them back in the in-memory order.
 */
import type { CompactSpan, Hint } from './compactSpan';
import { CONSUMER, describeSpan, PRODUCER, SERVER, CLIENT } from './compactSpan';
import type { TraceProblem } from './traceReport';

/** Clock skew allowed between a caller's CLIENT/PRODUCER window and the callee's root start: 100 ms. */
const SKEW_NS = 1e8;
/** How long after a PRODUCER a CONSUMER root may start and still count as its continuation: 60 s of queueing. */
const CONSUMER_DELAY_NS = 6e10;

/** A caller or root span with where it sits: its trace's first-seen order and its index within the trace. */
export interface SplitCandidate {
  readonly traceId: string;
  readonly traceOrder: number;
  readonly position: number;
  readonly span: CompactSpan;
}

/** One root that looks like the continuation of one caller. */
export interface SplitMatch {
  readonly root: SplitCandidate;
  readonly caller: SplitCandidate;
  /** Index, in the root's hint keys, of the key the pair was found under. */
  readonly keyIndex: number;
  readonly evidence: string;
}

/** Whether a span is compared as a caller (CLIENT/PRODUCER with hints). */
export function isSplitCaller(span: CompactSpan): boolean {
  return (span.kind === CLIENT || span.kind === PRODUCER) && span.hint !== undefined;
}

/** Whether a span is compared as a possibly split root (parentless SERVER/CONSUMER with hints). */
export function isSplitRoot(span: CompactSpan): boolean {
  return span.parent === undefined && (span.kind === SERVER || span.kind === CONSUMER) && span.hint !== undefined;
}

/** The keys callers are indexed by, in the order roots look them up. */
export function hintKeys(hint: Hint): string[] {
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

/**
 * Matches one root against the callers indexed under its `keyIndex`-th hint key (in caller order).
 * A caller that also shares an earlier key of the root was already compared under that key, and is skipped.
 */
export function matchRootOnKey(root: SplitCandidate, keyIndex: number, callers: readonly SplitCandidate[], out: SplitMatch[]): void {
  const rootKeys = root.span.hint === undefined ? [] : hintKeys(root.span.hint);
  const earlier = rootKeys.slice(0, keyIndex);
  for (const caller of callers) {
    if (caller.traceId === root.traceId || caller.span.service === root.span.service) continue;
    if (earlier.length > 0 && caller.span.hint !== undefined && hintKeys(caller.span.hint).some((key) => earlier.includes(key))) continue;
    const evidence = continuationEvidence(caller.span, root.span);
    if (evidence !== undefined) out.push({ root, caller, keyIndex, evidence });
  }
}

/** Orders matches as the in-memory path finds them: by root (trace order, position), key, then caller. */
export function compareSplitMatches(a: SplitMatch, b: SplitMatch): number {
  return (
    a.root.traceOrder - b.root.traceOrder ||
    a.root.position - b.root.position ||
    a.keyIndex - b.keyIndex ||
    a.caller.traceOrder - b.caller.traceOrder ||
    a.caller.position - b.caller.position
  );
}

/** The split-trace problems per trace and the groups of traces, from matches in order. */
export function splitTraceFindings(matches: readonly SplitMatch[]): { problems: Map<string, TraceProblem[]>; groups: string[][] } {
  const problems = new Map<string, TraceProblem[]>();
  const add = (traceId: string, problem: TraceProblem): void => {
    let list = problems.get(traceId);
    if (list === undefined) problems.set(traceId, (list = []));
    list.push(problem);
  };
  const parent = new Map<string, string>();
  const order = new Map<string, number>();
  const find = (id: string): string => {
    let current = id;
    for (let next = parent.get(current); next !== undefined && next !== current; next = parent.get(current)) current = next;
    return current;
  };
  for (const { root, caller, evidence } of matches) {
    const [a, b] = [find(caller.traceId), find(root.traceId)];
    if (a !== b) parent.set(b, a);
    order.set(caller.traceId, caller.traceOrder).set(root.traceId, root.traceOrder);
    add(root.traceId, {
      code: 'split-trace',
      message: `root ${describeSpan(root.span)} looks like the continuation of ${describeSpan(caller.span)} in trace ${caller.traceId} (${evidence}): context was not propagated`,
      spanIds: [root.span.id, caller.span.id],
    });
    add(caller.traceId, {
      code: 'split-trace',
      message: `${describeSpan(caller.span)} seems to continue as root ${describeSpan(root.span)} in trace ${root.traceId} (${evidence}): context was not propagated`,
      spanIds: [caller.span.id, root.span.id],
    });
  }
  // Groups come in the order of their first-seen trace, as a report lists its traces.
  const byTop = new Map<string, string[]>();
  for (const id of [...order.keys()].sort((x, y) => (order.get(x) ?? 0) - (order.get(y) ?? 0))) {
    const top = find(id);
    let group = byTop.get(top);
    if (group === undefined) byTop.set(top, (group = []));
    group.push(id);
  }
  return { problems, groups: [...byTop.values()].filter((group) => group.length > 1).map((group) => group.sort()) };
}
