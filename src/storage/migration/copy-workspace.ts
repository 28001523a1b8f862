/**
 * `trackz storage migrate`: copies everything of a workspace from one storage into another, written
 * once against the table-copy port (ports/table-copy.ts), whichever way it goes.
 *
 * Tables go in the order of src/storage/tables.ts (parents first), in batches, keeping every id, so
 * references hold. Each batch is written with its table's progress in one transaction in the target:
 * an interrupted copy (Ctrl-C, `kill -9`, a server gone) leaves whole batches, and the next run
 * continues after the last one. At the end, the target's sequences are moved past the copied ids, and
 * every table is counted on both sides; only when the counts agree is the migration marked finished.
 *
 * A target is refused when it already holds data of the workspace, unless that data is this source's
 * own unfinished migration (the target remembers its source by identity: a file's real path, or
 * server, database and schema).
 */
import { UserError } from '../../core/errors.js';
import { formatTimestamp } from '../../core/timestamp.js';
import type { Storage } from '../ports/index.js';
import type { CopyRow, MigrationRecord, TableProgress } from '../ports/table-copy.js';
import { TABLES, type TableSpec } from '../tables.js';

export const DEFAULT_BATCH_ROWS = 5_000;

export interface CopyOptions {
  /** Rows per batch (a table's own smaller limit wins). */
  batchRows?: number;
  /** Stops after the current batch; what was written stays, and the next run continues from it. */
  signal?: AbortSignal;
  now?: () => number;
  /** After every batch: the table, its rows copied so far, and how many the source holds. */
  onProgress?: (table: string, copied: number, total: number) => void;
  /** Once the target is accepted, before the first row is copied (the secret key file goes first). */
  beforeCopy?: () => void | Promise<void>;
}

export interface TableOutcome {
  table: string;
  /** Rows in the source and in the target once the copy is over (both counted at the end). */
  source: number;
  target: number;
  /** Rows this run wrote. */
  copiedNow: number;
}

export interface CopyOutcome {
  /** This run continued a migration an earlier run had started. */
  resumed: boolean;
  /** Stopped by the signal before the end: the counts are what was copied so far. */
  interrupted: boolean;
  /** Every table has as many rows in the target as in the source. */
  verified: boolean;
  tables: TableOutcome[];
  copiedNow: number;
}

const refuse = (message: string) => new UserError(message);

/** Tables of the target that hold rows, with how many. */
async function heldTables(target: Storage): Promise<string[]> {
  const held: string[] = [];
  for (const table of TABLES) {
    const rows = await target.copy.count(table);
    if (rows > 0) held.push(`${rows} ${table.name}`);
  }
  return held;
}

/** The migration to continue, or a refusal that says why there is none. */
async function startOrResume(source: Storage, target: Storage, now: number): Promise<{ record: MigrationRecord; resumed: boolean }> {
  const identity = await source.copy.identity();
  if (identity === (await target.copy.identity())) throw refuse(`the target is the storage the config already uses (${target.location}): name another database or file with --to`);
  let record = await target.copy.migration();
  let resumed = record !== undefined;
  if (!record) {
    const held = await heldTables(target);
    if (held.length) {
      throw refuse(`${target.location} already holds data of workspace "${target.workspace}" (${held.slice(0, 3).join(', ')}${held.length > 3 ? ', …' : ''}); trackz migrates only into an empty workspace`);
    }
    // Another run may have begun at this very moment: then its record decides, as below.
    resumed = !(await target.copy.beginMigration(identity, TABLES, now));
    record = await target.copy.migration();
    if (!record) throw new Error('the migration record was not written');
  }
  if (record.source !== identity) {
    throw refuse(`${target.location} holds a migration of workspace "${target.workspace}" from another source (${record.source}); trackz migrates only into an empty workspace`);
  }
  if (record.finishedAt !== null) {
    throw refuse(`${target.location} already holds a finished migration of workspace "${target.workspace}" from this source (${formatTimestamp(record.finishedAt)} UTC): nothing to copy`);
  }
  return { record, resumed };
}

function progressOf(record: MigrationRecord, table: TableSpec): TableProgress {
  const progress = record.tables.find((t) => t.table === table.name);
  // The table list grew between the run that started this migration and this one (a newer trackz).
  if (!progress) throw refuse(`the migration in progress was started by another version of trackz (it has no progress for ${table.name}): empty the target and migrate again`);
  return progress;
}

/** Copies one table from where its progress stands; true when it reached the end. */
async function copyTable(source: Storage, target: Storage, table: TableSpec, from: TableProgress, options: CopyOptions & { counter: { rows: number } }): Promise<boolean> {
  const keyAt = table.key.map((name) => table.columns.findIndex(([column]) => column === name));
  const keyOf = (row: CopyRow) => keyAt.map((i) => row[i]);
  const size = Math.max(1, Math.min(options.batchRows ?? DEFAULT_BATCH_ROWS, table.batch ?? Infinity));
  const total = await source.copy.count(table);
  let progress = from;
  for await (const rows of source.copy.read(table, progress.lastKey, size)) {
    const next: TableProgress = { table: table.name, copied: progress.copied + rows.length, lastKey: keyOf(rows[rows.length - 1]!), done: false };
    await target.copy.write(table, rows, progress, next);
    progress = next;
    options.counter.rows += rows.length;
    options.onProgress?.(table.name, progress.copied, total);
    if (options.signal?.aborted) return false;
  }
  await target.copy.write(table, [], progress, { ...progress, done: true });
  return true;
}

export async function copyWorkspace(source: Storage, target: Storage, options: CopyOptions = {}): Promise<CopyOutcome> {
  const now = options.now ?? Date.now;
  const { record, resumed } = await startOrResume(source, target, now());
  await options.beforeCopy?.();
  const copiedNow = new Map<string, number>();
  const counter = { rows: 0 };
  let interrupted = false;
  for (const table of TABLES) {
    const progress = progressOf(record, table);
    if (progress.done) continue;
    const before = counter.rows;
    const finished = await copyTable(source, target, table, progress, { ...options, counter });
    copiedNow.set(table.name, counter.rows - before);
    if (!finished) {
      interrupted = true;
      break;
    }
  }
  if (!interrupted) await target.copy.settle(TABLES);
  const tables: TableOutcome[] = [];
  for (const table of TABLES) tables.push({ table: table.name, source: await source.copy.count(table), target: await target.copy.count(table), copiedNow: copiedNow.get(table.name) ?? 0 });
  const verified = !interrupted && tables.every((t) => t.source === t.target);
  if (verified) await target.copy.markFinished(now());
  return { resumed, interrupted, verified, tables, copiedNow: counter.rows };
}
