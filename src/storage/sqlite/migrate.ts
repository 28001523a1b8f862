/**
 * Schema migrations by `PRAGMA user_version`. Runs inside BEGIN IMMEDIATE and re-reads the version
 * there, so twenty processes opening a new file at once migrate it exactly once.
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  /** SQL, or a function for migrations that need logic. */
  up: string | ((db: Database) => void);
}

export function migrate(db: Database, migrations: readonly Migration[]): number {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const current = () => db.pragma('user_version', { simple: true }) as number;
  if (current() >= latest) return current();
  db.transaction(() => {
    const from = current();
    if (from > latest) return;
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (migration.version <= from) continue;
      if (typeof migration.up === 'string') db.exec(migration.up);
      else migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
  return current();
}
