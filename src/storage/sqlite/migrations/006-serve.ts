import type { Migration } from '../migrate.js';

/**
 * What `trackz serve` keeps: dashboard links and API keys (hashes only; a partial unique index lets a
 * name live once while its revoked predecessors stay listed), the API audit log, and incidents (one
 * row per alert incident, written in the alert engine's transaction). Incidents open when this runs
 * are taken over from the alert states, so a dashboard shows them from the start.
 */
export const serveMigration: Migration = {
  version: 6,
  name: 'serve',
  up: `
    CREATE TABLE dashboard_links (
      id INTEGER PRIMARY KEY,
      dashboard TEXT NOT NULL,
      token_hash TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL,
      last_used_at INTEGER,
      revoked_at INTEGER
    );
    CREATE UNIQUE INDEX dashboard_links_live ON dashboard_links (dashboard) WHERE revoked_at IS NULL;
    CREATE TABLE api_keys (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'agent')),
      key_hash TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL,
      last_used_at INTEGER,
      revoked_at INTEGER
    );
    CREATE UNIQUE INDEX api_keys_live ON api_keys (name) WHERE revoked_at IS NULL;
    CREATE TABLE api_audit (
      id INTEGER PRIMARY KEY,
      key_name TEXT,
      method TEXT NOT NULL,
      path TEXT NOT NULL,
      status INTEGER NOT NULL,
      at INTEGER NOT NULL
    );
    CREATE INDEX api_audit_at ON api_audit (at);
    CREATE TABLE incidents (
      id INTEGER PRIMARY KEY,
      monitor TEXT NOT NULL,
      rule TEXT NOT NULL,
      number INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('down', 'degraded')),
      started_at INTEGER NOT NULL,
      ended_at INTEGER,
      message TEXT,
      acknowledged_by TEXT,
      acknowledged_at INTEGER,
      UNIQUE (monitor, rule, number)
    );
    CREATE INDEX incidents_open ON incidents (monitor) WHERE ended_at IS NULL;
    INSERT INTO incidents (monitor, rule, number, kind, started_at, message)
      SELECT monitor, rule, json_extract(state, '$.incident'), phase, COALESCE(json_extract(state, '$.since'), updated_at), json_extract(state, '$.last.message')
      FROM alert_states WHERE phase IN ('down', 'degraded');
  `,
};
