/**
 * A site's retention, one definition wherever it runs: the access-log import (`trackz import`, and
 * `trackz check`'s activity check, which also covers beacon-only sites) and `trackz serve`'s beacon
 * collector. Page views and sessions have their age limits and the session cap; the beacon's clicks,
 * scroll depths and custom events are kept exactly as long as page views, so they are pruned whichever
 * of those runs, not only while `serve` does.
 */
import type { SiteConfig } from '../../config/schema/activity.js';
import type { ActivityPort } from '../../storage/ports/activity.js';
import type { HeatmapPort } from '../../storage/ports/heatmaps.js';

export interface SiteRetentionPorts {
  activity: ActivityPort;
  heatmaps: HeatmapPort;
}

/** Applies the site's retention at `now`; returns the rows removed by kind (pageViews, sessions, clicks, scrollDepths, customEvents). */
export async function applySiteRetention(ports: SiteRetentionPorts, siteId: number, site: Pick<SiteConfig, 'privacy'>, now: number): Promise<Record<string, number>> {
  const { retention, maxSessions } = site.privacy;
  const removed = await ports.activity.applySiteRetention(siteId, { pageViewsMs: retention.pageViews, sessionsMs: retention.sessions, maxSessions }, now);
  const beacon = await ports.heatmaps.deleteRecords(siteId, { until: now - retention.pageViews });
  return { ...removed, ...beacon };
}
