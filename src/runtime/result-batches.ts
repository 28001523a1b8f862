/**
 * Results reach the storage in small batches as they arrive: short transactions, few fsyncs, and
 * nothing lost if the process stops after a batch. Each saved batch is announced (`results.stored`,
 * with its run) and handed on (the alert engine evaluates it).
 *
 * A batch that cannot be saved (the file locked by another process past the busy timeout, a full
 * disk, a database that went away) is an `error` event, never a crash: it is kept, in order, ahead of
 * what arrives later, and tried again with the next batch or after a back-off when none comes; only
 * `flush()` reports what still cannot be saved. Saves run one after another, in arrival order. The
 * run the results belong to is begun with the first save, so a run is never begun for nothing and a
 * refused begin is retried like a refused save.
 */
import type { CheckRecord, StatusCounts } from '../core/result.js';
import { countStatuses } from '../core/result.js';
import type { ResultsPort } from '../storage/ports/index.js';
import type { Clock, TimerHandle } from './clock.js';
import type { EventStream } from './event-stream.js';
import { StorageFullError } from '../storage/errors.js';

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

export interface ResultBatchesOptions {
  results: ResultsPort;
  /** Where the results go, safe to print (Storage.location). */
  location: string;
  /** Begins the run these results belong to; called once, with the first save. */
  beginRun: () => Promise<number>;
  events: EventStream;
  clock: Clock;
  /** Called with each batch once it is stored, in order. */
  onStored?: (records: CheckRecord[]) => void;
  /** A batch is saved when it has this many results… Default 500. */
  maxBatch?: number;
  /** …or this long after its first one arrived. Default 250 ms. */
  maxDelayMs?: number;
  /** First wait before a refused batch is tried again when no new result brings it sooner; doubles up to 30 s. Default 1 s. */
  retryMs?: number;
  /** While the storage refuses, at most this many results wait in memory; the oldest give way (said in an `error` event). Default 100,000. */
  maxPending?: number;
}

const MAX_RETRY_MS = 30_000;

export class ResultBatches {
  private pending: CheckRecord[] = [];
  private timer: TimerHandle | undefined;
  private saving: Promise<boolean> = Promise.resolve(true);
  private lastError: unknown;
  private failures = 0;
  private closed = false;
  private run: number | undefined;
  private readonly stored: StatusCounts = countStatuses([]);

  constructor(private readonly options: ResultBatchesOptions) {}

  /** The run the stored results belong to, once one was begun. */
  get runId(): number | undefined {
    return this.run;
  }

  /** Status counts of every result stored so far (for the run's row). */
  storedCounts(): StatusCounts {
    return { ...this.stored };
  }

  add(record: CheckRecord): void {
    this.pending.push(record);
    const limit = this.options.maxPending ?? 100_000;
    if (this.pending.length > limit) {
      const dropped = this.pending.splice(0, this.pending.length - limit);
      this.options.events.emit({ type: 'error', phase: 'store', message: `${dropped.length} result${dropped.length === 1 ? '' : 's'} dropped: ${this.options.location} has refused every save for too long` });
    }
    if (this.pending.length >= (this.options.maxBatch ?? 500)) void this.save();
    else this.arm(this.options.maxDelayMs ?? 250);
  }

  /** Waits for the saves already started (a full batch, the timer), without starting one. */
  async idle(): Promise<void> {
    await this.saving;
  }

  /** Saves everything pending; rejects with ResultsNotStoredError if it still cannot. */
  async flush(): Promise<void> {
    if (!(await this.save())) throw new ResultsNotStoredError(this.pending.length, this.options.location, this.lastError);
  }

  /** Records the run as finished, with the counts of what was stored; a no-op when nothing was. */
  async finishRun(finishedAt: number, counts: StatusCounts = this.storedCounts()): Promise<void> {
    if (this.run !== undefined) await this.options.results.finishRun(this.run, counts, finishedAt);
  }

  /** No more timers: what is pending stays until a flush. */
  close(): void {
    this.closed = true;
    this.disarm();
  }

  private arm(ms: number): void {
    if (this.timer !== undefined || this.closed) return;
    this.timer = this.options.clock.setTimer(() => {
      this.timer = undefined;
      void this.save();
    }, ms);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.options.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  private save(): Promise<boolean> {
    this.disarm();
    this.saving = this.saving.then(() => this.saveNow());
    return this.saving;
  }

  private async saveNow(): Promise<boolean> {
    if (this.pending.length === 0) return true;
    const batch = this.pending;
    this.pending = [];
    try {
      this.run ??= await this.options.beginRun();
      await this.options.results.saveResults(batch, this.run);
    } catch (error) {
      this.pending = batch.concat(this.pending);
      this.lastError = error;
      this.failures++;
      this.options.events.emit({ type: 'error', phase: 'store', message: new ResultsNotStoredError(batch.length, this.options.location, error).message });
      this.arm(Math.min((this.options.retryMs ?? 1_000) * 2 ** (this.failures - 1), MAX_RETRY_MS));
      return false;
    }
    this.failures = 0;
    this.lastError = undefined;
    for (const record of batch) {
      this.stored.total++;
      this.stored[record.status]++;
    }
    this.options.events.emit({ type: 'results.stored', records: batch, runId: this.run });
    this.options.onStored?.(batch);
    return true;
  }
}
