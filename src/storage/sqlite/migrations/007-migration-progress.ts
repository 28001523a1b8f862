import type { Migration } from '../migrate.js';

/**
 * `trackz storage migrate` bookkeeping in the target: which source it copies from, and per table how far
 * it got (rows copied, the key of the last one), written in the same transaction as each batch, so an
 * interrupted copy continues where it stopped. And `runs.location`, which PostgreSQL has had from its
 * first migration: a copy from PostgreSQL keeps where each run came from.
 */
export const migrationProgressMigration: Migration = {
  version: 7,
  name: 'migration-progress',
  up: `
    ALTER TABLE runs ADD COLUMN location TEXT;
    CREATE TABLE storage_migration (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      source TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      finished_at INTEGER
    );
    CREATE TABLE storage_migration_tables (
      table_name TEXT PRIMARY KEY,
      copied INTEGER NOT NULL,
      last_key TEXT,
      done INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
  `,
};
