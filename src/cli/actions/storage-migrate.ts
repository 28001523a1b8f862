/**
 * `trackz storage migrate --to <postgres URL | SQLite path>`: copies this workspace from the configured
 * storage into another one (src/storage/migration does the copying), carries the secret key file
 * along, and reports the counts per table that verify it. Nothing here knows SQL.
 */
import { dirname, resolve } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { registerStorageUrlPassword, storageTarget } from '../../config/storage-target.js';
import { EXIT_FAILED, UserError } from '../../core/errors.js';
import { formatDuration } from '../../core/duration.js';
import { carryKey, keyCarryNote, planKeyCarry } from '../../secrets/key-carry.js';
import type { CopyOutcome } from '../../storage/migration/copy-workspace.js';
import { ConcurrentCopyError, type Storage, type StorageOptions, type StorageTarget } from '../../storage/ports/index.js';
import { colors, useColor } from '../../ui/format.js';
import { renderTable } from '../../ui/table.js';
import { countText } from './storage-info.js';

export interface StorageMigrateOptions {
  configPath?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** A postgres:// URL, or a SQLite file path (relative to the current directory). */
  to: string;
  batchRows?: number;
  json?: boolean;
  signal?: AbortSignal;
  onProgress?: (table: string, copied: number, total: number) => void;
  color?: boolean;
}

export interface MigrateResult {
  output: string;
  /** 0 verified, 1 the counts differ, 130 interrupted. */
  exitCode: number;
}

/** What `--to` names: a PostgreSQL database (its key file beside the config), or a SQLite file. */
export function targetOfFlag(to: string, cwd: string, configDir: string): StorageTarget {
  const text = to.trim();
  if (text === '') throw new UserError('--to needs a postgres:// URL or a SQLite file path');
  if (/^postgres(ql)?:\/\//i.test(text)) {
    registerStorageUrlPassword({ url: text });
    return storageTarget({ url: text }, configDir);
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1];
  if (scheme) throw new UserError(`--to takes a postgres:// URL or a SQLite file path, not a ${scheme}:// URL`);
  return storageTarget({ path: resolve(cwd, text) }, cwd);
}

/** Opens the target; errors that name the config's `storage.url` name the flag instead. */
async function openTarget(options: StorageOptions): Promise<Storage> {
  const { openStorage } = await import('../../storage/open.js');
  try {
    return await openStorage(options);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(error.message.replaceAll('storage.url', '--to'), error.exitCode);
    throw error;
  }
}

const place = (storage: Storage) => `${storage.backend} ${storage.location}`;

function render(outcome: CopyOutcome, source: Storage, target: Storage, seconds: number, notes: string[], bold: (text: string) => string): string {
  const lines: string[] = [];
  const verb = outcome.interrupted ? 'Interrupted the migration of' : 'Migrated';
  lines.push(`${verb} workspace "${source.workspace}" from ${place(source)} to ${place(target)} in ${formatDuration(seconds * 1000)}${outcome.resumed ? ' (continuing an interrupted migration)' : ''}.`);
  const rows = outcome.tables.map((t) => [t.table, countText(t.source), countText(t.target), countText(t.copiedNow), t.source === t.target ? '✔' : '✖']);
  lines.push(renderTable([{ header: 'TABLE' }, { header: 'SOURCE' }, { header: 'TARGET' }, { header: 'COPIED NOW' }, { header: '' }], rows, { header: bold }));
  const total = outcome.tables.reduce((sum, t) => sum + t.source, 0);
  const differ = outcome.tables.filter((t) => t.source !== t.target);
  if (outcome.interrupted) {
    lines.push(`Stopped after ${countText(outcome.copiedNow)} rows; every batch copied is kept. Run the same command again to continue.`);
  } else if (outcome.verified) {
    lines.push(`Verified: every table holds as many rows in the target as in the source (${countText(total)} rows in ${outcome.tables.length} tables).`);
  } else {
    lines.push(
      `Not verified: the counts differ for ${differ.map((t) => `${t.table} (source ${countText(t.source)}, target ${countText(t.target)})`).join(', ')}. Was trackz writing to the source meanwhile? Stop it, then run the same command again to copy what was added.`,
    );
  }
  lines.push(...notes);
  if (outcome.verified) {
    const setting = target.backend === 'postgres' ? `url: ${target.location}` : `path: ${target.location}`;
    lines.push(`To use it, set in the config:\n  storage:\n    ${setting}${target.backend === 'postgres' ? '   # with its password, or ${DATABASE_URL}' : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function storageMigrate(options: StorageMigrateOptions): Promise<MigrateResult> {
  const config = await loadConfig(options);
  const env = options.env ?? process.env;
  const target = targetOfFlag(options.to, options.cwd ?? process.cwd(), dirname(config.file));
  const { targetMayHoldData, nothingStoredYet, secretKeyFile } = await import('../../storage/target.js');
  if (!targetMayHoldData(config.storage.target)) throw new UserError(`nothing is stored yet (${nothingStoredYet(config.storage.target)}): nothing to migrate`);
  const { openStorage } = await import('../../storage/open.js');
  const { copyWorkspace } = await import('../../storage/migration/copy-workspace.js');
  const started = performance.now();
  const source = await openStorage({ target: config.storage.target, workspace: config.workspace });
  try {
    const sealed = (await source.secrets.list()).length;
    // Refused here, before the target is opened (and, for a new SQLite file, created).
    const keyPlan = planKeyCarry(secretKeyFile(config.storage.target), secretKeyFile(target), sealed, env);
    const into = await openTarget({ target, workspace: config.workspace });
    let copying = false;
    try {
      const outcome = await copyWorkspace(source, into, {
        batchRows: options.batchRows,
        signal: options.signal,
        onProgress: options.onProgress,
        beforeCopy: () => {
          carryKey(keyPlan);
          copying = true;
        },
      });
      const seconds = (performance.now() - started) / 1000;
      const exitCode = outcome.interrupted ? 130 : outcome.verified ? 0 : EXIT_FAILED;
      if (options.json) {
        const document = { workspace: config.workspace, source: { backend: source.backend, location: source.location }, target: { backend: into.backend, location: into.location }, seconds, secrets: keyPlan.kind, ...outcome };
        return { output: `${JSON.stringify(document, null, 2)}\n`, exitCode };
      }
      const note = keyCarryNote(keyPlan);
      const c = colors(options.color ?? useColor(process.stdout, env));
      return { output: render(outcome, source, into, seconds, note ? [note] : [], c.bold), exitCode };
    } catch (error) {
      // A server gone, a lock held too long: what was copied is kept, and a re-run continues from it.
      if (error instanceof ConcurrentCopyError) throw new UserError(`another \`trackz storage migrate\` is copying into ${into.location} at the same time (${error.message}); this one stopped`, EXIT_FAILED);
      if (copying && error instanceof UserError && error.exitCode === EXIT_FAILED) throw new UserError(`${error.message}; every batch copied so far is kept: run the same command again to continue`, EXIT_FAILED);
      throw error;
    } finally {
      await into.close();
    }
  } finally {
    await source.close();
  }
}
