import type { Migration } from '../migrate.js';

/** The encrypted secret store (src/secrets): AES-256-GCM, never a value in clear. */
export const secretsMigration: Migration = {
  version: 3,
  name: 'secrets',
  up: `
    CREATE TABLE secrets (
      name TEXT PRIMARY KEY,
      nonce BLOB NOT NULL,
      ciphertext BLOB NOT NULL,
      tag BLOB NOT NULL,
      key_id TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;
  `,
};
