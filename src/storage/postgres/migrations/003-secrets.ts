import type { PgMigration } from '../migrate.js';

/** Sealed secrets (AES-256-GCM, sealed in src/secrets): never a value in clear, as in SQLite's migration 3. */
export const secretsMigration: PgMigration = {
  version: 3,
  name: 'secrets',
  up: `
    CREATE TABLE secrets (
      name TEXT COLLATE "C" PRIMARY KEY,
      nonce BYTEA NOT NULL,
      ciphertext BYTEA NOT NULL,
      tag BYTEA NOT NULL,
      key_id TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    );
  `,
};
