/**
 * What each status is called and coloured on the dashboard, the badges and the overall banner, in
 * one place so the page, status.json and the badges never disagree.
 */
import { worstOf, type Status } from '../../core/result.js';
import type { DashboardMonitor } from './dashboard-data.js';

/** A monitor's state on the dashboard: a check status, or no result yet. */
export type ShownStatus = Status | 'nodata';

export const STATUS_WORDS: Record<ShownStatus, string> = {
  up: 'Operational',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'Unknown',
  nodata: 'No data yet',
};

/** Lower-case words for badges ("up", "down"…), the way shields' own status badges read. */
export const BADGE_WORDS: Record<ShownStatus, string> = {
  up: 'up',
  degraded: 'degraded',
  down: 'down',
  unknown: 'unknown',
  nodata: 'no data',
};

/** shields.io named colours, so badge and endpoint JSON mean the same thing. */
export const BADGE_COLORS: Record<ShownStatus, string> = {
  up: 'brightgreen',
  degraded: 'yellow',
  down: 'red',
  unknown: 'lightgrey',
  nodata: 'lightgrey',
};

export function shownStatus(monitor: Pick<DashboardMonitor, 'now'>): ShownStatus {
  return monitor.now ? monitor.now.status : 'nodata';
}

/** The whole dashboard: the worst current status; no data anywhere reads "nodata". */
export function overallStatus(monitors: readonly Pick<DashboardMonitor, 'now'>[]): ShownStatus {
  const statuses = monitors.flatMap((m) => (m.now ? [m.now.status] : []));
  return statuses.length === 0 ? 'nodata' : worstOf(statuses);
}

export const OVERALL_HEADLINES: Record<ShownStatus, string> = {
  up: 'All systems operational',
  degraded: 'Degraded performance',
  down: 'Outage',
  unknown: 'Some checks could not run',
  nodata: 'No data yet',
};

/** A daily bar's colour class from its uptime: the thresholds Upptime and Statuspage readers expect. */
export function dayBand(percent: number | null): 'n' | 'u' | 'w' | 'x' {
  if (percent === null) return 'n';
  if (percent >= 99.9) return 'u';
  if (percent >= 99) return 'w';
  return 'x';
}

/** An uptime figure's badge colour: the same bands. */
export function uptimeColor(percent: number | null): string {
  return { n: 'lightgrey', u: 'brightgreen', w: 'yellow', x: 'red' }[dayBand(percent)];
}

/** Days left on a certificate: the ssl check's usual budgets (30 days degraded, 7 down). */
export function certStatus(daysLeft: number): ShownStatus {
  return daysLeft >= 30 ? 'up' : daysLeft >= 7 ? 'degraded' : 'down';
}
