/**
 * SQLite's failures that a person can act on, as one line naming the file. A full disk shows up as
 * SQLITE_FULL when a page cannot be written, but as a bare "disk I/O error" when the shared-memory
 * file (-shm) cannot grow — so an I/O error on a file system with (almost) no free space is a full
 * disk too. A damaged file (SQLITE_CORRUPT) stops the run. Anything else is passed on as it is.
 */
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../../core/errors.js';
import { StorageDamagedError, StorageFullError, VERIFY_HINT } from '../errors.js';

/** Below this much free space, an I/O error is taken for a full disk (SQLite writes pages of 4 KiB, -shm grows by 32 KiB). */
const NEARLY_FULL_BYTES = 1024 * 1024;

/** Bytes this process may still write beside `file`; undefined when the file system does not say. */
export function freeBytesBeside(file: string): number | undefined {
  try {
    const fs = statfsSync(dirname(file));
    // root may also use the blocks a file system reserves for it (ext4: 5%).
    const blocks = process.getuid?.() === 0 ? fs.bfree : fs.bavail;
    return blocks * fs.bsize;
  } catch {
    return undefined;
  }
}

function looksFull(code: string, file: string): boolean {
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return true;
  if (!code.startsWith('SQLITE_IOERR') || file === ':memory:') return false;
  const free = freeBytesBeside(file);
  return free !== undefined && free < NEARLY_FULL_BYTES;
}

/** A StorageFullError or StorageDamagedError for those failures; the error itself for anything else. */
export function explainSqliteError(error: unknown, file: string): unknown {
  if (error instanceof UserError || !(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return error;
  if (looksFull(code, file)) return new StorageFullError(`the disk holding ${file}`, code === 'SQLITE_FULL' ? code : `${error.message}, ${code}`);
  if (code.startsWith('SQLITE_CORRUPT')) return new StorageDamagedError(`the database ${file} is damaged (${error.message}); trackz stopped before writing more into it: ${VERIFY_HINT}`);
  return error;
}

/** Runs `work`, explaining what it throws. */
export function explaining<T>(file: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw explainSqliteError(error, file);
  }
}

/** A stream whose statements run outside the runner (it holds the connection), explained the same way. */
export async function* explainingStream<T>(file: string, items: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* items;
  } catch (error) {
    throw explainSqliteError(error, file);
  }
}
