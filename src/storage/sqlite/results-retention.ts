/**
 * Results retention in SQLite: raw results past `resultsMs` become hourly roll-ups, roll-ups past
 * `rollupsMs` are deleted. Claimed first, so of two processes finishing at once only one does the
 * work, and at most hourly unless forced: a cron run every minute should not pay for it each time.
 */
import type { Status } from '../../core/result.js';
import type { RetentionOutcome, RetentionPolicy } from '../ports/results.js';
import { percentile } from '../stats.js';
import type { SqliteConnection } from './connection.js';

const HOUR_MS = 3_600_000;
const RETENTION_EVERY_MS = HOUR_MS;

export function applyResultsRetention(c: SqliteConnection, now: number, policy: RetentionPolicy, options: { force?: boolean }): RetentionOutcome | undefined {
  // Read and claim in one transaction.
  const claimed = c.immediate(() => {
    const last = Number(c.value("SELECT value FROM meta WHERE key = 'retention_at'").get() ?? 0);
    if (!options.force && now - last < RETENTION_EVERY_MS) return false;
    c.sql("INSERT INTO meta (key, value) VALUES ('retention_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(now));
    return true;
  });
  if (!claimed) return undefined;
  const cutoff = Math.floor((now - policy.resultsMs) / HOUR_MS) * HOUR_MS;
  const outcome: RetentionOutcome = { rolledUpHours: 0, deletedResults: 0, deletedRollups: 0 };
  // One clock hour per transaction, oldest first: finding the next due hour is an index seek on ts and
  // each pass reads only that hour's rows, so a large backlog (after shortening retention, say) is
  // worked through in linear time without holding the write lock for long.
  const oldestDue = c.value('SELECT MIN(ts) FROM results WHERE ts < ?');
  const selectHour = c.sql('SELECT monitor_id, status, latency_ms FROM results WHERE ts >= ? AND ts < ? ORDER BY monitor_id');
  const upsert = c.sql(
    `INSERT INTO rollups_hourly (monitor_id, hour, up, degraded, down, unknown, latency_count, latency_sum, latency_min, latency_max, latency_p50, latency_p95, latency_p99)
     VALUES (@monitor_id, @hour, @up, @degraded, @down, @unknown, @latency_count, @latency_sum, @latency_min, @latency_max, @latency_p50, @latency_p95, @latency_p99)
     ON CONFLICT (monitor_id, hour) DO UPDATE SET up = up + excluded.up, degraded = degraded + excluded.degraded, down = down + excluded.down, unknown = unknown + excluded.unknown,
       latency_count = latency_count + excluded.latency_count, latency_sum = latency_sum + excluded.latency_sum,
       latency_min = MIN(COALESCE(latency_min, excluded.latency_min), COALESCE(excluded.latency_min, latency_min)),
       latency_max = MAX(COALESCE(latency_max, excluded.latency_max), COALESCE(excluded.latency_max, latency_max)),
       latency_p50 = COALESCE(excluded.latency_p50, latency_p50), latency_p95 = COALESCE(excluded.latency_p95, latency_p95), latency_p99 = COALESCE(excluded.latency_p99, latency_p99)`,
  );
  const deleteHour = c.sql('DELETE FROM results WHERE ts >= ? AND ts < ?');
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
    c.immediate(() => {
      const rows = selectHour.all(hour, hour + HOUR_MS) as { monitor_id: number; status: Status; latency_ms: number | null }[];
      let start = 0;
      for (let i = 1; i <= rows.length; i++) {
        if (i < rows.length && rows[i]!.monitor_id === rows[start]!.monitor_id) continue;
        rollUp(rows[start]!.monitor_id, hour, rows.slice(start, i));
        start = i;
      }
      outcome.deletedResults += deleteHour.run(hour, hour + HOUR_MS).changes;
    });
  }
  outcome.deletedRollups = c.sql('DELETE FROM rollups_hourly WHERE hour < ?').run(now - policy.rollupsMs).changes;
  return outcome;
}
