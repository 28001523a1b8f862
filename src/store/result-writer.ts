/**
 * Results reach the store in small batches as they arrive: short transactions, few fsyncs, and
 * nothing lost if the run is interrupted after a batch.
 */
import type { CheckRecord } from '../core/result.js';
import type { ResultStore } from './store.js';

export interface ResultWriter {
  add(record: CheckRecord): void;
  flush(): void;
}

export function createResultWriter(store: ResultStore, runId: number | undefined, maxBatch = 500, maxDelayMs = 250): ResultWriter {
  let pending: CheckRecord[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    store.saveResults(batch, runId);
  };
  return {
    add(record) {
      pending.push(record);
      if (pending.length >= maxBatch) flush();
      else timer ??= setTimeout(flush, maxDelayMs);
    },
    flush,
  };
}
