/** The header's counts: each monitor once, paused ones apart (their last status is stale). Pure. */
import type { MonitorRow, MonitorStatus } from './model.js';

export type MonitorCounts = Record<MonitorStatus | 'paused', number> & { total: number };

export function monitorCounts(monitors: readonly MonitorRow[]): MonitorCounts {
  const counts: MonitorCounts = { total: 0, up: 0, degraded: 0, down: 0, unknown: 0, pending: 0, paused: 0 };
  for (const monitor of monitors) {
    counts.total++;
    counts[monitor.paused ? 'paused' : monitor.status]++;
  }
  return counts;
}
