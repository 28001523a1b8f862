/**
 * The `activity` check runs its import in a worker thread: `trackz check` keeps measuring the other
 * monitors' latencies on an event loop that an import of a million lines would otherwise block.
 * Stopping (time limit, Ctrl-C) is a flag in shared memory, read between batches.
 */
import { parentPort, Worker } from 'node:worker_threads';
import type { ActivityJob } from './activity-job.js';
import type { ImportStats } from './import-stats.js';
import { fromWorkerError, toWorkerError, type WorkerError } from './worker-errors.js';
import { IMPORT_ROLE } from './worker-url.js';

export interface ImportWorkerInput {
  role: typeof IMPORT_ROLE;
  job: ActivityJob;
  /** Epoch ms after which the import stops between batches. */
  deadline: number;
  /** Int32Array over it: [0] = 1 asks the import to stop. */
  stop: SharedArrayBuffer;
}

type Reply = { type: 'done'; stats: ImportStats } | { type: 'error'; error: WorkerError };

export async function importInWorker(entry: URL, job: ActivityJob, deadline: number, signal: AbortSignal): Promise<ImportStats> {
  const stop = new SharedArrayBuffer(4);
  const flag = new Int32Array(stop);
  const worker = new Worker(entry, { workerData: { role: IMPORT_ROLE, job, deadline, stop } satisfies ImportWorkerInput });
  const onAbort = () => Atomics.store(flag, 0, 1);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await new Promise<ImportStats>((resolve, reject) => {
      let settled = false;
      worker.on('message', (reply: Reply) => {
        settled = true;
        if (reply.type === 'done') return resolve(reply.stats);
        reject(fromWorkerError(reply.error));
      });
      worker.on('error', (error) => {
        settled = true;
        reject(error);
      });
      worker.on('exit', (code) => {
        if (!settled) reject(new Error(`the import worker exited (code ${code}) before it reported`));
      });
    });
  } finally {
    signal.removeEventListener('abort', onAbort);
    await worker.terminate();
  }
}

/** The worker's side. */
export async function runImportWorker(input: ImportWorkerInput): Promise<void> {
  const flag = new Int32Array(input.stop);
  const { runImport } = await import('./run-import.js');
  let reply: Reply;
  try {
    const stats = await runImport(input.job, { shouldStop: () => Atomics.load(flag, 0) === 1 || Date.now() >= input.deadline });
    reply = { type: 'done', stats };
  } catch (error) {
    reply = { type: 'error', error: toWorkerError(error) };
  }
  parentPort!.postMessage(reply);
}
