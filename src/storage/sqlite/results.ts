/**
 * Results in SQLite: runs, results, the latest artifacts per monitor, and the figures `history` and
 * the dashboards read (windows blend raw results with hourly roll-ups). Retention is its own file.
 */
import { hostname } from 'node:os';
import type { CheckRecord, Status, StatusCounts } from '../../core/result.js';
import type { DayCounts, RecentQuery, ResultPoint, ResultsPort, RetentionOutcome, RetentionPolicy, RunInfo, StoredResult, WindowStats } from '../ports/results.js';
import { percentile, uptimePercent, weightedPercentile } from '../stats.js';
import type { SqliteConnection } from './connection.js';
import type { Runner } from './gate.js';
import { RESULT_COLUMNS, toStored, type ResultRow } from '../rows/results.js';
import { dailyCounts, resultPoints } from './results-figures.js';
import { applyResultsRetention } from './results-retention.js';

const HOUR_MS = 3_600_000;

/** Monitor ids by name, shared by a connection's ports; forgotten when a transaction that made some rolls back. */
export class MonitorIds {
  private readonly ids = new Map<string, { id: number; type: string }>();

  constructor(private readonly c: SqliteConnection) {}

  /** The id of a monitor by name, creating it on first sight (and updating its type if it changed). */
  idOf(name: string, type: string): number {
    const cached = this.ids.get(name);
    if (cached?.type === type) return cached.id;
    const row = this.c.sql('SELECT id, type FROM monitors WHERE name = ?').get(name) as { id: number; type: string } | undefined;
    let id: number;
    if (row) {
      id = row.id;
      if (row.type !== type) this.c.sql('UPDATE monitors SET type = ? WHERE id = ?').run(type, id);
    } else {
      id = Number(this.c.value('INSERT INTO monitors (name, type, created_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET type = excluded.type RETURNING id').get(name, type, Date.now()));
    }
    this.ids.set(name, { id, type });
    return id;
  }

  forget(): void {
    this.ids.clear();
  }
}

export class SqliteResults implements ResultsPort {
  constructor(
    private readonly c: SqliteConnection,
    private readonly run: Runner,
    private readonly monitors: MonitorIds,
  ) {}

  beginRun(info: RunInfo): Promise<number> {
    return this.run(() =>
      Number(this.c.sql('INSERT INTO runs (command, host, pid, location, started_at) VALUES (?, ?, ?, ?, ?)').run(info.command, hostname(), process.pid, info.location ?? null, info.startedAt).lastInsertRowid),
    );
  }

  finishRun(runId: number, counts: StatusCounts, finishedAt: number): Promise<void> {
    return this.run(() => {
      this.c.sql('UPDATE runs SET finished_at = ?, total = ?, up = ?, degraded = ?, down = ?, unknown = ? WHERE id = ?').run(finishedAt, counts.total, counts.up, counts.degraded, counts.down, counts.unknown, runId);
    });
  }

