/**
 * The embedded store: one SQLite file, WAL, a busy timeout, short transactions. Safe to share
 * between a cron run and a long-running process, and safe against `kill -9` at any moment.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { UserError } from '../../core/errors.js';
import type { CheckRecord, Status, StatusCounts } from '../../core/result.js';
import type { ResultStore, RetentionOutcome, RetentionPolicy, RunInfo, StoredResult, WindowStats } from '../store.js';
import { percentile, uptimePercent, weightedPercentile } from '../stats.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';

const HOUR_MS = 3_600_000;
/** Retention work runs at most this often; a cron run every minute should not pay for it each time. */
const RETENTION_EVERY_MS = HOUR_MS;

export interface OpenOptions {
  /** Milliseconds to wait for another process's write lock. */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

interface ResultRow {
  id: number;
  monitor: string;
  type: string;
  ts: number;
  status: Status;
  latency_ms: number | null;
  duration_ms: number | null;
  attempts: number;
  message: string;
  metrics: string;
  assertions: string | null;
  details: string | null;
}

function toStored(row: ResultRow): StoredResult {
  return {
    id: row.id,
    monitor: row.monitor,
    type: row.type,
    ts: row.ts,
    status: row.status,
    latencyMs: row.latency_ms,
    durationMs: row.duration_ms,
    attempts: row.attempts,
    message: row.message,
    metrics: JSON.parse(row.metrics) as Record<string, number>,
    assertions: row.assertions ? JSON.parse(row.assertions) : [],
    details: row.details ? JSON.parse(row.details) : undefined,
  };
}

export class SqliteStore implements ResultStore {
  readonly db: Database.Database;
  private readonly monitorIds = new Map<string, { id: number; type: string }>();

