/**
 * Import cursors in PostgreSQL. A batch moves its cursor inside the batch's own transaction, with the
 * offset it expects in the WHERE clause: a second import of the same file waits for the row, then
 * finds the offset moved and the whole batch rolls back (ConcurrentImportError) instead of storing
 * the same lines twice. The held cursor is updated only by `settle`, once the transaction committed.
 */
import { ConcurrentImportError, type CursorPosition, type HeldCursor, type ImportCursor } from '../../ports/activity.js';
import type { Sql } from '../sql-session.js';

interface CursorRow {
  id: number;
  fingerprint: string;
  fp_len: number;
  path: string;
  dev: number | null;
  ino: number | null;
  size: number | null;
  mtime_ms: number | null;
  gzip: boolean;
  offset: number;
  line: number;
  last_ts: number | null;
  done: boolean;
}

export const toCursor = (r: CursorRow): ImportCursor => ({
  id: r.id,
  fingerprint: r.fingerprint,
  fpLen: r.fp_len,
  path: r.path,
  dev: r.dev,
  ino: r.ino,
  size: r.size,
  mtimeMs: r.mtime_ms,
  gzip: r.gzip,
  offset: r.offset,
  line: r.line,
  lastTs: r.last_ts,
  done: r.done,
});

export async function loadCursors(sql: Sql, sourceId: number): Promise<ImportCursor[]> {
  const { rows } = await sql.query<CursorRow>('SELECT * FROM activity_cursors WHERE source_id = $1 ORDER BY id', [sourceId]);
  return rows.map(toCursor);
}

const values = (to: CursorPosition, now: number) => [to.fingerprint, to.fpLen, to.path, to.dev, to.ino, to.size, to.mtimeMs, to.gzip, to.offset, to.line, to.lastTs, to.done, now];

/** What the held cursor becomes once the transaction that moved it commits. */
export interface CursorMove {
  id: number;
  offset: number;
}

/** Moves a cursor inside the caller's transaction; throws ConcurrentImportError when it is not where `held` says. */
export async function advanceCursor(tx: Sql, sourceId: number, held: HeldCursor, to: CursorPosition, now: number): Promise<CursorMove> {
  if (held.supersedes !== undefined) await tx.query('UPDATE activity_cursors SET dev = NULL, ino = NULL WHERE id = $1', [held.supersedes]);
  if (held.id === undefined) {
    // ON CONFLICT DO NOTHING rather than a unique violation: the transaction stays usable for the rollback.
    const { rows } = await tx.query<{ id: number }>(
      `INSERT INTO activity_cursors (source_id, fingerprint, fp_len, path, dev, ino, size, mtime_ms, gzip, "offset", line, last_ts, done, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (source_id, fingerprint) DO NOTHING RETURNING id`,
      [sourceId, ...values(to, now)],
    );
    if (!rows[0]) throw new ConcurrentImportError('another import created this cursor');
    return { id: rows[0].id, offset: to.offset };
  }
  const { rowCount } = await tx.query(
    `UPDATE activity_cursors SET fingerprint = $1, fp_len = $2, path = $3, dev = $4, ino = $5, size = $6, mtime_ms = $7, gzip = $8, "offset" = $9, line = $10,
       last_ts = $11, done = $12, updated_at = $13 WHERE id = $14 AND "offset" = $15`,
    [...values(to, now), held.id, held.expectedOffset],
  );
  if (rowCount !== 1) throw new ConcurrentImportError('another import moved this cursor');
  return { id: held.id, offset: to.offset };
}

/** After commit: the held cursor now stands where the batch left it. */
export function settle(held: HeldCursor, move: CursorMove): void {
  held.id = move.id;
  held.expectedOffset = move.offset;
  held.supersedes = undefined;
}

/** A file read to its end (agent imports): later runs skip it while its size and time stay the same. */
export async function markFileDone(tx: Sql, sourceId: number, to: CursorPosition, now: number): Promise<void> {
  await tx.query(
    `INSERT INTO activity_cursors (source_id, fingerprint, fp_len, path, dev, ino, size, mtime_ms, gzip, "offset", line, last_ts, done, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, true, $13)
     ON CONFLICT (source_id, fingerprint) DO UPDATE SET fp_len = excluded.fp_len, path = excluded.path, dev = excluded.dev, ino = excluded.ino, size = excluded.size,
       mtime_ms = excluded.mtime_ms, gzip = excluded.gzip, "offset" = excluded."offset", line = excluded.line, last_ts = excluded.last_ts, done = true, updated_at = excluded.updated_at`,
    [sourceId, to.fingerprint, to.fpLen, to.path, to.dev, to.ino, to.size, to.mtimeMs, to.gzip, to.offset, to.line, to.lastTs, now],
  );
}
