/**
 * Activity work that should not block the caller's thread runs in worker threads. A worker needs a
 * file it can load whose top-level code starts its side: the built `activity` plugin entry
 * (dist/plugins/activity/index.js) is that file (see plugins/activity/index.ts). From TypeScript
 * sources (the tests) there is no such file, and the work runs in-thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DECIDE_ROLE = 'trackz-site-decide';
export const IMPORT_ROLE = 'trackz-activity-import';

/** The worker entry when running from a build and threads are allowed, else undefined. */
export function activityWorkerUrl(env: Record<string, string | undefined> = process.env): URL | undefined {
  if (env.TRACKZ_ACTIVITY_THREADS === '0') return undefined;
  const href = import.meta.url;
  const dist = href.lastIndexOf('/dist/');
  if (dist < 0 || !href.endsWith('.js')) return undefined;
  const url = new URL(`${href.slice(0, dist)}/dist/plugins/activity/index.js`);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}
