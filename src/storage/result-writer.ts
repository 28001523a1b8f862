/**
 * Results reach the storage in small batches as they arrive: short transactions, few fsyncs, and
 * nothing lost if the run is interrupted after a batch.
 *
 * A batch that cannot be saved (the file locked by another process past the busy timeout, a full
 * disk, a database that went away) is kept and tried again with the next one; only the final flush
 * reports the failure, so a storage problem never crashes a run halfway through from a timer. Saves
 * run one after another, in the order the results arrived.
 */
import type { CheckRecord } from '../core/result.js';
import { StorageFullError } from './errors.js';
import type { ResultsPort } from './ports/results.js';

export interface ResultWriter {
  add(record: CheckRecord): void;
  /** Waits for the saves already started (a full batch, the timer), without starting one. */
  idle(): Promise<void>;
  /** Saves everything pending; rejects if it still cannot. */
  flush(): Promise<void>;
}

export class ResultsNotStoredError extends Error {
  constructor(
    readonly count: number,
    location: string,
    cause: unknown,
  ) {
    const results = `${count} result${count === 1 ? '' : 's'}`;
    super(
      cause instanceof StorageFullError
        ? `${cause.what} is full (${cause.detail}): the ${results} of this run ${count === 1 ? 'was' : 'were'} not stored (the report has ${count === 1 ? 'it' : 'them'}); what earlier runs stored is kept, whole. Free some space: the next run stores its results as usual.`
        : `${results} could not be stored in ${location}: ${(cause as Error)?.message ?? String(cause)}`,
      { cause },
    );
    this.name = 'ResultsNotStoredError';
  }
}

export function createResultWriter(results: ResultsPort, location: string, runId: number | undefined, maxBatch = 500, maxDelayMs = 250): ResultWriter {
  let pending: CheckRecord[] = [];
  let timer: NodeJS.Timeout | undefined;
  let lastError: unknown;
  let saving: Promise<boolean> = Promise.resolve(true);

  const saveNow = async (): Promise<boolean> => {
    if (pending.length === 0) return true;
    const batch = pending;
    pending = [];
    try {
      await results.saveResults(batch, runId);
      lastError = undefined;
      return true;
    } catch (error) {
      // Kept, in order, ahead of whatever arrived meanwhile.
      pending = batch.concat(pending);
      lastError = error;
      return false;
    }
  };
  const save = (): Promise<boolean> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    saving = saving.then(saveNow);
    return saving;
  };
  return {
    add(record) {
      pending.push(record);
      if (pending.length >= maxBatch) void save();
      else timer ??= setTimeout(() => void save(), maxDelayMs);
    },
    async idle() {
      await saving;
    },
    async flush() {
      if (!(await save())) throw new ResultsNotStoredError(pending.length, location, lastError);
    },
  };
}