  saveResults(records: readonly CheckRecord[], runId?: number): Promise<void> {
    return this.run(() => {
      if (records.length === 0) return;
      const insert = this.c.sql(
        'INSERT INTO results (monitor_id, run_id, ts, status, latency_ms, duration_ms, attempts, message, metrics, assertions, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const putArtifact = this.c.sql(
        'INSERT INTO artifacts (monitor_id, kind, ts, content) VALUES (?, ?, ?, ?) ON CONFLICT (monitor_id, kind) DO UPDATE SET ts = excluded.ts, content = excluded.content WHERE excluded.ts >= artifacts.ts',
      );
      try {
        this.c.immediate(() => {
          for (const record of records) {
            const monitorId = this.monitors.idOf(record.monitor, record.type);
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
      } catch (error) {
        // Monitor ids created inside the rolled-back transaction do not exist: forget them.
        this.monitors.forget();
        throw error;
      }
    });
  }

  recentResults(monitor: string, query: RecentQuery = {}): Promise<StoredResult[]> {
    return this.run(() => {
      const rows = this.c
        .sql(
          `SELECT ${RESULT_COLUMNS} FROM results r JOIN monitors m ON m.id = r.monitor_id
           WHERE m.name = ? AND r.ts >= ? AND r.ts < ? AND r.id < ? ORDER BY r.ts DESC, r.id DESC LIMIT ?`,
        )
        .all(monitor, query.since ?? 0, query.until ?? Number.MAX_SAFE_INTEGER, query.beforeId ?? Number.MAX_SAFE_INTEGER, query.limit ?? 50) as ResultRow[];
      return rows.map(toStored);
    });
  }

  latestResults(): Promise<StoredResult[]> {
    return this.run(() => {
      const rows = this.c
        .sql(`SELECT ${RESULT_COLUMNS} FROM monitors m JOIN results r ON r.id = (SELECT id FROM results WHERE monitor_id = m.id ORDER BY ts DESC, id DESC LIMIT 1) ORDER BY m.name`)
        .all() as ResultRow[];
      return rows.map(toStored);
    });
  }

  latestStatus(monitor: string): Promise<Status | undefined> {
    return this.run(() => this.c.value('SELECT r.status FROM results r JOIN monitors m ON m.id = r.monitor_id WHERE m.name = ? ORDER BY r.ts DESC, r.id DESC LIMIT 1').get(monitor) as Status | undefined);
  }

  async latestDetails(monitor: string): Promise<unknown> {
    const content = (await this.artifact(monitor, 'details'))?.content;
    return content ? JSON.parse(content) : undefined;
  }

  artifact(monitor: string, kind: string): Promise<{ ts: number; content: string } | undefined> {
    return this.run(() => this.c.sql('SELECT a.ts, a.content FROM artifacts a JOIN monitors m ON m.id = a.monitor_id WHERE m.name = ? AND a.kind = ?').get(monitor, kind) as { ts: number; content: string } | undefined);
  }

  monitorNames(): Promise<string[]> {
    return this.run(() => this.c.value('SELECT name FROM monitors ORDER BY name').all() as string[]);
  }

  windowStats(monitor: string, from: number, to: number): Promise<WindowStats> {
    return this.run(() => this.windowStatsNow(monitor, from, to));
  }

  dailyCounts(monitor: string, from: number, to: number): Promise<DayCounts[]> {
    return this.run(() => dailyCounts(this.c, monitor, from, to));
  }

  resultPoints(monitor: string, since: number, limit: number): Promise<ResultPoint[]> {
    return this.run(() => resultPoints(this.c, monitor, since, limit));
  }

  applyRetention(now: number, policy: RetentionPolicy, options: { force?: boolean } = {}): Promise<RetentionOutcome | undefined> {
    return this.run(() => applyResultsRetention(this.c, now, policy, options));
  }

  private windowStatsNow(monitor: string, from: number, to: number): WindowStats {
    const c = this.c;
    const id = c.value('SELECT id FROM monitors WHERE name = ?').get(monitor) as number | undefined;
    const counts: StatusCounts = { total: 0, up: 0, degraded: 0, down: 0, unknown: 0 };
    if (id === undefined) return { from, to, counts, uptimePercent: null, p50: null, p95: null, p99: null, approximate: false };
    const raw = c.sql('SELECT status, COUNT(*) AS n FROM results WHERE monitor_id = ? AND ts >= ? AND ts < ? GROUP BY status').all(id, from, to) as { status: Status; n: number }[];
    for (const { status, n } of raw) {
      counts[status] += n;
      counts.total += n;
    }
    const latencies = c.value('SELECT latency_ms FROM results WHERE monitor_id = ? AND ts >= ? AND ts < ? AND latency_ms IS NOT NULL ORDER BY latency_ms').all(id, from, to) as number[];
    // Hours already rolled up (older than raw retention) count too; their percentiles are approximate.
    const oldestRaw = (c.value('SELECT MIN(ts) FROM results WHERE monitor_id = ?').get(id) as number | null) ?? to;
    const rollups = c
      .sql('SELECT up, degraded, down, unknown, latency_count, latency_p50, latency_p95, latency_p99 FROM rollups_hourly WHERE monitor_id = ? AND hour >= ? AND hour < ?')
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
}
