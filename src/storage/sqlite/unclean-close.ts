/**
 * Did the processes that wrote here before close the file cleanly? Every connection that opens the
 * file for writing records itself (host, pid) in `open_handles` and deletes its row when it closes.
 * A row left by a process of this host that no longer exists means that process died with the file
 * open (kill -9, a crash, the machine lost power). SQLite's WAL makes that safe by design, but a
 * disk that lied about a flush, or a copy taken mid-write, does not: so before writing on, the next
 * process runs PRAGMA quick_check once, and refuses to write into a file it finds damaged.
 *
 * Rows of other hosts (a file on a shared disk) are left alone: whether their process lives cannot
 * be told from here. A pid reused by a new process only makes a check be skipped, never a false alarm.
 */
import type { Database } from 'better-sqlite3';
import { hostname } from 'node:os';
import { formatTimestamp } from '../../core/timestamp.js';
import { StorageDamagedError, VERIFY_HINT } from '../errors.js';
import { checkFindings } from './verify.js';

/** The schema version that added `open_handles`. */
export const OPEN_HANDLES_SINCE = 5;

interface HandleRow {
  id: number;
  pid: number;
  opened_at: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Rows of this host whose process is gone: they never closed the file. */
export function uncleanHandles(db: Database): HandleRow[] {
  const rows = db.prepare('SELECT id, pid, opened_at FROM open_handles WHERE host = ? ORDER BY id').all(hostname()) as HandleRow[];
  return rows.filter((row) => row.pid !== process.pid && !alive(row.pid));
}

/**
 * After an unclean close, PRAGMA quick_check (O(file size), without the index cross-checks of
 * integrity_check): throws StorageDamagedError naming what it found; clears the rows when the file is whole.
 */
export function checkAfterUncleanClose(db: Database, file: string): void {
  const unclean = uncleanHandles(db);
  if (unclean.length === 0) return;
  const found = checkFindings(db.prepare('PRAGMA quick_check(5)').pluck().all() as string[]);
  if (found.length) {
    const last = unclean.at(-1)!;
    throw new StorageDamagedError(
      `the database ${file} is damaged: a trackz process that had it open (pid ${last.pid}, since ${formatTimestamp(last.opened_at)}) did not close it, ` +
        `and PRAGMA quick_check found: ${found.join('; ')}. Nothing was written; ${VERIFY_HINT}, then restore the file from a backup or recover it (README: Storage, "A damaged file").`,
    );
  }
  const forget = db.prepare('DELETE FROM open_handles WHERE id = ?');
  for (const row of unclean) forget.run(row.id);
}

/** Records this connection as having the file open; returns its row id. */
export function registerHandle(db: Database, now: number): number {
  return Number(db.prepare('INSERT INTO open_handles (host, pid, opened_at) VALUES (?, ?, ?)').run(hostname(), process.pid, now).lastInsertRowid);
}

export function releaseHandle(db: Database, id: number): void {
  db.prepare('DELETE FROM open_handles WHERE id = ?').run(id);
}
