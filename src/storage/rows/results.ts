/** Result rows as both backends read them (monitor name and type joined in), and the StoredResult they become. */
import type { Status } from '../../core/result.js';
import type { StoredResult } from '../ports/results.js';

export interface ResultRow {
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

export const RESULT_COLUMNS = 'r.id, m.name AS monitor, m.type, r.ts, r.status, r.latency_ms, r.duration_ms, r.attempts, r.message, r.metrics, r.assertions, r.details';

export function toStored(row: ResultRow): StoredResult {
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
