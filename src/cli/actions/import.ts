/**
 * `trackz import <site|agent> [FILE|-]` as a plain function: one import on demand, from the
 * configured source or from the file given (`-` for stdin), with no time limit. Ctrl-C stops it
 * between batches; what was stored stays, and the next import continues from there.
 */
import { EXIT_FAILED, UserError } from '../../core/errors.js';
import { findActivityJob } from '../../activity/config/find-target.js';
import type { ImportStats } from '../../activity/import-stats.js';
import { StrictImportError } from '../../activity/import-stats.js';
import { importSummaryText } from '../../activity/views/import-summary.js';
import { loadConfig } from '../../config/load.js';

export interface ImportOptions {
  configPath?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  name: string;
  file?: string;
  strict?: boolean;
  json?: boolean;
  stdin?: NodeJS.ReadableStream;
  signal?: AbortSignal;
  /** Progress lines (stderr on a terminal). */
  progress?: (stats: ImportStats) => void;
  now?: () => number;
}

export async function importActivity(options: ImportOptions): Promise<string> {
  const config = await loadConfig(options);
  const job = findActivityJob(config, options.name);
  const { runImport } = await import('../../activity/run-import.js');
  let stats: ImportStats;
  try {
    stats = await runImport(job, {
      inputs: options.file ? [options.file] : undefined,
      stdin: options.stdin,
      strict: options.strict,
      now: options.now,
      shouldStop: () => options.signal?.aborted ?? false,
      onBatch: options.progress,
    });
  } catch (error) {
    if (error instanceof StrictImportError) throw new UserError(`${error.message}\n${importSummaryText(error.stats)}`, EXIT_FAILED);
    throw error;
  }
  return options.json ? `${JSON.stringify(stats, null, 2)}\n` : importSummaryText(stats);
}
