/** Activity sources (sites and agents) and the import cursors of their files, in SQLite. */
import { ConcurrentImportError, type ActivitySource, type CursorPosition, type HeldCursor, type ImportCursor, type SourceKind } from '../../ports/activity.js';
import type { SqliteConnection } from '../connection.js';

export function sourceId(c: SqliteConnection, kind: SourceKind, name: string, now: number): number {
  const find = c.value('SELECT id FROM activity_sources WHERE kind = ? AND name = ?');
  const existing = find.get(kind, name) as number | undefined;
  if (existing !== undefined) return existing;
  c.sql('INSERT INTO activity_sources (kind, name, created_at) VALUES (?, ?, ?) ON CONFLICT (kind, name) DO NOTHING').run(kind, name, now);
  return find.get(kind, name) as number;
}

export function findSource(c: SqliteConnection, kind: SourceKind, name: string): number | undefined {
  return c.value('SELECT id FROM activity_sources WHERE kind = ? AND name = ?').get(kind, name) as number | undefined;
}

export function sources(c: SqliteConnection, kind?: SourceKind): ActivitySource[] {
  return c.sql('SELECT id, kind, name FROM activity_sources WHERE (? IS NULL OR kind = ?) ORDER BY name, kind').all(kind ?? null, kind ?? null) as ActivitySource[];
}

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

export function loadCursors(c: SqliteConnection, sourceId: number): ImportCursor[] {
  return (c.sql('SELECT * FROM activity_cursors WHERE source_id = ?').all(sourceId) as CursorRow[]).map((r) => ({
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

const positionValues = (to: CursorPosition, now: number) => [to.fingerprint, to.fpLen, to.path, to.dev, to.ino, to.size, to.mtimeMs, to.gzip ? 1 : 0, to.offset, to.line, to.lastTs, to.done ? 1 : 0, now];

/**
 * Moves a cursor, inside the transaction that stores the batch read up to it, and checks it still is
 * where this import left it: if another process moved it, the batch rolls back (ConcurrentImportError)
 * instead of importing the same lines twice.
 */
export function advanceCursor(c: SqliteConnection, sourceId: number, held: HeldCursor, to: CursorPosition, now: number): void {
  if (held.supersedes !== undefined) {
    c.sql('UPDATE activity_cursors SET dev = NULL, ino = NULL WHERE id = ?').run(held.supersedes);
    held.supersedes = undefined;
  }
  const values = positionValues(to, now);
  if (held.id === undefined) {
    try {
      held.id = Number(
        c
          .sql('INSERT INTO activity_cursors (source_id, fingerprint, fp_len, path, dev, ino, size, mtime_ms, gzip, offset, line, last_ts, done, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(sourceId, ...values).lastInsertRowid,
      );
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new ConcurrentImportError('another import created this cursor');
      throw error;
    }
  } else {
    const changed = c
      .sql('UPDATE activity_cursors SET fingerprint = ?, fp_len = ?, path = ?, dev = ?, ino = ?, size = ?, mtime_ms = ?, gzip = ?, offset = ?, line = ?, last_ts = ?, done = ?, updated_at = ? WHERE id = ? AND offset = ?')
      .run(...values, held.id, held.expectedOffset).changes;
    if (changed !== 1) throw new ConcurrentImportError('another import moved this cursor');
  }
  held.expectedOffset = to.offset;
}

/** A file read to its end (agents' event files): later runs skip it while its size and time stay the same. */
export function markFileDone(c: SqliteConnection, sourceId: number, to: CursorPosition, now: number): void {
  c.sql(
    `INSERT INTO activity_cursors (source_id, fingerprint, fp_len, path, dev, ino, size, mtime_ms, gzip, offset, line, last_ts, done, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
     ON CONFLICT (source_id, fingerprint) DO UPDATE SET fp_len = excluded.fp_len, path = excluded.path, dev = excluded.dev, ino = excluded.ino, size = excluded.size,
       mtime_ms = excluded.mtime_ms, gzip = excluded.gzip, offset = excluded.offset, line = excluded.line, last_ts = excluded.last_ts, done = 1, updated_at = excluded.updated_at`,
  ).run(sourceId, to.fingerprint, to.fpLen, to.path, to.dev, to.ino, to.size, to.mtimeMs, to.gzip ? 1 : 0, to.offset, to.line, to.lastTs, now);
}

export function touchCursor(c: SqliteConnection, id: number, now: number): void {
  c.sql('UPDATE activity_cursors SET updated_at = ? WHERE id = ?').run(now, id);
}

export function deleteStaleCursors(c: SqliteConnection, sourceId: number, now: number, maxAgeMs: number): number {
  return c.sql('DELETE FROM activity_cursors WHERE source_id = ? AND updated_at < ?').run(sourceId, now - maxAgeMs).changes;
}

/** The newest entry ever imported: file cursors, and for agents the REST cursors of their buckets. */
export function newestImported(c: SqliteConnection, sourceId: number): number | null {
  return c
    .value('SELECT MAX(ts) FROM (SELECT MAX(last_ts) AS ts FROM activity_cursors WHERE source_id = @id UNION ALL SELECT MAX(cursor_ts) FROM agent_buckets WHERE agent_id = @id)')
    .get({ id: sourceId }) as number | null;
}
