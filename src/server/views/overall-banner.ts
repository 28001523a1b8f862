/**
 * The dashboard's overall state: the banner under the title ("All systems operational"), the favicon
 * (a dot in the status colour, so a background tab shows an outage) and the document title. SSE
 * updates replace all three.
 */
import type { DashboardData } from './dashboard-data.js';
import { escapeHtml } from './escape.js';
import { FRAGMENT_IDS } from './fragment-ids.js';
import { timeTag } from './time-tag.js';
import { OVERALL_HEADLINES, overallStatus, shownStatus, type ShownStatus } from './status-words.js';

const ICON_COLORS: Record<ShownStatus, string> = { up: '#1a7f37', degraded: '#bf8700', down: '#cf222e', unknown: '#8250df', nodata: '#8c959f' };

function iconHref(status: ShownStatus): string {
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'><circle cx='8' cy='8' r='7' fill='${ICON_COLORS[status]}'/></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** Precomputed: five statuses, five links. */
const ICON_LINKS = Object.fromEntries(
  (Object.keys(ICON_COLORS) as ShownStatus[]).map((status) => [status, `<link rel="icon" id="${FRAGMENT_IDS.icon}" href="${iconHref(status)}">`]),
) as Record<ShownStatus, string>;

export function renderIcon(data: DashboardData): string {
  return ICON_LINKS[overallStatus(data.monitors)];
}

/** "Acme status · Outage" (the tab shows the state too). */
export function pageTitle(data: DashboardData): string {
  return `${data.title} · ${OVERALL_HEADLINES[overallStatus(data.monitors)]}`;
}

export function renderOverall(data: DashboardData): string {
  const status = overallStatus(data.monitors);
  const counts = { up: 0, degraded: 0, down: 0, unknown: 0, nodata: 0 };
  for (const monitor of data.monitors) counts[shownStatus(monitor)]++;
  const parts = (['down', 'degraded', 'unknown', 'nodata'] as const).filter((s) => counts[s] > 0);
  const words = { down: 'down', degraded: 'degraded', unknown: 'unknown', nodata: 'without data' };
  const total = data.monitors.length;
  const detail =
    total === 0
      ? 'No monitors on this dashboard.'
      : `${total} monitor${total === 1 ? '' : 's'}: ` +
        (parts.length === 0 ? 'all up' : parts.map((s) => `${counts[s]} ${words[s]}`).join(', '));
  return (
    `<section id="${FRAGMENT_IDS.overall}" class="banner s-${status}" aria-live="polite"><span class="dot"></span>` +
    `<strong>${escapeHtml(OVERALL_HEADLINES[status])}</strong><span class="muted">${escapeHtml(detail)}</span>` +
    `<span class="meta">Updated ${timeTag(data.generatedAt)} <span id="live" class="live" hidden></span></span></section>`
  );
}
