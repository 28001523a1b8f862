import type { PgMigration } from '../migrate.js';

/** Account lifecycle events, as SQLite's migration 6: one row per instance + email + kind + UTC day. */
export const accountsMigration: PgMigration = {
  version: 8,
  name: 'accounts',
  up: `
    CREATE TABLE account_events (
      id BIGSERIAL PRIMARY KEY,
      instance TEXT COLLATE "C" NOT NULL,
      email TEXT COLLATE "C" NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('created', 'deactivated', 'reactivated')),
      day TEXT COLLATE "C" NOT NULL,
      at BIGINT NOT NULL,
      first_name TEXT,
      last_name TEXT,
      status TEXT,
      via TEXT NOT NULL,
      received_at BIGINT NOT NULL,
      UNIQUE (instance, email, kind, day)
    );
    CREATE INDEX account_events_email ON account_events (email);
    CREATE INDEX account_events_at ON account_events (at);
  `,
};
