/**
 * Table copy: what `trackz storage migrate` needs of a backend, as the source and as the target. The
 * copy itself (src/storage/migration) is written once against this; each adapter reads and writes its
 * own SQL. Tables come from the shared list in src/storage/tables.ts; rows travel as arrays in that
 * list's column order, with values any backend can take (numbers, strings, Buffers, booleans, null).
 *
 * Resumable by construction: a batch and the progress row of its table are written in ONE transaction
 * in the target, so after a crash both are there or neither is, and the next run starts after the key
 * the progress row holds. The write also checks that the progress row is where the writer expects it,
 * so two copies into one target cannot both write a batch.
 */
import type { TableSpec } from '../tables.js';

/** One row, in the table's column order. */
export type CopyRow = unknown[];
/** The key of a row (its key columns' values), as the progress row keeps it. */
export type CopyKey = unknown[];

export interface TableProgress {
  table: string;
  /** Rows written into the target so far. */
  copied: number;
  /** The key of the last row written; null before the first batch. */
  lastKey: CopyKey | null;
  done: boolean;
}

/** The migration a target holds: where from, since when, and each table's progress. */
export interface MigrationRecord {
  source: string;
  startedAt: number;
  finishedAt: number | null;
  tables: TableProgress[];
}

/** Another copy moved the progress of a table under this one: the batch was not written. */
export class ConcurrentCopyError extends Error {
  override name = 'ConcurrentCopyError';
}

export interface TableCopy {
  /**
   * What names this data wherever it is opened from: the file's real path, or the server, database and
   * schema (never a password). A target remembers its source by this.
   */
  identity(): Promise<string>;
  /** Rows of the table (this workspace's). */
  count(table: TableSpec): Promise<number>;
  /** Rows after `after` (from the first when null), in key order, in batches of at most `size`. */
  read(table: TableSpec, after: CopyKey | null, size: number): AsyncIterable<CopyRow[]>;

  // — as the target —
  /** The migration into this storage, when one was started. */
  migration(): Promise<MigrationRecord | undefined>;
  /** Records a migration from `source`, with a progress row per table; false when one is already recorded (nothing changed). */
  beginMigration(source: string, tables: readonly TableSpec[], now: number): Promise<boolean>;
  /**
   * Writes the rows and moves the table's progress from `from` to `to`, in ONE transaction. Throws
   * ConcurrentCopyError (and writes nothing) when the progress row is not at `from`.
   */
  write(table: TableSpec, rows: readonly CopyRow[], from: TableProgress, to: TableProgress): Promise<void>;
  /** After the last batch: ids handed out from now on come after the copied ones (and statistics are fresh). */
  settle(tables: readonly TableSpec[]): Promise<void>;
  /** Marks the migration finished (once the counts agree): a later run refuses to copy into it again. */
  markFinished(now: number): Promise<void>;
}
