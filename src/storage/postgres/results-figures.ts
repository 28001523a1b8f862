/**
 * What a dashboard reads from results in PostgreSQL, beside windowStats: counts per UTC day (raw
 * results, and hourly roll-ups for the hours retention already rolled up) and light result points for
 * the latency chart; the same answers as SQLite's results-figures.ts.
 */
import type { Status } from '../../core/result.js';
import type { DayCounts, ResultPoint } from '../ports/results.js';
import type { Sql } from './sql-session.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

type CountRow = { day: number; up: number; degraded: number; down: number; unknown: number };

export async function dailyCounts(sql: Sql, monitor: string, from: number, to: number): Promise<DayCounts[]> {
  const { rows } = await sql.query<{ id: number; oldest: number | null }>('SELECT id, (SELECT MIN(ts) FROM results WHERE monitor_id = m.id) AS oldest FROM monitors m WHERE name = $1', [monitor]);
  if (!rows[0]) return [];
  const { id, oldest } = rows[0];
  const raw = await sql.query<CountRow>(
    `SELECT (ts / ${DAY_MS}) * ${DAY_MS} AS day, count(*) FILTER (WHERE status = 'up') AS up, count(*) FILTER (WHERE status = 'degraded') AS degraded,
            count(*) FILTER (WHERE status = 'down') AS down, count(*) FILTER (WHERE status = 'unknown') AS unknown
     FROM results WHERE monitor_id = $1 AND ts >= $2 AND ts < $3 GROUP BY 1`,
    [id, from, to],
  );
  const rolled = await sql.query<CountRow>(
    `SELECT (hour / ${DAY_MS}) * ${DAY_MS} AS day, SUM(up) AS up, SUM(degraded) AS degraded, SUM(down) AS down, SUM(unknown) AS unknown
     FROM rollups_hourly WHERE monitor_id = $1 AND hour >= $2 AND hour < $3 GROUP BY 1`,
    [id, Math.floor(from / HOUR_MS) * HOUR_MS, Math.min(to, Math.floor((oldest ?? to) / HOUR_MS) * HOUR_MS)],
  );
  const days = new Map<number, DayCounts>();
  const add = (row: CountRow, rolledUp: boolean) => {
    const day = Number(row.day);
    let entry = days.get(day);
    if (!entry) days.set(day, (entry = { day, counts: { total: 0, up: 0, degraded: 0, down: 0, unknown: 0 }, rolledUp: false }));
    for (const status of ['up', 'degraded', 'down', 'unknown'] as const) {
      const n = Number(row[status]);
      entry.counts[status] += n;
      entry.counts.total += n;
    }
    entry.rolledUp ||= rolledUp;
  };
  for (const row of raw.rows) add(row, false);
  for (const row of rolled.rows) add(row, true);
  return [...days.values()].sort((a, b) => a.day - b.day);
}

export async function resultPoints(sql: Sql, monitor: string, since: number, limit: number): Promise<ResultPoint[]> {
  const { rows } = await sql.query<{ id: number; ts: number; latency_ms: number | null; status: Status }>(
    'SELECT r.id, r.ts, r.latency_ms, r.status FROM results r WHERE r.monitor_id = (SELECT id FROM monitors WHERE name = $1) AND r.ts >= $2 ORDER BY r.ts DESC, r.id DESC LIMIT $3',
    [monitor, since, limit],
    'trackz_result_points',
  );
  return rows.map((row) => ({ id: row.id, ts: row.ts, latencyMs: row.latency_ms, status: row.status }));
}
