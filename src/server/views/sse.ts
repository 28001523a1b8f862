/**
 * The dashboard's live updates over Server-Sent Events (`/d/<token>/events`), version 1.
 *
 * The stream:
 *   1. on connect: `sseOpening()` (a `retry:` telling the browser to reconnect after 3 s, so a page
 *      outlives a server restart), then `renderUpdateEvent(data)` with every fragment, so a page that
 *      reconnects catches up on whatever it missed;
 *   2. on each new result: `renderUpdateEvent(data, { monitors: [name] })`;
 *   3. every ~25 s without events: SSE_KEEPALIVE (a comment; proxies keep the connection open);
 *   4. `renderReloadEvent()` when the dashboard itself changes (monitors added or removed).
 *
 * An `update` event's data is one line of JSON:
 *   { "version": 1, "generatedAt": ISO, "status": overall, "title": document title,
 *     "fragments": [{ "id": element id, "html": its outerHTML }] }
 *
 * Why HTML fragments and not JSON the script applies with textContent: the fragments come from the
 * very renderer (and the one escaping function) that drew the page, so bars, chart, incidents and
 * banner update without a second renderer in the browser that could drift from the first or forget
 * to escape; a live page and a reload show identical markup. The script inserts them through the
 * only Trusted Types policy the CSP allows, and never concatenates markup itself.
 */
import type { DashboardData } from './dashboard-data.js';
import { FRAGMENT_IDS, monitorFragmentId } from './fragment-ids.js';
import { renderHistory, renderMaintenance, renderOpenIncidents } from './incident-sections.js';
import { renderMonitorCard } from './monitor-card.js';
import { pageTitle, renderIcon, renderOverall } from './overall-banner.js';
import { overallStatus } from './status-words.js';
import { isoText } from './view-format.js';

export const SSE_VERSION = 1;
/** How long a browser waits before reconnecting (ms): sent as `retry:` on connect and with every event. */
export const SSE_RETRY_MS = 3000;
/** A comment line: keeps proxies from closing an idle stream; EventSource ignores it. */
export const SSE_KEEPALIVE = ': keep-alive\n\n';
/** The headers of the events response (plus DASHBOARD_HEADERS). */
export const SSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Accel-Buffering': 'no',
});

export interface UpdateFragment {
  id: string;
  html: string;
}

export interface UpdateMessage {
  version: typeof SSE_VERSION;
  generatedAt: string;
  status: string;
  title: string;
  fragments: UpdateFragment[];
}

/** The first bytes of every stream. */
export function sseOpening(): string {
  return `retry: ${SSE_RETRY_MS}\n: trackz dashboard events v${SSE_VERSION}\n\n`;
}

/** One SSE event. `data` must be a single line (JSON.stringify output is). */
function sseEvent(event: string, id: string, data: string): string {
  return `retry: ${SSE_RETRY_MS}\nid: ${id.replace(/[\r\n]/g, '')}\nevent: ${event}\ndata: ${data}\n\n`;
}

/**
 * The fragments that change when monitors get new results: the banner, favicon, incidents and
 * maintenance, and the named monitors' cards (every card when `monitors` is omitted).
 */
export function updateMessage(data: DashboardData, options: { monitors?: readonly string[] } = {}): UpdateMessage {
  const wanted = options.monitors ? new Set(options.monitors) : null;
  const cards = data.monitors
    .filter((monitor) => wanted === null || wanted.has(monitor.name))
    .map((monitor) => ({ id: monitorFragmentId(monitor.name), html: renderMonitorCard(monitor, data.generatedAt) }));
  return {
    version: SSE_VERSION,
    generatedAt: isoText(data.generatedAt),
    status: overallStatus(data.monitors),
    title: pageTitle(data),
    fragments: [
      { id: FRAGMENT_IDS.icon, html: renderIcon(data) },
      { id: FRAGMENT_IDS.overall, html: renderOverall(data) },
      { id: FRAGMENT_IDS.openIncidents, html: renderOpenIncidents(data) },
      { id: FRAGMENT_IDS.maintenance, html: renderMaintenance(data) },
      ...cards,
      { id: FRAGMENT_IDS.history, html: renderHistory(data) },
    ],
  };
}

/** An `update` event as SSE text, ready to write to every open stream of the dashboard. */
export function renderUpdateEvent(data: DashboardData, options: { monitors?: readonly string[] } = {}): string {
  return sseEvent('update', String(data.generatedAt), JSON.stringify(updateMessage(data, options)));
}

/** Tells open pages to reload (the dashboard's monitors changed). */
export function renderReloadEvent(id: string): string {
  return sseEvent('reload', id, '{}');
}
