/**
 * Runs the reading-and-deciding stage of a site import (site-batches.ts) in a worker thread, so it
 * uses one core while the storage writes on another, and hands its batches to the writer with their
 * number columns transferred, not copied. At most two batches are in flight (back-pressure).
 * The worker opens its own storage (the same StorageOptions: works for every backend) for what the
 * decider reads. It loads the activity worker entry (worker-url.ts), which calls runDecideWorker.
 */
import { parentPort, Worker } from 'node:worker_threads';
import type { StorageOptions } from '../../storage/ports/index.js';
import { DECIDE_ROLE } from '../worker-url.js';
import { fromWorkerError, toWorkerError, type WorkerError } from '../worker-errors.js';
import type { ImportStats } from '../import-stats.js';
import type { SiteBatch } from './site-batch.js';
import type { SiteTask } from './site-batches.js';
import type { SiteRules } from './site-request-decider.js';

const IN_FLIGHT = 2;

export interface DecideWorkerInput {
  role: typeof DECIDE_ROLE;
  storage: StorageOptions;
  siteId: number;
  rules: SiteRules;
  format: string;
  strict: boolean;
  blockBytes?: number;
  tasks: SiteTask[];
  stats: ImportStats;
  /** When the import started: which days still have a shared salt. */
  startedAt: number;
}

type WorkerMessage = { type: 'batch'; batch: SiteBatch } | { type: 'end' } | { type: 'error'; error: WorkerError };

/** The batches, decided in a worker loaded from `entry`. Returning early (or throwing) stops the worker. */
export async function* batchesFromWorker(entry: URL, input: Omit<DecideWorkerInput, 'role'>): AsyncGenerator<SiteBatch> {
  const worker = new Worker(entry, { workerData: { ...input, role: DECIDE_ROLE } satisfies DecideWorkerInput, });
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | undefined;
  const push = (message: WorkerMessage) => {
    queue.push(message);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', (error) => push({ type: 'error', error: toWorkerError(error) }));
  worker.on('exit', (code) => {
    if (code !== 0) push({ type: 'error', error: toWorkerError(new Error(`the import worker exited with code ${code}`)) });
    else push({ type: 'end' });
  });
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const message = queue.shift()!;
      // The last batch (task -1) comes before the worker ends; ending without it is a failure.
      if (message.type === 'end') throw new Error('the import worker stopped before it finished');
      if (message.type === 'error') throw fromWorkerError(message.error);
      yield message.batch;
      if (message.batch.task === -1) return;
      worker.postMessage('credit');
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}

/** The worker's side: open the storage, decide every task, post the batches. */
export async function runDecideWorker(input: DecideWorkerInput): Promise<void> {
  const port = parentPort!;
  let credits = IN_FLIGHT;
  let waiting: (() => void) | undefined;
  port.on('message', () => {
    credits++;
    waiting?.();
  });
  const { openStorage } = await import('../../storage/open.js');
  const { createDeciderSources } = await import('./decider-sources.js');
  const { SiteRequestDecider } = await import('./site-request-decider.js');
  const { siteBatches } = await import('./site-batches.js');
  const storage = await openStorage(input.storage);
  try {
    const sources = await createDeciderSources(storage.activity, input.siteId, input.rules.sessionTimeoutMs, input.startedAt, input.rules.geoDatabase);
    const decider = new SiteRequestDecider(input.rules, sources, input.stats);
    for await (const batch of siteBatches(input.tasks, decider, { format: input.format, strict: input.strict, blockBytes: input.blockBytes, stats: input.stats })) {
      while (credits === 0) await new Promise<void>((resolve) => (waiting = resolve));
      credits--;
      port.postMessage({ type: 'batch', batch } satisfies WorkerMessage, [batch.numbers.buffer as ArrayBuffer, batch.sessions.buffer as ArrayBuffer]);
    }
  } catch (error) {
    port.postMessage({ type: 'error', error: toWorkerError(error) } satisfies WorkerMessage);
  } finally {
    await storage.close();
  }
  port.close();
}

