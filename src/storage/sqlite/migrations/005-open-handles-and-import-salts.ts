import type { Migration } from '../migrate.js';

/**
 * Two safeguards. `open_handles`: each connection that writes records itself while it has the file
 * open (unclean-close.ts), so the next one can tell a process died with it open and check the file.
 * `activity_import_salts`: salts an unfinished import made for days whose shared salt had already
 * expired, kept per source so a split import hashes those days as one clean import would, and deleted
 * as the privacy rules say (src/privacy/import-salts.ts).
 */
export const safeguardsMigration: Migration = {
  version: 5,
  name: 'open handles and import salts',
  up: `
    CREATE TABLE open_handles (
      id INTEGER PRIMARY KEY,
      host TEXT NOT NULL,
      pid INTEGER NOT NULL,
      opened_at INTEGER NOT NULL
    );
    CREATE TABLE activity_import_salts (
      source_id INTEGER NOT NULL REFERENCES activity_sources(id) ON DELETE CASCADE,
      day INTEGER NOT NULL,
      salt BLOB NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (source_id, day)
    ) WITHOUT ROWID;
  `,
};
