/**
 * The `activity` check: one import of a site or agent, reported like any check. It stops between
 * batches before its time limit (what it stored is kept; the next run continues), runs in a worker
 * thread when the code is built, and turns an unreadable source into a `down` result with the reason.
 */
import type { CheckContext } from '../core/plugin.js';
import type { CheckResult } from '../core/result.js';
import type { ActivityJob } from './activity-job.js';
import { importCheckResult } from './import-outcome.js';
import type { ImportStats } from './import-stats.js';
import { ActivitySourceError } from './input/import-inputs.js';
import { StorageDamagedError, StorageFullError } from '../storage/errors.js';
import { activityWorkerUrl } from './worker-url.js';

/** Share of the time limit the import may use; the rest is for closing the batch and reporting. */
const TIME_SHARE = 0.8;

export async function runActivityCheck(job: ActivityJob, ctx: CheckContext): Promise<CheckResult> {
  const deadline = Date.now() + ctx.timeoutMs * TIME_SHARE;
  const entry = activityWorkerUrl();
  let stats: ImportStats;
  try {
    if (entry) {
      const { importInWorker } = await import('./import-worker.js');
      stats = await importInWorker(entry, job, deadline, ctx.signal);
    } else {
      const { runImport } = await import('./run-import.js');
      stats = await runImport(job, { now: ctx.now, shouldStop: () => ctx.signal.aborted || Date.now() >= deadline });
    }
  } catch (error) {
    // An unreadable source, a full disk, a damaged file: the import's own problem, said as it is, not a bug.
    if (error instanceof ActivitySourceError || error instanceof StorageFullError || error instanceof StorageDamagedError) return { status: 'down', message: error.message, metrics: {} };
    throw error;
  }
  const config = job.kind === 'site' ? job.site : job.agent;
  return importCheckResult(stats, { now: ctx.now(), lag: config.expect.lag, pushed: job.kind === 'agent' && job.agent.source.type === 'push' });
}
