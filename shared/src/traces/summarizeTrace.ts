/**
 * The per-trace verdict: roots, orphans and the problems visible inside one trace. Cross-trace
 * problems (split traces) are added by `splitTraces.ts`.
 */
import type { CompactSpan } from './compactSpan';
import { CLIENT, CONSUMER, describeSpan, PRODUCER } from './compactSpan';
import { UNKNOWN_SERVICE } from './otlp';
import type { TraceProblem, TraceSummary } from './traceReport';

/**
 * Timing tolerance for "near-identical" duplicate spans: 5 ms. Instrumentations stamp some start times in
 * whole milliseconds (undici), and two copies of one instrumentation run one after the other on the same
 * event, so under load their spans drift a few milliseconds apart.
 */
const DUPLICATE_TOLERANCE_NS = 5e6;

function isUnknownService(service: string): boolean {
  return service === UNKNOWN_SERVICE || service.startsWith(`${UNKNOWN_SERVICE}:`);
}

/**
 * Summarizes one trace from its spans in arrival order. `linked` says whether some span (of any
 * trace) links into this one: a PRODUCER whose trace is linked to has a consumer elsewhere.
 */
export function summarizeTrace(traceId: string, records: readonly CompactSpan[], linked: boolean): TraceSummary {
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
      message: `orphan ${describeSpan(orphan)}: its parent ${orphan.parent ?? ''} is not in the trace (lost or unexported parent span)`,
      spanIds: [orphan.id],
    });
  }
  if (rootSpans.length > 1) {
    problems.push({
      code: 'multiple-roots',
      message: `${String(rootSpans.length)} root spans: ${rootSpans.map(describeSpan).join(', ')}`,
      spanIds: rootSpans.map((span) => span.id),
    });
  }
  for (const root of rootSpans) {
    if (root.kind === CLIENT || root.kind === PRODUCER) {
      problems.push({
        code: root.kind === CLIENT ? 'root-client' : 'root-producer',
        message: `root ${describeSpan(root)} calls out without a parent: the caller's context was lost`,
        spanIds: [root.id],
      });
    }
    // A consumer that links to its producer started a new trace on purpose (messaging semantic conventions).
    if (root.kind === CONSUMER && !root.linked) {
      problems.push({
        code: 'consumer-root',
        message: `root ${describeSpan(root)} started a new trace: the message carried no trace context`,
        spanIds: [root.id],
      });
    }
  }
  if (!linked && !list.some((span) => span.kind === CONSUMER)) {
    const producers = list.filter((span) => span.kind === PRODUCER);
    if (producers.length > 0) {
      problems.push({
        code: 'producer-without-consumer',
        message: `${producers.map(describeSpan).join(', ')} sent messages, but no CONSUMER span in this trace and no link to it`,
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
        message: `${describeSpan(span)} is nested in an identical span: double instrumentation`,
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
        message: `${describeSpan(current)} duplicates ${previous.id} (same name, kind, parent and timing): double instrumentation`,
        spanIds: [previous.id, current.id],
      });
    }
  }
  return problems;
}
