/**
 * Results in PostgreSQL: the same rows and answers as the SQLite store. A batch is one transaction of
 * a few statements whatever its size — monitors looked up (and created) together, results and
 * artifacts each inserted from arrays with unnest — so a thousand results cost a handful of round
 * trips. Percentiles are nearest-rank (percentile_disc), the same figures src/store/stats.ts gives.
 */
import { hostname } from 'node:os';
import type { CheckRecord, Status, StatusCounts } from '../../core/result.js';
import { uptimePercent, weightedPercentile } from '../stats.js';
import type { DayCounts, RecentQuery, ResultPoint, ResultsPort, RetentionOutcome, RetentionPolicy, RunInfo, StoredResult, WindowStats } from '../ports/results.js';
import { numberArray, textArray } from './pg-arrays.js';
import { dailyCounts, resultPoints } from './results-figures.js';
import { applyResultsRetention } from './results-retention.js';
import { RESULT_COLUMNS, toStored, type ResultRow } from '../rows/results.js';
import type { Sql } from './sql-session.js';

const HOUR_MS = 3_600_000;

/** Monitor ids by name, shared by every port of one Storage (a transaction's included). */
export type MonitorIdCache = Map<string, { id: number; type: string }>;

export class PgResultsPort implements ResultsPort {
  constructor(
    private readonly sql: Sql,
    private readonly monitorIds: MonitorIdCache,
  ) {}

  async beginRun(info: RunInfo): Promise<number> {
    const { rows } = await this.sql.query<{ id: number }>('INSERT INTO runs (command, host, pid, location, started_at) VALUES ($1, $2, $3, $4, $5) RETURNING id', [
      info.command,
      hostname(),
      process.pid,
      info.location ?? null,
      info.startedAt,
    ]);
    return rows[0]!.id;
  }

  async finishRun(runId: number, counts: StatusCounts, finishedAt: number): Promise<void> {
    await this.sql.query('UPDATE runs SET finished_at = $1, total = $2, up = $3, degraded = $4, down = $5, unknown = $6 WHERE id = $7', [
      finishedAt,
      counts.total,
      counts.up,
      counts.degraded,
      counts.down,
      counts.unknown,
      runId,
    ]);
  }

  async saveResults(records: readonly CheckRecord[], runId?: number): Promise<void> {
    if (records.length === 0) return;
    try {
      await this.sql.transaction(async (tx) => {
        const ids = await this.idsOf(tx, records);
        const n = records.length;
        const num = () => new Array<number | null>(n);
        const text = () => new Array<string | null>(n);
        const c = { monitor: num(), ts: num(), status: text(), latency: num(), duration: num(), attempts: num(), message: text(), metrics: text(), assertions: text(), details: text() };
        // Artifacts: per monitor and kind the newest wins (a later one on a tie), as row-by-row upserts would leave it.
        const artifacts = new Map<string, [number, string, number, string]>();
        const keep = (monitorId: number, kind: string, ts: number, content: string) => {
          const key = `${monitorId}\0${kind}`;
          const seen = artifacts.get(key);
          if (!seen || ts >= seen[2]) artifacts.set(key, [monitorId, kind, ts, content]);
        };
        records.forEach((record, i) => {
          const monitorId = ids.get(record.monitor)!;
          const failing = (record.assertions ?? []).filter((a) => a.status !== 'up');
          c.monitor[i] = monitorId;
          c.ts[i] = record.startedAt;
          c.status[i] = record.status;
          c.latency[i] = record.latencyMs ?? null;
          c.duration[i] = record.durationMs;
          c.attempts[i] = record.attempts;
          c.message[i] = record.message;
          c.metrics[i] = JSON.stringify(record.metrics);
          c.assertions[i] = failing.length ? JSON.stringify(failing) : null;
          c.details[i] = record.status !== 'up' && record.details !== undefined ? JSON.stringify(record.details) : null;
          if (record.details !== undefined) keep(monitorId, 'details', record.startedAt, JSON.stringify(record.details));
          for (const [kind, content] of Object.entries(record.artifacts ?? {})) keep(monitorId, kind, record.startedAt, content);
        });
        await tx.query(
          `INSERT INTO results (monitor_id, run_id, ts, status, latency_ms, duration_ms, attempts, message, metrics, assertions, details)
           SELECT monitor_id, $1::bigint, ts, status, latency_ms, duration_ms, attempts, message, metrics, assertions, details
           FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::float8[], $6::float8[], $7::int[], $8::text[], $9::text[], $10::text[], $11::text[])
             AS t(monitor_id, ts, status, latency_ms, duration_ms, attempts, message, metrics, assertions, details)`,
          [
            runId ?? null,
            numberArray(c.monitor),
            numberArray(c.ts),
            textArray(c.status),
            numberArray(c.latency),
            numberArray(c.duration),
            numberArray(c.attempts),
            textArray(c.message),
            textArray(c.metrics),
            textArray(c.assertions),
            textArray(c.details),
          ],
          'trackz_save_results',
        );
        if (artifacts.size === 0) return;
        const a = [...artifacts.values()];
        await tx.query(
          `INSERT INTO artifacts AS a (monitor_id, kind, ts, content) SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[])
           ON CONFLICT (monitor_id, kind) DO UPDATE SET ts = excluded.ts, content = excluded.content WHERE excluded.ts >= a.ts`,
          [numberArray(a.map((x) => x[0])), textArray(a.map((x) => x[1])), numberArray(a.map((x) => x[2])), textArray(a.map((x) => x[3]))],
          'trackz_save_artifacts',
        );
      }, { relaxed: true });
    } catch (error) {
      // Monitor ids created inside the rolled-back transaction do not exist: forget them.
      this.monitorIds.clear();
      throw error;
    }
  }

