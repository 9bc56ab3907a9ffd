/**
 * Keeps the server's resident memory near what it really holds. Linting a file allocates tens of MB of
 * short-lived AST and token objects; left alone, V8 keeps the heap it grew for them (a 32 MB young
 * generation, an old generation several times the live data) until its memory reducer runs many seconds
 * later, so an editor that opened 200 files sees an idle server of 280 MB whose live heap is 50 MB. The
 * flags of `nodeFlags.ts` bound the growth while linting; the compaction here returns what is left once idle.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

import { runTimeFlags } from './nodeFlags';

/** Quiet period after the last lint before the heap is compacted. */
export const IDLE_COMPACT_MS = 1500;

/**
 * Sets the run-time equivalents of the server's Node flags (`nodeFlags.ts`) that the process was not
 * started with, as an editor other than VS Code may start it. Runs before any lint, as the flags only
 * affect later growth.
 */
export function tuneHeap(): void {
  const started = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/u)];
  for (const flag of runTimeFlags(started)) v8.setFlagsFromString(flag);
}

/** Heap growth beyond the live data of the last compaction, above which an idle server compacts again. */
const SLACK_BYTES = 32 * 1024 * 1024;

let liveAfterCompaction = 0;

let collect: (() => void) | undefined;

/**
 * A full, compacting garbage collection, which returns the freed pages to the system. `gc` exists only in a
 * context created after `--expose-gc` is set, so the flag is set at run time and the function taken from a
 * fresh context; if that ever fails, compaction is left to V8.
 */
export function compactHeap(): void {
  // Grown little since the last compaction: a full collection would cost more than it gives back. (The
  // used size counts garbage not yet collected, so only the size after a collection tells what is live.)
  if (v8.getHeapStatistics().total_heap_size < liveAfterCompaction + SLACK_BYTES) return;
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      const exposed: unknown = vm.runInNewContext('gc');
      collect = typeof exposed === 'function' ? () => void (exposed as () => unknown)() : () => undefined;
    } catch {
      collect = () => undefined;
    }
  }
  // Only this collection moves every live object: V8's own full collections keep their cheaper heuristics.
  v8.setFlagsFromString('--compact-on-every-full-gc');
  try {
    collect();
  } finally {
    v8.setFlagsFromString('--no-compact-on-every-full-gc');
  }
  liveAfterCompaction = v8.getHeapStatistics().used_heap_size;
}
