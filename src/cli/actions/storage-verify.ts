/**
 * `trackz storage verify`: the storage's integrity check (src/storage/{sqlite,postgres}/verify.ts), read-only, so it
 * can be run beside a running trackz and on a file that refuses writes after an unclean close. Exit 0
 * when whole, 1 with each problem on its own line when not.
 */
import { existsSync } from 'node:fs';
import { loadConfig } from '../../config/load.js';
import { EXIT_FAILED, UserError } from '../../core/errors.js';
import type { VerifyReport } from '../../storage/ports/index.js';
import { nothingStoredYet, targetMayHoldData } from '../../storage/target.js';

export interface VerifyOptions {
  configPath?: string;
  cwd?: string;
  json?: boolean;
}

export async function storageVerify(options: VerifyOptions): Promise<{ output: string; exitCode: number }> {
  const config = await loadConfig(options);
  const target = config.storage.target;
  if (!targetMayHoldData(target)) throw new UserError(`nothing to verify: ${nothingStoredYet(target)}`);
  const { openStorage } = await import('../../storage/open.js');
  let location = target.backend === 'sqlite' ? target.path : '';
  let report: VerifyReport;
  try {
    const storage = await openStorage({ target, workspace: config.workspace, readonly: true });
    location = storage.location;
    try {
      report = await storage.verify();
    } finally {
      await storage.close();
    }
  } catch (error) {
    // A file that exists but cannot be opened as a database is the worst finding of all, not a usage error.
    if (!(error instanceof UserError) || target.backend !== 'sqlite' || !existsSync(target.path)) throw error;
    report = { checks: ['open'], problems: [error.message] };
  }
  const ok = report.problems.length === 0;
  const output = options.json
    ? `${JSON.stringify({ location, ok, checks: report.checks, problems: report.problems }, null, 2)}\n`
    : ok
      ? `${location}: no problems found (${report.checks.join(', ')}).\n`
      : `${location}: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} found (${report.checks.join(', ')}):\n${report.problems.map((p) => `  ${p}\n`).join('')}` +
        'Restore the file from a backup, or recover what is readable (README: Storage, "A damaged file").\n';
  return { output, exitCode: ok ? 0 : EXIT_FAILED };
}
