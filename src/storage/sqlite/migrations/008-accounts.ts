import type { Migration } from '../migrate.js';

/**
 * Account lifecycle events (src/storage/ports/accounts.ts): one row per instance + email + kind + UTC
 * day, so a resent event is a no-op; indexed by email for data requests and by time for retention.
 */
export const accountsMigration: Migration = {
  version: 8,
  name: 'accounts',
  up: `
    CREATE TABLE account_events (
      id INTEGER PRIMARY KEY,
      instance TEXT NOT NULL,
      email TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('created', 'deactivated', 'reactivated')),
      day TEXT NOT NULL,
      at INTEGER NOT NULL,
      first_name TEXT,
      last_name TEXT,
      status TEXT,
      via TEXT NOT NULL,
      received_at INTEGER NOT NULL,
      UNIQUE (instance, email, kind, day)
    );
    CREATE INDEX account_events_email ON account_events (email);
    CREATE INDEX account_events_at ON account_events (at);
  `,
};
