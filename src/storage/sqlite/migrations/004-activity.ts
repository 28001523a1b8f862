import type { Migration } from '../migrate.js';

/**
 * Activity import: tracker sites (page views, sessions and their visitor hashes) and agents (devices, buckets,
 * events), the import cursors, and the privacy tables (daily salts, opt-outs).
 * Rows are written with the privacy rules already applied: no raw IP unless a site opted in
 * (`visitorId: plain`, the `ip` columns), no query strings unless kept, no dropped agent fields.
 */
export const activityMigration: Migration = {
  version: 4,
  name: 'activity',
  up: `
    CREATE TABLE activity_sources (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('site', 'agent')),
      name TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      UNIQUE (kind, name)
    );

    -- One random salt per UTC day, deleted 48 h after its day starts: a visitor hash cannot be recomputed later.
    CREATE TABLE activity_salts (day INTEGER PRIMARY KEY, salt BLOB NOT NULL) WITHOUT ROWID;
    -- Long-lived keys (the opt-out key); never exported.
    CREATE TABLE activity_keys (name TEXT PRIMARY KEY, key BLOB NOT NULL) WITHOUT ROWID;

    -- Where each imported file (or stdin stream) stands. Identified by a hash of its first bytes, so a
    -- file renamed or compressed by logrotate is recognised; offset is always at a line boundary.
    CREATE TABLE activity_cursors (
      id INTEGER PRIMARY KEY,
      source_id INTEGER NOT NULL REFERENCES activity_sources(id) ON DELETE CASCADE,
      fingerprint TEXT NOT NULL,
      fp_len INTEGER NOT NULL,
      path TEXT NOT NULL,
      dev INTEGER, ino INTEGER, size INTEGER, mtime_ms INTEGER,
      gzip INTEGER NOT NULL DEFAULT 0,
      offset INTEGER NOT NULL,
      line INTEGER NOT NULL,
      last_ts INTEGER,
      done INTEGER NOT NULL DEFAULT 0,
      updated_at INTEGER NOT NULL,
      UNIQUE (source_id, fingerprint)
    );

    -- Visitors who opted out, by a keyed hash that does not rotate (kept only to skip them).
    CREATE TABLE site_opt_outs (
      site_id INTEGER NOT NULL REFERENCES activity_sources(id) ON DELETE CASCADE,
      visitor_key INTEGER NOT NULL,
      at INTEGER NOT NULL,
      PRIMARY KEY (site_id, visitor_key)
    ) WITHOUT ROWID;

    -- A visitor is a (site, day) hash: the salt rotates daily, so one person is a new visitor each day.
    -- Sessions still open when an import ends are found by ended_at, to continue them in the next one.
    CREATE TABLE site_sessions (
      id INTEGER PRIMARY KEY,
      site_id INTEGER NOT NULL REFERENCES activity_sources(id) ON DELETE CASCADE,
      visitor_id INTEGER NOT NULL,
      started_at INTEGER NOT NULL,
      ended_at INTEGER NOT NULL,
      requests INTEGER NOT NULL,
      page_views INTEGER NOT NULL,
      entry_path TEXT
    );
    CREATE INDEX site_sessions_site_start ON site_sessions (site_id, started_at);
    CREATE INDEX site_sessions_site_end ON site_sessions (site_id, ended_at);

    -- Every request; page_view = 0 for assets (css, images…). Bots have no visitor or session.
    -- No foreign key here on purpose: this is the hot insert path; deletes are explicit (data-rights.ts).
    CREATE TABLE site_page_views (
      id INTEGER PRIMARY KEY,
      site_id INTEGER NOT NULL,
      ts INTEGER NOT NULL,
      visitor_id INTEGER,
      session_id INTEGER,
      path TEXT NOT NULL,
      page_view INTEGER NOT NULL,
      referrer_host TEXT,
      status INTEGER NOT NULL,
      bytes INTEGER NOT NULL,
      browser TEXT,
      os TEXT,
      country TEXT,
      bot INTEGER NOT NULL,
      ip TEXT
    );
    CREATE INDEX site_page_views_site_ts ON site_page_views (site_id, ts);

    CREATE TABLE agent_devices (
      id INTEGER PRIMARY KEY,
      agent_id INTEGER NOT NULL REFERENCES activity_sources(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      UNIQUE (agent_id, name)
    );
    CREATE TABLE agent_buckets (
      id INTEGER PRIMARY KEY,
      agent_id INTEGER NOT NULL REFERENCES activity_sources(id) ON DELETE CASCADE,
      device_id INTEGER NOT NULL REFERENCES agent_devices(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      type TEXT NOT NULL,
      client TEXT,
      -- REST import: start of the newest event stored (its duration may still grow).
      cursor_ts INTEGER,
      UNIQUE (agent_id, name)
    );
    -- start_at/end_at: epoch ms. One event per (bucket, start): re-imports update it, never add.
    CREATE TABLE agent_events (
      id INTEGER PRIMARY KEY,
      bucket_id INTEGER NOT NULL REFERENCES agent_buckets(id) ON DELETE CASCADE,
      start_at INTEGER NOT NULL,
      end_at INTEGER NOT NULL,
      app TEXT,
      title TEXT,
      url TEXT,
      domain TEXT,
      status TEXT,
      UNIQUE (bucket_id, start_at)
    );
  `,
};