  /** Ids of the batch's monitors, creating new ones and updating a changed type (the last record's type wins). */
  private async idsOf(tx: Sql, records: readonly CheckRecord[]): Promise<Map<string, number>> {
    const types = new Map<string, string>();
    for (const record of records) types.set(record.monitor, record.type);
    const ids = new Map<string, number>();
    const unknown: string[] = [];
    for (const [name, type] of types) {
      const cached = this.monitorIds.get(name);
      if (cached?.type === type) ids.set(name, cached.id);
      else unknown.push(name);
    }
    if (unknown.length === 0) return ids;
    const found = await tx.query<{ id: number; name: string; type: string }>('SELECT id, name, type FROM monitors WHERE name = ANY($1::text[])', [unknown]);
    const stored = new Map(found.rows.map((row) => [row.name, row]));
    const upsert = unknown.filter((name) => stored.get(name)?.type !== types.get(name));
    if (upsert.length) {
      const { rows } = await tx.query<{ id: number; name: string }>(
        `INSERT INTO monitors (name, type, created_at) SELECT name, type, $3 FROM unnest($1::text[], $2::text[]) AS t(name, type)
         ON CONFLICT (name) DO UPDATE SET type = excluded.type RETURNING id, name`,
        [upsert, upsert.map((name) => types.get(name)), Date.now()],
      );
      for (const row of rows) stored.set(row.name, { ...row, type: types.get(row.name)! });
    }
    for (const name of unknown) {
      const row = stored.get(name)!;
      ids.set(name, row.id);
      this.monitorIds.set(name, { id: row.id, type: types.get(name)! });
    }
    return ids;
  }

  async recentResults(monitor: string, query: RecentQuery = {}): Promise<StoredResult[]> {
    const { rows } = await this.sql.query<ResultRow>(
      `SELECT ${RESULT_COLUMNS} FROM results r JOIN monitors m ON m.id = r.monitor_id
       WHERE m.name = $1 AND r.ts >= $2 AND ($3::bigint IS NULL OR r.ts < $3) AND ($4::bigint IS NULL OR r.id < $4)
       ORDER BY r.ts DESC, r.id DESC LIMIT $5`,
      [monitor, query.since ?? 0, query.until ?? null, query.beforeId ?? null, query.limit ?? 50],
    );
    return rows.map(toStored);
  }

  async latestResults(): Promise<StoredResult[]> {
    const { rows } = await this.sql.query<ResultRow>(
      `SELECT ${RESULT_COLUMNS} FROM monitors m
       CROSS JOIN LATERAL (SELECT * FROM results WHERE monitor_id = m.id ORDER BY ts DESC, id DESC LIMIT 1) r
       ORDER BY m.name`,
    );
    return rows.map(toStored);
  }

  async latestStatus(monitor: string): Promise<Status | undefined> {
    const { rows } = await this.sql.query<{ status: Status }>(
      'SELECT r.status FROM results r JOIN monitors m ON m.id = r.monitor_id WHERE m.name = $1 ORDER BY r.ts DESC, r.id DESC LIMIT 1',
      [monitor],
    );
    return rows[0]?.status;
  }

