/**
 * Raw results past retention become hourly roll-ups, in PostgreSQL: one statement per clock hour,
 * oldest first, that deletes the hour's rows and folds them into rollups_hourly (counts, sum, min,
 * max and nearest-rank percentiles, the same figures the SQLite store computes in JavaScript). Each
 * hour is atomic on its own, so an interrupted pass loses nothing and the next one continues.
 * At most one pass an hour: the claim is one conditional upsert of meta.retention_at, so of several
 * runners finishing at once only one does the work.
 */
import type { RetentionOutcome, RetentionPolicy } from '../ports/results.js';
import type { Sql } from './sql-session.js';

const HOUR_MS = 3_600_000;
/** Retention work runs at most this often; a cron run every minute should not pay for it each time. */
const RETENTION_EVERY_MS = HOUR_MS;

const ROLL_UP_HOUR = `
  WITH gone AS (DELETE FROM results WHERE ts >= $1 AND ts < $2 RETURNING monitor_id, status, latency_ms),
  rolled AS (
    INSERT INTO rollups_hourly AS r (monitor_id, hour, up, degraded, down, unknown, latency_count, latency_sum, latency_min, latency_max, latency_p50, latency_p95, latency_p99)
    SELECT monitor_id, $1, count(*) FILTER (WHERE status = 'up'), count(*) FILTER (WHERE status = 'degraded'), count(*) FILTER (WHERE status = 'down'),
           count(*) FILTER (WHERE status = 'unknown'), count(latency_ms), COALESCE(sum(latency_ms), 0), min(latency_ms), max(latency_ms),
           percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms), percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms), percentile_disc(0.99) WITHIN GROUP (ORDER BY latency_ms)
    FROM gone GROUP BY monitor_id
    ON CONFLICT (monitor_id, hour) DO UPDATE SET up = r.up + excluded.up, degraded = r.degraded + excluded.degraded, down = r.down + excluded.down,
      unknown = r.unknown + excluded.unknown, latency_count = r.latency_count + excluded.latency_count, latency_sum = r.latency_sum + excluded.latency_sum,
      latency_min = LEAST(r.latency_min, excluded.latency_min), latency_max = GREATEST(r.latency_max, excluded.latency_max),
      latency_p50 = COALESCE(excluded.latency_p50, r.latency_p50), latency_p95 = COALESCE(excluded.latency_p95, r.latency_p95), latency_p99 = COALESCE(excluded.latency_p99, r.latency_p99)
    RETURNING 1)
  SELECT (SELECT count(*) FROM gone) AS deleted, (SELECT count(*) FROM rolled) AS rolled`;

export async function applyResultsRetention(sql: Sql, now: number, policy: RetentionPolicy, options: { force?: boolean }): Promise<RetentionOutcome | undefined> {
  const claim = await sql.query(
    `INSERT INTO meta AS m (key, value) VALUES ('retention_at', $1::text) ON CONFLICT (key) DO UPDATE SET value = excluded.value
     WHERE $2::boolean OR $3::bigint - m.value::bigint >= $4 RETURNING 1`,
    [String(now), options.force === true, now, RETENTION_EVERY_MS],
  );
  if (claim.rowCount === 0) return undefined;
  const cutoff = Math.floor((now - policy.resultsMs) / HOUR_MS) * HOUR_MS;
  const outcome: RetentionOutcome = { rolledUpHours: 0, deletedResults: 0, deletedRollups: 0 };
  for (;;) {
    const { rows } = await sql.query<{ oldest: number | null }>('SELECT MIN(ts) AS oldest FROM results WHERE ts < $1', [cutoff]);
    const oldest = rows[0]!.oldest;
    if (oldest === null) break;
    const hour = Math.floor(oldest / HOUR_MS) * HOUR_MS;
    const done = await sql.query<{ deleted: number; rolled: number }>(ROLL_UP_HOUR, [hour, hour + HOUR_MS], 'trackz_roll_up_hour');
    outcome.deletedResults += done.rows[0]!.deleted;
    outcome.rolledUpHours += done.rows[0]!.rolled;
  }
  const dropped = await sql.query('DELETE FROM rollups_hourly WHERE hour < $1', [now - policy.rollupsMs]);
  outcome.deletedRollups = dropped.rowCount ?? 0;
  return outcome;
}
