import type { Migration } from '../migrate.js';

/** Results, runs, hourly roll-ups and per-monitor artifacts. */
export const resultsMigration: Migration = {
  version: 1,
  name: 'results',
  up: `
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE monitors (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL,
      created_at INTEGER NOT NULL
    );
    CREATE TABLE runs (
      id INTEGER PRIMARY KEY,
      command TEXT NOT NULL,
      host TEXT,
      pid INTEGER,
      started_at INTEGER NOT NULL,
      finished_at INTEGER,
      total INTEGER, up INTEGER, degraded INTEGER, down INTEGER, unknown INTEGER
    );
    CREATE TABLE results (
      id INTEGER PRIMARY KEY,
      monitor_id INTEGER NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
      run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
      ts INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('up', 'degraded', 'down', 'unknown')),
      latency_ms REAL,
      duration_ms REAL,
      attempts INTEGER NOT NULL DEFAULT 1,
      message TEXT NOT NULL,
      metrics TEXT NOT NULL DEFAULT '{}',
      assertions TEXT,
      details TEXT
    );
    CREATE INDEX results_monitor_ts ON results (monitor_id, ts);
    CREATE INDEX results_ts ON results (ts);
    CREATE TABLE rollups_hourly (
      monitor_id INTEGER NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
      hour INTEGER NOT NULL,
      up INTEGER NOT NULL, degraded INTEGER NOT NULL, down INTEGER NOT NULL, unknown INTEGER NOT NULL,
      latency_count INTEGER NOT NULL, latency_sum REAL NOT NULL,
      latency_min REAL, latency_max REAL, latency_p50 REAL, latency_p95 REAL, latency_p99 REAL,
      PRIMARY KEY (monitor_id, hour)
    ) WITHOUT ROWID;
    CREATE TABLE artifacts (
      monitor_id INTEGER NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
      kind TEXT NOT NULL,
      ts INTEGER NOT NULL,
      content TEXT NOT NULL,
      PRIMARY KEY (monitor_id, kind)
    ) WITHOUT ROWID;
  `,
};
