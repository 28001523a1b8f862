/**
 * A dashboard's gathered data, shared by the requests of a short while: a busy status.json, badge
 * or page otherwise reads every figure of every monitor once per request. Concurrent requests share
 * one gathering; `forget()` (new results published, a reloaded config) makes the next request read
 * again at once, so a cached snapshot is never older than new results, only than the clock (≤ maxAgeMs).
 */
import type { DashboardData } from '../views/dashboard-data.js';

export class SnapshotCache {
  private readonly entries = new Map<string, { at: number; data: Promise<DashboardData> }>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly now: () => number,
  ) {}

  get enabled(): boolean {
    return this.maxAgeMs > 0;
  }

  get(dashboard: string, gather: () => Promise<DashboardData>): Promise<DashboardData> {
    if (!this.enabled) return gather();
    const now = this.now();
    const entry = this.entries.get(dashboard);
    if (entry && now - entry.at < this.maxAgeMs) return entry.data;
    const fresh = { at: now, data: gather() };
    this.entries.set(dashboard, fresh);
    // A failed gathering is not kept: the next request tries again.
    fresh.data.catch(() => {
      if (this.entries.get(dashboard) === fresh) this.entries.delete(dashboard);
    });
    return fresh.data;
  }

  forget(dashboards?: Iterable<string>): void {
    if (!dashboards) return this.entries.clear();
    for (const name of dashboards) this.entries.delete(name);
  }
}