  constructor(
    readonly path: string,
    options: OpenOptions = {},
  ) {
    if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
    const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
    let db: Database.Database | undefined;
    let version: number;
    try {
      db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false, timeout: busyTimeoutMs });
      // SQLite reads the file lazily: a file that is not a database fails here, not in the constructor.
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      if (!options.readonly) {
        db.pragma('journal_mode = WAL');
        // NORMAL in WAL mode survives a process crash (kill -9); only a power cut may drop the last commits.
        db.pragma('synchronous = NORMAL');
      }
      db.pragma('foreign_keys = ON');
      version = db.pragma('user_version', { simple: true }) as number;
    } catch (error) {
      db?.close();
      throw new UserError(`cannot open the database ${path}: ${(error as Error).message}`);
    }
    this.db = db;
    const latest = Math.max(...MIGRATIONS.map((m) => m.version));
    if (version > latest) {
      this.db.close();
      throw new UserError(`the database ${path} was written by a newer trackz (schema ${version}, this one knows ${latest}); upgrade trackz`);
    }
    if (!options.readonly) migrate(this.db, MIGRATIONS);
  }

  /** The id of a monitor by name, creating it on first sight (and updating its type if it changed). */
  monitorId(name: string, type: string): number {
    const cached = this.monitorIds.get(name);
    if (cached?.type === type) return cached.id;
    const row = this.db.prepare('SELECT id, type FROM monitors WHERE name = ?').get(name) as { id: number; type: string } | undefined;
    let id: number;
    if (row) {
      id = row.id;
      if (row.type !== type) this.db.prepare('UPDATE monitors SET type = ? WHERE id = ?').run(type, id);
    } else {
      id = Number(this.db.prepare('INSERT INTO monitors (name, type, created_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET type = excluded.type RETURNING id').pluck().get(name, type, Date.now()));
    }
    this.monitorIds.set(name, { id, type });
    return id;
  }

  beginRun(info: RunInfo): number {
    return Number(this.db.prepare('INSERT INTO runs (command, host, pid, started_at) VALUES (?, ?, ?, ?)').run(info.command, hostname(), process.pid, info.startedAt).lastInsertRowid);
  }

  finishRun(runId: number, counts: StatusCounts, finishedAt: number): void {
    this.db
      .prepare('UPDATE runs SET finished_at = ?, total = ?, up = ?, degraded = ?, down = ?, unknown = ? WHERE id = ?')
      .run(finishedAt, counts.total, counts.up, counts.degraded, counts.down, counts.unknown, runId);
  }

  saveResults(records: readonly CheckRecord[], runId?: number): void {
    if (records.length === 0) return;
    const insert = this.db.prepare(
      'INSERT INTO results (monitor_id, run_id, ts, status, latency_ms, duration_ms, attempts, message, metrics, assertions, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const putArtifact = this.db.prepare(
      'INSERT INTO artifacts (monitor_id, kind, ts, content) VALUES (?, ?, ?, ?) ON CONFLICT (monitor_id, kind) DO UPDATE SET ts = excluded.ts, content = excluded.content WHERE excluded.ts >= artifacts.ts',
    );
    const save = this.db.transaction(() => {
      for (const record of records) {
        const monitorId = this.monitorId(record.monitor, record.type);
        const failing = (record.assertions ?? []).filter((a) => a.status !== 'up');
        const keepDetails = record.status !== 'up' && record.details !== undefined;
        insert.run(
          monitorId,
          runId ?? null,
          record.startedAt,
          record.status,
          record.latencyMs ?? null,
          record.durationMs,
          record.attempts,
          record.message,
          JSON.stringify(record.metrics),
          failing.length ? JSON.stringify(failing) : null,
          keepDetails ? JSON.stringify(record.details) : null,
        );
        if (record.details !== undefined) putArtifact.run(monitorId, 'details', record.startedAt, JSON.stringify(record.details));
        for (const [kind, content] of Object.entries(record.artifacts ?? {})) putArtifact.run(monitorId, kind, record.startedAt, content);
      }
    });
    try {
      save.immediate();
    } catch (error) {
      // Monitor ids created inside the rolled-back transaction do not exist: forget them.
      this.monitorIds.clear();
      throw error;
    }
  }

  recentResults(monitor: string, options: { since?: number; limit?: number } = {}): StoredResult[] {
    const rows = this.db
      .prepare(
        `SELECT r.id, m.name AS monitor, m.type, r.ts, r.status, r.latency_ms, r.duration_ms, r.attempts, r.message, r.metrics, r.assertions, r.details
         FROM results r JOIN monitors m ON m.id = r.monitor_id
         WHERE m.name = ? AND r.ts >= ? ORDER BY r.ts DESC, r.id DESC LIMIT ?`,
      )
      .all(monitor, options.since ?? 0, options.limit ?? 50) as ResultRow[];
    return rows.map(toStored);
  }

  latestResults(): StoredResult[] {
    const rows = this.db
      .prepare(
        `SELECT r.id, m.name AS monitor, m.type, r.ts, r.status, r.latency_ms, r.duration_ms, r.attempts, r.message, r.metrics, r.assertions, r.details
         FROM monitors m JOIN results r ON r.id = (SELECT id FROM results WHERE monitor_id = m.id ORDER BY ts DESC, id DESC LIMIT 1)
         ORDER BY m.name`,
      )
      .all() as ResultRow[];
    return rows.map(toStored);
  }

  latestDetails(monitor: string): unknown {
    const content = this.artifact(monitor, 'details')?.content;
    return content ? JSON.parse(content) : undefined;
  }

  artifact(monitor: string, kind: string): { ts: number; content: string } | undefined {
    return this.db
      .prepare('SELECT a.ts, a.content FROM artifacts a JOIN monitors m ON m.id = a.monitor_id WHERE m.name = ? AND a.kind = ?')
      .get(monitor, kind) as { ts: number; content: string } | undefined;
  }

  monitorNames(): string[] {
    return this.db.prepare('SELECT name FROM monitors ORDER BY name').pluck().all() as string[];
  }

  windowStats(monitor: string, from: number, to: number): WindowStats {
    const id = this.db.prepare('SELECT id FROM monitors WHERE name = ?').pluck().get(monitor) as number | undefined;
    const counts: StatusCounts = { total: 0, up: 0, degraded: 0, down: 0, unknown: 0 };
    if (id === undefined) return { from, to, counts, uptimePercent: null, p50: null, p95: null, p99: null, approximate: false };
    const raw = this.db
      .prepare('SELECT status, COUNT(*) AS n FROM results WHERE monitor_id = ? AND ts >= ? AND ts < ? GROUP BY status')
      .all(id, from, to) as { status: Status; n: number }[];
    for (const { status, n } of raw) {
      counts[status] += n;
      counts.total += n;
    }
    const latencies = this.db
      .prepare('SELECT latency_ms FROM results WHERE monitor_id = ? AND ts >= ? AND ts < ? AND latency_ms IS NOT NULL ORDER BY latency_ms')
      .pluck()
      .all(id, from, to) as number[];
    // Hours already rolled up (older than raw retention) count too; their percentiles are approximate.
    const oldestRaw = (this.db.prepare('SELECT MIN(ts) FROM results WHERE monitor_id = ?').pluck().get(id) as number | null) ?? to;
    const rollups = this.db
      .prepare('SELECT up, degraded, down, unknown, latency_count, latency_p50, latency_p95, latency_p99 FROM rollups_hourly WHERE monitor_id = ? AND hour >= ? AND hour < ?')
      .all(id, Math.floor(from / HOUR_MS) * HOUR_MS, Math.min(to, Math.floor(oldestRaw / HOUR_MS) * HOUR_MS)) as {
      up: number;
      degraded: number;
      down: number;
      unknown: number;
      latency_count: number;
      latency_p50: number | null;
      latency_p95: number | null;
      latency_p99: number | null;
    }[];
    for (const hour of rollups) {
      counts.up += hour.up;
      counts.degraded += hour.degraded;
      counts.down += hour.down;
      counts.unknown += hour.unknown;
      counts.total += hour.up + hour.degraded + hour.down + hour.unknown;
    }
    const approximate = rollups.length > 0;
    const pick = (p: 50 | 95 | 99) => {
      if (!approximate) return percentile(latencies, p);
      const key = `latency_p${p}` as const;
      return weightedPercentile([{ count: latencies.length, value: percentile(latencies, p) }, ...rollups.map((h) => ({ count: h.latency_count, value: h[key] }))]);
    };
    return { from, to, counts, uptimePercent: uptimePercent(counts), p50: pick(50), p95: pick(95), p99: pick(99), approximate };
  }

  applyRetention(now: number, policy: RetentionPolicy, options: { force?: boolean } = {}): RetentionOutcome | undefined {
    // Read and claim in one transaction: of two processes finishing at once, only one does the work.
    const claimed = this.db
      .transaction(() => {
        const last = Number(this.db.prepare("SELECT value FROM meta WHERE key = 'retention_at'").pluck().get() ?? 0);
        if (!options.force && now - last < RETENTION_EVERY_MS) return false;
        this.db.prepare("INSERT INTO meta (key, value) VALUES ('retention_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(now));
        return true;
      })
      .immediate();
    if (!claimed) return undefined;
    const cutoff = Math.floor((now - policy.resultsMs) / HOUR_MS) * HOUR_MS;
    const outcome: RetentionOutcome = { rolledUpHours: 0, deletedResults: 0, deletedRollups: 0 };
    // One clock hour per transaction, oldest first: finding the next due hour is an index seek on ts and
    // each pass reads only that hour's rows, so a large backlog (after shortening retention, say) is
    // worked through in linear time without holding the write lock for long.
    const oldestDue = this.db.prepare('SELECT MIN(ts) FROM results WHERE ts < ?').pluck();
    const selectHour = this.db.prepare('SELECT monitor_id, status, latency_ms FROM results WHERE ts >= ? AND ts < ? ORDER BY monitor_id');
    const upsert = this.db.prepare(
      `INSERT INTO rollups_hourly (monitor_id, hour, up, degraded, down, unknown, latency_count, latency_sum, latency_min, latency_max, latency_p50, latency_p95, latency_p99)
       VALUES (@monitor_id, @hour, @up, @degraded, @down, @unknown, @latency_count, @latency_sum, @latency_min, @latency_max, @latency_p50, @latency_p95, @latency_p99)
       ON CONFLICT (monitor_id, hour) DO UPDATE SET up = up + excluded.up, degraded = degraded + excluded.degraded, down = down + excluded.down, unknown = unknown + excluded.unknown,
         latency_count = latency_count + excluded.latency_count, latency_sum = latency_sum + excluded.latency_sum,
         latency_min = MIN(COALESCE(latency_min, excluded.latency_min), COALESCE(excluded.latency_min, latency_min)),
         latency_max = MAX(COALESCE(latency_max, excluded.latency_max), COALESCE(excluded.latency_max, latency_max)),
         latency_p50 = COALESCE(excluded.latency_p50, latency_p50), latency_p95 = COALESCE(excluded.latency_p95, latency_p95), latency_p99 = COALESCE(excluded.latency_p99, latency_p99)`,
    );
    const deleteHour = this.db.prepare('DELETE FROM results WHERE ts >= ? AND ts < ?');
    const rollUp = (monitorId: number, hour: number, rows: { status: Status; latency_ms: number | null }[]) => {
      const tally = { up: 0, degraded: 0, down: 0, unknown: 0 };
      const latencies: number[] = [];
      for (const row of rows) {
        tally[row.status]++;
        if (row.latency_ms !== null) latencies.push(row.latency_ms);
      }
      latencies.sort((a, b) => a - b);
      upsert.run({
        monitor_id: monitorId,
        hour,
        ...tally,
        latency_count: latencies.length,
        latency_sum: latencies.reduce((sum, v) => sum + v, 0),
        latency_min: latencies[0] ?? null,
        latency_max: latencies.at(-1) ?? null,
        latency_p50: percentile(latencies, 50),
        latency_p95: percentile(latencies, 95),
        latency_p99: percentile(latencies, 99),
      });
      outcome.rolledUpHours++;
    };
    for (;;) {
      const oldest = oldestDue.get(cutoff) as number | null;
      if (oldest === null) break;
      const hour = Math.floor(oldest / HOUR_MS) * HOUR_MS;
      this.db
        .transaction(() => {
          const rows = selectHour.all(hour, hour + HOUR_MS) as { monitor_id: number; status: Status; latency_ms: number | null }[];
          let start = 0;
          for (let i = 1; i <= rows.length; i++) {
            if (i < rows.length && rows[i]!.monitor_id === rows[start]!.monitor_id) continue;
            rollUp(rows[start]!.monitor_id, hour, rows.slice(start, i));
            start = i;
          }
          outcome.deletedResults += deleteHour.run(hour, hour + HOUR_MS).changes;
        })
        .immediate();
    }
    outcome.deletedRollups = this.db.prepare('DELETE FROM rollups_hourly WHERE hour < ?').run(now - policy.rollupsMs).changes;
    return outcome;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
