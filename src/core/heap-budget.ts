/**
 * A soft heap budget for large runs.
 *
 * V8 sizes old-space growth from the heap limit (4 GB by default on a machine with this much RAM)
 * and lets a short-lived process grow to about 4× its live set before a full collection. A
 * 10,000-monitor `trackz check` holds ~50 MB live yet peaked near 250 MB RSS that way (measured
 * with TRACKZ_TRACE=1). Collecting once the heap has grown past max(budget, 1.5 × the live set after
 * the last collection) keeps the peak near the live set: 10,000 monitors then peak near 170 MB.
 * Small runs never reach the budget and never pay for a collection.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mark } from './trace.js';

const DEFAULT_BUDGET_BYTES = 64 * 1024 * 1024;
/** Heap statistics are cheap but not free: look every this many ticks. */
const TICKS_PER_LOOK = 128;

let collectGarbage: (() => void) | null | undefined;

function collector(): (() => void) | null {
  if (collectGarbage !== undefined) return collectGarbage;
  try {
    // The documented way to reach gc() without a command-line flag: enable it, then read it from a fresh context.
    setFlagsFromString('--expose-gc');
    collectGarbage = runInNewContext('gc') as () => void;
  } catch {
    collectGarbage = null;
  }
  return collectGarbage;
}

export interface HeapBudget {
  /** Call once per unit of work (a result, a batch); collects when the heap has outgrown the budget. */
  tick(): void;
  /** Collects now if the heap is over the budget (e.g. right after loading a large config). */
  settle(): void;
}

export function createHeapBudget(budgetBytes = DEFAULT_BUDGET_BYTES): HeapBudget {
  let ticks = 0;
  let live = 0;
  const settle = () => {
    const used = getHeapStatistics().used_heap_size;
    if (used < Math.max(budgetBytes, live * 1.5)) return;
    const gc = collector();
    if (!gc) return;
    const started = performance.now();
    gc();
    live = getHeapStatistics().used_heap_size;
    mark(`heap: collected ${(used / 1048576).toFixed(0)} → ${(live / 1048576).toFixed(0)} MB in ${(performance.now() - started).toFixed(1)} ms`);
  };
  return {
    tick() {
      if (++ticks % TICKS_PER_LOOK === 0) settle();
    },
    settle,
  };
}
