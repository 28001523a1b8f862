import type { PgMigration } from '../migrate.js';

/**
 * `trackz storage migrate` bookkeeping in the target, as in SQLite's migration 5: the source it copies
 * from, and per table the rows copied and the key of the last one, written with each batch.
 */
export const migrationProgressMigration: PgMigration = {
  version: 7,
  name: 'migration-progress',
  up: `
    CREATE TABLE storage_migration (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      source TEXT NOT NULL,
      started_at BIGINT NOT NULL,
      finished_at BIGINT
    );
    CREATE TABLE storage_migration_tables (
      table_name TEXT COLLATE "C" PRIMARY KEY,
      copied BIGINT NOT NULL,
      last_key TEXT,
      done BOOLEAN NOT NULL DEFAULT false
    );
  `,
};
