/**
 * activity: imports a tracker site's access logs or an agent's device activity into the SQLite file.
 * Monitors of this type are not written by hand: each entry under `sites:` and `agents:` becomes one
 * (named `site:<name>` / `agent:<name>`), so `trackz check` refreshes activity like any check.
 *
 * This file is also the entry of the activity worker threads (see src/activity/worker-url.ts): in a
 * worker, the check at the bottom starts the worker's side instead of being a plugin.
 */
import * as v from 'valibot';
import { isMainThread, workerData } from 'node:worker_threads';
import { definePlugin } from '../../src/core/plugin.js';
import type { ActivityJob } from '../../src/activity/activity-job.js';
import { DECIDE_ROLE, IMPORT_ROLE } from '../../src/activity/worker-url.js';

/** Imports may take long on a first run; an unfinished import continues on the next run. */
export const ACTIVITY_TIMEOUT_MS = 120_000;

const options = v.custom<ActivityJob>(() => false, 'activity checks are declared under `sites:` or `agents:`, not under `monitors:`');

export default definePlugin<ActivityJob>({
  type: 'activity',
  description: "Imports a site's access logs or an agent's device activity (declared under sites: and agents:)",
  options,
  defaultTimeoutMs: ACTIVITY_TIMEOUT_MS,
  // An import's whole job is to write into the SQLite file, so `trackz check --no-store` leaves it out.
  writesStore: true,
  async run(monitor, ctx) {
    const { runActivityCheck } = await import('../../src/activity/activity-check.js');
    return runActivityCheck(monitor.options, ctx);
  },
});

const role = isMainThread ? undefined : (workerData as { role?: string } | null)?.role;
if (role === DECIDE_ROLE) {
  void import('../../src/activity/sites/site-decide-worker.js').then(({ runDecideWorker }) => runDecideWorker(workerData));
} else if (role === IMPORT_ROLE) {
  void import('../../src/activity/import-worker.js').then(({ runImportWorker }) => runImportWorker(workerData));
}
