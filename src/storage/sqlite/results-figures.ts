/**
 * What a dashboard reads from results in SQLite, beside windowStats: counts per UTC day (raw results,
 * and hourly roll-ups for the hours retention already rolled up, blended as windowStats blends them)
 * and light result points for the latency chart.
 */
import type { Status, StatusCounts } from '../../core/result.js';
import type { DayCounts, ResultPoint } from '../ports/results.js';
import type { SqliteConnection } from './connection.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export function dailyCounts(c: SqliteConnection, monitor: string, from: number, to: number): DayCounts[] {
  const id = c.value('SELECT id FROM monitors WHERE name = ?').get(monitor) as number | undefined;
  if (id === undefined) return [];
  const days = new Map<number, DayCounts>();
  const add = (day: number, status: Status, n: number, rolledUp: boolean) => {
    let entry = days.get(day);
    if (!entry) days.set(day, (entry = { day, counts: { total: 0, up: 0, degraded: 0, down: 0, unknown: 0 }, rolledUp: false }));
    entry.counts[status] += n;
    entry.counts.total += n;
    entry.rolledUp ||= rolledUp;
  };
  const raw = c.sql(`SELECT (ts / ${DAY_MS}) * ${DAY_MS} AS day, status, COUNT(*) AS n FROM results WHERE monitor_id = ? AND ts >= ? AND ts < ? GROUP BY day, status`).all(id, from, to) as {
    day: number;
    status: Status;
    n: number;
  }[];
  for (const row of raw) add(row.day, row.status, row.n, false);
  const oldestRaw = (c.value('SELECT MIN(ts) FROM results WHERE monitor_id = ?').get(id) as number | null) ?? to;
  const rollups = c
    .sql(`SELECT (hour / ${DAY_MS}) * ${DAY_MS} AS day, SUM(up) AS up, SUM(degraded) AS degraded, SUM(down) AS down, SUM(unknown) AS unknown FROM rollups_hourly WHERE monitor_id = ? AND hour >= ? AND hour < ? GROUP BY day`)
    .all(id, Math.floor(from / HOUR_MS) * HOUR_MS, Math.min(to, Math.floor(oldestRaw / HOUR_MS) * HOUR_MS)) as (Omit<StatusCounts, 'total'> & { day: number })[];
  for (const row of rollups) for (const status of ['up', 'degraded', 'down', 'unknown'] as const) if (row[status]) add(row.day, status, row[status], true);
  return [...days.values()].sort((a, b) => a.day - b.day);
}

export function resultPoints(c: SqliteConnection, monitor: string, since: number, limit: number): ResultPoint[] {
  const rows = c
    .sql('SELECT r.id, r.ts, r.latency_ms, r.status FROM results r WHERE r.monitor_id = (SELECT id FROM monitors WHERE name = ?) AND r.ts >= ? ORDER BY r.ts DESC, r.id DESC LIMIT ?')
    .all(monitor, since, limit) as { id: number; ts: number; latency_ms: number | null; status: Status }[];
  return rows.map((row) => ({ id: row.id, ts: row.ts, latencyMs: row.latency_ms, status: row.status }));
}
