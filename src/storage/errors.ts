/**
 * Storage failures a person can act on, whatever the backend: a full disk and a damaged database.
 * Both are runtime failures (exit 1), printed as one line without a stack. Every write is a
 * transaction, so the write that met the failure left nothing behind, and what was stored before it
 * is whole: the messages say so, and what to do next.
 */
import { EXIT_FAILED, UserError } from '../core/errors.js';

export class StorageFullError extends UserError {
  override name = 'StorageFullError';
  constructor(
    /** What is full, e.g. `the disk holding /srv/.trackz/trackz.db`. */
    readonly what: string,
    /** The driver's own words (SQLITE_FULL, ENOSPC, SQLSTATE 53100). */
    readonly detail: string,
    /** What was kept and how to continue, when the caller knows better than "run it again". */
    readonly kept = 'everything stored before it is kept, whole. Free some space and run the command again: it continues from there',
  ) {
    super(`${what} is full (${detail}): this write was not made; ${kept}.`, EXIT_FAILED);
  }

  /** The same failure, saying what the caller had stored and how its re-run continues. */
  withProgress(kept: string): StorageFullError {
    return new StorageFullError(this.what, this.detail, kept);
  }
}

/** The database file is damaged (or is not a database): writing on would spread the damage. */
export class StorageDamagedError extends UserError {
  override name = 'StorageDamagedError';
  constructor(message: string) {
    super(message, EXIT_FAILED);
  }
}

/** What to run to see the damage in full. */
export const VERIFY_HINT = 'run `trackz storage verify` for the full report';
