/**
 * One import of a tracker site. The writer's side: find the log files, decide per file where to
 * start (cursor), then store each batch the deciding stage produces together with the file's cursor
 * in one transaction — so a `kill -9` at any moment, then a re-run, gives exactly one import's rows.
 * Then retention and salt expiry. Malformed lines are counted with their line numbers and skipped
 * (`strict` stops at the first one, keeping what came before it).
 */
import type { SiteConfig } from '../../config/schema/activity.js';
import { deleteAgedImportSalts } from '../../privacy/import-salts.js';
import type { GeoConfig } from '../../config/schema/geo.js';
import { geoDatabasePath } from '../geo/country-lookup.js';
import { oldestKeptSaltDay } from '../../privacy/visitor-hasher.js';
import { ConcurrentImportError, type HeldCursor, type ImportCursor } from '../../storage/ports/activity.js';
import type { HeatmapPort } from '../../storage/ports/heatmaps.js';
import type { StorageOptions } from '../../storage/ports/index.js';
import { StorageFullError } from '../../storage/errors.js';
import { emptyStats, fullDiskProgress, StrictImportError, type ImportRunOptions, type ImportStats } from '../import-stats.js';
import { fingerprintLengths, planFromContent, planFromStat, type CursorPlan } from '../input/import-cursor.js';
import { openStdin, resolveInputs } from '../input/import-inputs.js';
import { fingerprintOf, readHead, type LogFile } from '../input/log-file.js';
import type { SiteBatch } from './site-batch.js';
import { siteBatches, type SiteTask } from './site-batches.js';
import { createDeciderSources } from './decider-sources.js';
import { applySiteRetention } from './site-retention.js';
import { SiteRequestDecider, siteRules } from './site-request-decider.js';
import { activityWorkerUrl } from '../worker-url.js';

export interface SiteImportOptions extends ImportRunOptions {
  /** The storage, for the worker thread's own connection. */
  storage: StorageOptions;
  site: SiteConfig;
  /** The beacon's records of the site, pruned with its page views. */
  heatmaps: HeatmapPort;
  /** The config's `geo:` (default: the bundled DB-IP database). */
  geo?: GeoConfig;
  blockBytes?: number;
  /** false: decide in this thread (the default when a worker cannot load this code, e.g. from sources). */
  threads?: boolean;
}

