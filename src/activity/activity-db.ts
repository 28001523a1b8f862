/**
 * The activity tables live in the same SQLite file as check results. Opening goes through the
 * store (migrations, WAL, busy timeout), then the activity code uses the connection directly:
 * its writes are large batches on prepared statements, not the ResultStore's small transactions.
 */
import type { Database } from 'better-sqlite3';

export async function openActivityDb(path: string, options: { readonly?: boolean } = {}): Promise<Database> {
  const { SqliteStore } = await import('../store/sqlite/sqlite-store.js');
  return new SqliteStore(path, options).db;
}

export type SourceKind = 'site' | 'agent';

/** The id of a site or agent, created on first import. */
export function sourceId(db: Database, kind: SourceKind, name: string, now: number): number {
  const existing = db.prepare('SELECT id FROM activity_sources WHERE kind = ? AND name = ?').pluck().get(kind, name) as number | undefined;
  if (existing !== undefined) return existing;
  db.prepare('INSERT INTO activity_sources (kind, name, created_at) VALUES (?, ?, ?) ON CONFLICT (kind, name) DO NOTHING').run(kind, name, now);
  return db.prepare('SELECT id FROM activity_sources WHERE kind = ? AND name = ?').pluck().get(kind, name) as number;
}

/** The id of a site or agent when it has data, else undefined (nothing is created). */
export function findSourceId(db: Database, kind: SourceKind, name: string): number | undefined {
  return db.prepare('SELECT id FROM activity_sources WHERE kind = ? AND name = ?').pluck().get(kind, name) as number | undefined;
}
