import type { PgMigration } from '../migrate.js';

/**
 * Salts an unfinished import made for days whose shared salt had already expired, kept per source so
 * a split import hashes those days as one clean import would (src/privacy/import-salts.ts). SQLite's
 * migration 5 also adds `open_handles`, its unclean-close marker; a PostgreSQL server recovers from a
 * crash by itself, so it has none.
 */
export const importSaltsMigration: PgMigration = {
  version: 5,
  name: 'import salts',
  up: `
    CREATE TABLE activity_import_salts (
      source_id BIGINT NOT NULL REFERENCES activity_sources(id) ON DELETE CASCADE,
      day INTEGER NOT NULL,
      salt BYTEA NOT NULL,
      created_at BIGINT NOT NULL,
      PRIMARY KEY (source_id, day)
    );
  `,
};
