/**
 * What each of a monitor's badges says (`/d/<token>/badge/<monitor>.svg`, `…/uptime/<window>.svg`,
 * `…/latency/<window>.svg`, `…/cert.svg`, and the same as shields endpoint JSON). Render the spec with
 * renderBadge or renderBadgeEndpoint. Colours use the dashboard's bands (status-words.ts).
 */
import type { BadgeSpec } from './badge.js';
import type { DashboardMonitor, UptimeWindow } from './dashboard-data.js';
import { BADGE_COLORS, BADGE_WORDS, certStatus, shownStatus, uptimeColor } from './status-words.js';
import { certText, latencyText, percentText } from './view-format.js';

const NO_DATA = BADGE_WORDS.nodata;

/** label: the monitor's name; message: up, degraded, down, unknown or "no data". */
export function statusBadge(monitor: Pick<DashboardMonitor, 'name' | 'now'>): BadgeSpec {
  const status = shownStatus(monitor);
  return { label: monitor.name, message: BADGE_WORDS[status], color: BADGE_COLORS[status] };
}

/** "uptime 30d | 99.95%"; green from 99.9, yellow from 99, red below. */
export function uptimeBadge(monitor: Pick<DashboardMonitor, 'uptime'>, window: UptimeWindow): BadgeSpec {
  const percent = monitor.uptime[window].percent;
  return { label: `uptime ${window}`, message: percent === null ? NO_DATA : percentText(percent), color: uptimeColor(percent) };
}

/** Latency bands for the badge colour (ms, upper bounds). */
const LATENCY_BANDS: [number, string][] = [
  [200, 'brightgreen'],
  [500, 'green'],
  [1000, 'yellowgreen'],
  [2000, 'yellow'],
  [5000, 'orange'],
];

/** "latency 24h | 120ms": the median over the window, which the server computes (windowStats.p50). */
export function latencyBadge(window: string, medianMs: number | null): BadgeSpec {
  if (medianMs === null || !Number.isFinite(medianMs)) return { label: `latency ${window}`, message: NO_DATA, color: 'lightgrey' };
  const color = LATENCY_BANDS.find(([limit]) => medianMs <= limit)?.[1] ?? 'red';
  return { label: `latency ${window}`, message: latencyText(medianMs), color };
}

/** "certificate | 42 days"; yellow under 30 days, red under 7 or expired. */
export function certBadge(monitor: Pick<DashboardMonitor, 'cert'>): BadgeSpec {
  const days = monitor.cert?.daysLeft;
  if (days === undefined || !Number.isFinite(days)) return { label: 'certificate', message: NO_DATA, color: 'lightgrey' };
  const color = { up: 'brightgreen', degraded: 'yellow', down: 'red', unknown: 'lightgrey', nodata: 'lightgrey' }[certStatus(days)];
  return { label: 'certificate', message: certText(days), color };
}
