/**
 * Import cursors in SQLite. `advance` runs inside the transaction that stores a batch's rows and
 * checks the cursor still is where this import left it: if another process moved it, the batch
 * rolls back (ConcurrentImportError) instead of importing the same lines twice.
 */
import type { Database } from 'better-sqlite3';
import { ConcurrentImportError } from '../import-stats.js';
import type { ImportCursor } from './import-cursor.js';

interface CursorRow {
  id: number;
  fingerprint: string;
  fp_len: number;
  path: string;
  dev: number | null;
  ino: number | null;
  size: number | null;
  mtime_ms: number | null;
  gzip: number;
  offset: number;
  line: number;
  last_ts: number | null;
  done: number;
}

export function loadCursors(db: Database, sourceId: number): ImportCursor[] {
  const rows = db.prepare('SELECT * FROM activity_cursors WHERE source_id = ?').all(sourceId) as CursorRow[];
  return rows.map((r) => ({
    id: r.id,
    fingerprint: r.fingerprint,
    fpLen: r.fp_len,
    path: r.path,
    dev: r.dev,
    ino: r.ino,
    size: r.size,
    mtimeMs: r.mtime_ms,
    gzip: r.gzip === 1,
    offset: r.offset,
    line: r.line,
    lastTs: r.last_ts,
    done: r.done === 1,
  }));
}

/** What a batch moves the cursor to: everything about a cursor but its row id. */
export type CursorPosition = Omit<ImportCursor, 'id'>;

/** A cursor as one import holds it: the row id once stored, and the offset it expects to find. */
export interface HeldCursor {
  id: number | undefined;
  expectedOffset: number;
  /** Set the first time a batch is stored: an older cursor for the same inode stops claiming it. */
  supersedes?: number;
}

export function advanceCursor(db: Database, sourceId: number, held: HeldCursor, to: CursorPosition, now: number): void {
  if (held.supersedes !== undefined) {
    db.prepare('UPDATE activity_cursors SET dev = NULL, ino = NULL WHERE id = ?').run(held.supersedes);
    held.supersedes = undefined;
  }
  const values = [to.fingerprint, to.fpLen, to.path, to.dev, to.ino, to.size, to.mtimeMs, to.gzip ? 1 : 0, to.offset, to.line, to.lastTs, to.done ? 1 : 0, now];
  if (held.id === undefined) {
    try {
      held.id = Number(
        db
          .prepare(
            'INSERT INTO activity_cursors (source_id, fingerprint, fp_len, path, dev, ino, size, mtime_ms, gzip, offset, line, last_ts, done, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(sourceId, ...values).lastInsertRowid,
      );
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new ConcurrentImportError('another import created this cursor');
      throw error;
    }
  } else {
    const changed = db
      .prepare(
        'UPDATE activity_cursors SET fingerprint = ?, fp_len = ?, path = ?, dev = ?, ino = ?, size = ?, mtime_ms = ?, gzip = ?, offset = ?, line = ?, last_ts = ?, done = ?, updated_at = ? WHERE id = ? AND offset = ?',
      )
      .run(...values, held.id, held.expectedOffset).changes;
    if (changed !== 1) throw new ConcurrentImportError('another import moved this cursor');
  }
  held.expectedOffset = to.offset;
}

/** Marks cursors as seen in this run, so they are not collected as stale. */
export function touchCursor(db: Database, id: number, now: number): void {
  db.prepare('UPDATE activity_cursors SET updated_at = ? WHERE id = ?').run(now, id);
}

/** Forgets cursors not seen for `maxAgeMs` (their data is past retention anyway). */
export function deleteStaleCursors(db: Database, sourceId: number, now: number, maxAgeMs: number): number {
  return db.prepare('DELETE FROM activity_cursors WHERE source_id = ? AND updated_at < ?').run(sourceId, now - maxAgeMs).changes;
}
