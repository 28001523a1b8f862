/**
 * One import of a site or agent from start to end: open the storage, run the site or agent
 * pipeline, close. Used by the `activity` check (in a worker thread when built) and by
 * `trackz import` (in its own thread).
 */
import type { ActivityJob } from './activity-job.js';
import { openStorage } from '../storage/open.js';
import type { ImportStats } from './import-stats.js';

export interface RunImportOptions {
  /** Read these instead of the configured source (`trackz import NAME FILE`); `-` is stdin. */
  inputs?: string[];
  stdin?: NodeJS.ReadableStream;
  strict?: boolean;
  now?: () => number;
  shouldStop?: () => boolean;
  onBatch?: (stats: ImportStats) => void;
  threads?: boolean;
  /** Bytes of log per batch (sites); smaller in tests that need many batches. */
  blockBytes?: number;
}

export async function runImport(job: ActivityJob, options: RunImportOptions = {}): Promise<ImportStats> {
  const storage = await openStorage(job.storage);
  try {
    if (job.kind === 'site') {
      const { importSite } = await import('./sites/site-import.js');
      return await importSite({ activity: storage.activity, heatmaps: storage.heatmaps, storage: job.storage, site: job.site, geo: job.geo, configDir: job.configDir, ...options });
    }
    const { importAgent } = await import('./agents/agent-import.js');
    return await importAgent({ activity: storage.activity, agent: job.agent, configDir: job.configDir, ...options });
  } finally {
    await storage.close();
  }
}
