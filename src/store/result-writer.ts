/**
 * Results reach the store in small batches as they arrive: short transactions, few fsyncs, and
 * nothing lost if the run is interrupted after a batch.
 *
 * A batch that cannot be saved (the file locked by another process past the busy timeout, a full
 * disk) is kept and tried again with the next one; only the final flush reports the failure, so a
 * storage problem never crashes a run halfway through from a timer.
 */
import type { CheckRecord } from '../core/result.js';
import type { ResultStore } from './store.js';

export interface ResultWriter {
  add(record: CheckRecord): void;
  /** Saves everything pending; throws if it still cannot. */
  flush(): void;
}

export class ResultsNotStoredError extends Error {
  constructor(
    readonly count: number,
    path: string,
    cause: unknown,
  ) {
    super(`${count} result${count === 1 ? '' : 's'} could not be stored in ${path}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'ResultsNotStoredError';
  }
}

export function createResultWriter(store: ResultStore, runId: number | undefined, maxBatch = 500, maxDelayMs = 250): ResultWriter {
  let pending: CheckRecord[] = [];
  let timer: NodeJS.Timeout | undefined;
  let lastError: unknown;
  const save = (): boolean => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return true;
    try {
      store.saveResults(pending, runId);
      pending = [];
      lastError = undefined;
      return true;
    } catch (error) {
      lastError = error;
      return false;
    }
  };
  return {
    add(record) {
      pending.push(record);
      if (pending.length >= maxBatch) save();
      else timer ??= setTimeout(save, maxDelayMs);
    },
    flush() {
      if (!save()) throw new ResultsNotStoredError(pending.length, store.path, lastError);
    },
  };
}
