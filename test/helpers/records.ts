/** CheckRecords for store tests: what the runner hands the store, with only the fields a test cares about. */
import type { CheckRecord, Status } from '../../src/core/result.js';

export function record(monitor: string, startedAt: number, status: Status = 'up', extra: Partial<CheckRecord> = {}): CheckRecord {
  return {
    monitor,
    type: 'uptime',
    tags: [],
    startedAt,
    durationMs: 12,
    attempts: 1,
    status,
    latencyMs: 10,
    message: status === 'up' ? '200 in 10ms' : `it is ${status}`,
    metrics: { total_ms: 10 },
    ...extra,
  };
}