export async function importSite(options: SiteImportOptions): Promise<ImportStats> {
  const started = performance.now();
  const { activity, site } = options;
  const now = options.now ?? Date.now;
  let stats = emptyStats('site', site.name);
  // Expired salts go first, whatever happens to this import (and again at its end).
  const startedAt = now();
  const expiredSalts = (await activity.deleteSaltsBefore(oldestKeptSaltDay(startedAt))) + (await deleteAgedImportSalts(activity, startedAt));
  const siteId = await activity.sourceId('site', site.name, now());
  const cursors = await activity.loadCursors(siteId);
  const inputs = await resolveInputs(options.inputs ?? site.logs?.path ?? [], options.configDir, options.inputs ? [] : cursors);

  // Plan every input: skip it, resume it, or start it over.
  const tasks: SiteTask[] = [];
  const held: HeldCursor[] = [];
  let stdin: AsyncIterable<Buffer> | undefined;
  for (const input of inputs) {
    let file: LogFile | undefined;
    let head: Buffer;
    if (input.kind === 'stdin') {
      const opened = await openStdin(options.stdin ?? process.stdin);
      head = opened.head;
      stdin = opened.stream;
    } else {
      file = input.file;
      const unchanged = planFromStat(file, cursors);
      if (unchanged?.action === 'skip') {
        await activity.touchCursor(unchanged.cursor.id, now());
        stats.files.push({ path: file.path, action: 'skip', why: unchanged.why, lines: 0 });
        continue;
      }
      head = await readHead(file);
    }
    const label = file?.path ?? '-';
    const plan = head.length === 0 ? undefined : planFromContent(file, hashesFor(head, cursors), cursors);
    if (!plan || plan.action === 'skip') {
      if (plan) await activity.touchCursor(plan.cursor.id, now());
      stats.files.push({ path: label, action: 'skip', why: plan?.why ?? 'empty', lines: 0 });
      continue;
    }
    tasks.push(taskFor(label, file, head, plan));
    held.push(heldFor(plan));
  }

  const rules = siteRules(site, geoDatabasePath(options.geo, options.configDir));
  const writer = activity.siteWriter(siteId);
  // The deciding stage counts into `live`; what is reported is the count of the last batch stored.
  const live = stats;
  stats = { ...live, files: [...live.files] };
  let batches: AsyncGenerator<SiteBatch> | undefined;
  if (tasks.length) {
    // stdin belongs to this thread; everything else can be read and decided in a worker.
    const entry = options.threads === false || stdin ? undefined : activityWorkerUrl();
    if (entry) {
      const { batchesFromWorker } = await import('./site-decide-worker.js');
      batches = batchesFromWorker(entry, { storage: options.storage, siteId, rules, format: site.logs?.format ?? 'combined', strict: options.strict ?? false, blockBytes: options.blockBytes, tasks, stats: live, startedAt });
    } else {
      const decider = new SiteRequestDecider(rules, await createDeciderSources(activity, siteId, site.sessionTimeout, startedAt, rules.geoDatabase), live);
      batches = siteBatches(tasks, decider, { format: site.logs?.format ?? 'combined', strict: options.strict ?? false, blockBytes: options.blockBytes, stdin, stats: live });
    }
  }

  let reached: { file: string; line: number } | undefined;
  try {
    for await (const batch of batches ?? []) {
      // The rows and the cursor after them, in one transaction.
      if (batch.task >= 0) {
        await writer.write(batch, { held: held[batch.task]!, to: batch.cursor }, now());
        reached = { file: batch.cursor.path, line: batch.cursor.line };
      }
      stats = batch.stats;
      options.onBatch?.(stats);
      if (batch.strictStop) throw new StrictImportError(batch.strictStop.file, batch.strictStop.line, batch.strictStop.reason, stats);
      if (options.shouldStop?.()) {
        stats.complete = false;
        break;
      }
    }
  } catch (error) {
    if (error instanceof StorageFullError) throw error.withProgress(fullDiskProgress(site.name, 'requests', reached));
    if (!(error instanceof ConcurrentImportError)) throw error;
    stats.busy = true;
    stats.complete = false;
  } finally {
    await batches?.return(undefined);
  }

  // The lag is measured from the newest entry ever imported, not only this run's: a log that stopped
  // being written shows a growing lag.
  const storedNewest = await activity.newestImported(siteId);
  if (storedNewest !== null && (stats.newestTs === null || storedNewest > stats.newestTs)) stats.newestTs = storedNewest;
  if (!stats.busy) {
    const at = now();
    // The beacon's records of this site too: a site fed only by `trackz serve` is pruned by `check` and `import` as well.
    stats.retained = await applySiteRetention({ activity, heatmaps: options.heatmaps }, siteId, site, at);
    // Read to the end: the salts this source's import made for old days have done their work.
    const importSaltsDone = stats.complete ? await activity.deleteImportSalts({ sourceId: siteId }) : 0;
    stats.retained.salts = expiredSalts + importSaltsDone + (await activity.deleteSaltsBefore(oldestKeptSaltDay(at)));
    await activity.deleteStaleCursors(siteId, at, Math.max(site.privacy.retention.pageViews, site.privacy.retention.sessions));
  }
  stats.durationMs = performance.now() - started;
  return stats;
}

function hashesFor(head: Buffer, cursors: readonly ImportCursor[]): Map<number, string> {
  const hashes = new Map<number, string>();
  for (const length of fingerprintLengths(cursors)) {
    const hash = fingerprintOf(head, length);
    if (hash) hashes.set(length, hash);
  }
  return hashes;
}

function taskFor(label: string, file: LogFile | undefined, head: Buffer, plan: Exclude<CursorPlan, { action: 'skip' }>): SiteTask {
  const resumed = plan.action === 'resume' ? plan.cursor : undefined;
  return {
    label,
    action: plan.action,
    why: plan.why,
    gzip: file?.gzip ?? false,
    startOffset: resumed?.offset ?? 0,
    startLine: resumed?.line ?? 0,
    lastTs: resumed?.lastTs ?? null,
    seekless: !file || file.gzip,
    // The fingerprint covers as much of the first KiB as exists now; it grows with a small file.
    identity: {
      fingerprint: fingerprintOf(head, head.length)!,
      fpLen: head.length,
      path: label,
      dev: file?.dev ?? null,
      ino: file?.ino ?? null,
      size: file?.size ?? null,
      mtimeMs: file?.mtimeMs ?? null,
      gzip: file?.gzip ?? false,
    },
  };
}

function heldFor(plan: Exclude<CursorPlan, { action: 'skip' }>): HeldCursor {
  if (plan.action === 'resume') return { id: plan.cursor.id, expectedOffset: plan.cursor.offset };
  // Truncated: the same content starts the file again, so the same cursor row starts over.
  if (plan.why === 'truncated' && plan.supersedes) return { id: plan.supersedes.id, expectedOffset: plan.supersedes.offset };
  return { id: undefined, expectedOffset: 0, supersedes: plan.supersedes?.id };
}
