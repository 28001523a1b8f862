import type { Migration } from '../migrate.js';

/**
 * Alert state per monitor and rule, the notification outbox and silences (src/alerts).
 * The state is one JSON document per (monitor, rule) with the columns `alerts list` filters on beside it.
 * The outbox's UNIQUE (event_key, channel) is what makes a second writer's insert a no-op.
 */
export const alertsMigration: Migration = {
  version: 2,
  name: 'alerts',
  up: `
    CREATE TABLE alert_states (
      monitor TEXT NOT NULL,
      rule TEXT NOT NULL,
      phase TEXT NOT NULL CHECK (phase IN ('ok', 'degraded', 'down')),
      state TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (monitor, rule)
    ) WITHOUT ROWID;
    CREATE TABLE alert_outbox (
      id INTEGER PRIMARY KEY,
      event_key TEXT NOT NULL,
      channel TEXT NOT NULL,
      monitor TEXT NOT NULL,
      kind TEXT NOT NULL,
      payload TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      next_attempt_at INTEGER NOT NULL,
      lease_owner TEXT,
      lease_until INTEGER,
      last_error TEXT,
      finished_at INTEGER,
      UNIQUE (event_key, channel)
    );
    CREATE INDEX alert_outbox_pending ON alert_outbox (status, channel, monitor, id);
    CREATE TABLE alert_silences (
      id INTEGER PRIMARY KEY,
      monitor TEXT NOT NULL,
      starts_at INTEGER NOT NULL,
      ends_at INTEGER NOT NULL,
      reason TEXT,
      created_by TEXT
    );
    CREATE INDEX alert_silences_monitor ON alert_silences (monitor, ends_at);
  `,
};