  async latestDetails(monitor: string): Promise<unknown> {
    const content = (await this.artifact(monitor, 'details'))?.content;
    return content ? JSON.parse(content) : undefined;
  }

  async artifact(monitor: string, kind: string): Promise<{ ts: number; content: string } | undefined> {
    const { rows } = await this.sql.query<{ ts: number; content: string }>(
      'SELECT a.ts, a.content FROM artifacts a JOIN monitors m ON m.id = a.monitor_id WHERE m.name = $1 AND a.kind = $2',
      [monitor, kind],
    );
    return rows[0];
  }

  async monitorNames(): Promise<string[]> {
    const { rows } = await this.sql.query<{ name: string }>('SELECT name FROM monitors ORDER BY name');
    return rows.map((row) => row.name);
  }

  async windowStats(monitor: string, from: number, to: number): Promise<WindowStats> {
    const counts: StatusCounts = { total: 0, up: 0, degraded: 0, down: 0, unknown: 0 };
    const { rows } = await this.sql.query<{ id: number; oldest: number | null; up: number; degraded: number; down: number; unknown: number; n: number; p: (number | null)[] | null }>(
      `SELECT m.id, (SELECT MIN(ts) FROM results WHERE monitor_id = m.id) AS oldest, w.*
       FROM monitors m CROSS JOIN LATERAL (
         SELECT count(*) FILTER (WHERE status = 'up') AS up, count(*) FILTER (WHERE status = 'degraded') AS degraded,
                count(*) FILTER (WHERE status = 'down') AS down, count(*) FILTER (WHERE status = 'unknown') AS unknown,
                count(latency_ms) AS n, percentile_disc(ARRAY[0.5, 0.95, 0.99]::float8[]) WITHIN GROUP (ORDER BY latency_ms) AS p
         FROM results WHERE monitor_id = m.id AND ts >= $2 AND ts < $3) w
       WHERE m.name = $1`,
      [monitor, from, to],
    );
    const raw = rows[0];
    if (!raw) return { from, to, counts, uptimePercent: null, p50: null, p95: null, p99: null, approximate: false };
    for (const status of ['up', 'degraded', 'down', 'unknown'] as const) {
      counts[status] = raw[status];
      counts.total += raw[status];
    }
    // Hours already rolled up (older than raw retention) count too; their percentiles are approximate.
    const oldestRaw = raw.oldest ?? to;
    const rollups = await this.sql.query<{ up: number; degraded: number; down: number; unknown: number; latency_count: number; latency_p50: number | null; latency_p95: number | null; latency_p99: number | null }>(
      'SELECT up, degraded, down, unknown, latency_count, latency_p50, latency_p95, latency_p99 FROM rollups_hourly WHERE monitor_id = $1 AND hour >= $2 AND hour < $3',
      [raw.id, Math.floor(from / HOUR_MS) * HOUR_MS, Math.min(to, Math.floor(oldestRaw / HOUR_MS) * HOUR_MS)],
    );
    for (const hour of rollups.rows) {
      counts.up += hour.up;
      counts.degraded += hour.degraded;
      counts.down += hour.down;
      counts.unknown += hour.unknown;
      counts.total += hour.up + hour.degraded + hour.down + hour.unknown;
    }
    const approximate = rollups.rows.length > 0;
    const exact = { 50: raw.p?.[0] ?? null, 95: raw.p?.[1] ?? null, 99: raw.p?.[2] ?? null };
    const pick = (p: 50 | 95 | 99) => {
      if (!approximate) return exact[p];
      const key = `latency_p${p}` as const;
      return weightedPercentile([{ count: raw.n, value: exact[p] }, ...rollups.rows.map((h) => ({ count: h.latency_count, value: h[key] }))]);
    };
    return { from, to, counts, uptimePercent: uptimePercent(counts), p50: pick(50), p95: pick(95), p99: pick(99), approximate };
  }

  dailyCounts(monitor: string, from: number, to: number): Promise<DayCounts[]> {
    return dailyCounts(this.sql, monitor, from, to);
  }

  resultPoints(monitor: string, since: number, limit: number): Promise<ResultPoint[]> {
    return resultPoints(this.sql, monitor, since, limit);
  }

  applyRetention(now: number, policy: RetentionPolicy, options: { force?: boolean } = {}): Promise<RetentionOutcome | undefined> {
    return applyResultsRetention(this.sql, now, policy, options);
  }
}
