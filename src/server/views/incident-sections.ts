/**
 * The page's incident parts: open incidents (on top, where people look first), maintenance ahead, and
 * the incident history table. Each is a fragment with a fixed id that SSE updates replace, so an empty
 * one is still rendered (hidden) to have something to replace.
 */
import type { DashboardData, DashboardIncident, MaintenanceWindow } from './dashboard-data.js';
import { escapeHtml } from './escape.js';
import { FRAGMENT_IDS } from './fragment-ids.js';
import { timeTag } from './time-tag.js';
import { durationText, utcText } from './view-format.js';

/** Rows of history the page shows; the feed and status.json carry their own limits. */
export const HISTORY_ROWS = 50;

const KIND_WORDS = { down: 'Down', degraded: 'Degraded' } as const;

function openNotice(incident: DashboardIncident, now: number): string {
  const ack = incident.acknowledged ? ' · acknowledged' : '';
  const message = incident.message ? `<p class="muted">${escapeHtml(incident.message)}</p>` : '';
  return (
    `<div class="notice s-${incident.kind}"><p><strong>${escapeHtml(incident.monitor)}</strong> ` +
    `<span class="tag">${KIND_WORDS[incident.kind]}</span> since ${timeTag(incident.startedAt, false)} ` +
    `(${durationText(now - incident.startedAt)})${ack}</p>${message}</div>`
  );
}

export function renderOpenIncidents(data: DashboardData): string {
  const id = FRAGMENT_IDS.openIncidents;
  if (data.openIncidents.length === 0) return `<section id="${id}" hidden></section>`;
  const notices = data.openIncidents.map((incident) => openNotice(incident, data.generatedAt)).join('');
  return `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">Open incidents</h2>${notices}</section>`;
}

function maintenanceNotice(window: MaintenanceWindow, now: number): string {
  const underWay = window.startsAt <= now && now < window.endsAt;
  const when = underWay
    ? `<span class="tag">Under way</span> until ${utcText(window.endsAt)}`
    : `${utcText(window.startsAt)} – ${utcText(window.endsAt)}`;
  const reason = window.reason ? `<p class="muted">${escapeHtml(window.reason)}</p>` : '';
  const monitors = window.monitors.map(escapeHtml).join(', ');
  return `<div class="notice s-${underWay ? 'degraded' : 'nodata'}"><p><strong>${monitors}</strong> · ${when}</p>${reason}</div>`;
}

export function renderMaintenance(data: DashboardData): string {
  const id = FRAGMENT_IDS.maintenance;
  const ahead = data.maintenance.filter((window) => window.endsAt > data.generatedAt);
  if (ahead.length === 0) return `<section id="${id}" hidden></section>`;
  const notices = ahead.map((window) => maintenanceNotice(window, data.generatedAt)).join('');
  return `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">Scheduled maintenance</h2>${notices}</section>`;
}

function historyRow(incident: DashboardIncident, now: number): string {
  const ended = incident.endedAt === null ? '<span class="muted">ongoing</span>' : utcText(incident.endedAt);
  const duration = durationText((incident.endedAt ?? now) - incident.startedAt);
  return (
    `<tr><td>${escapeHtml(incident.monitor)}</td><td class="tag s-${incident.kind}">${KIND_WORDS[incident.kind]}</td>` +
    `<td>${utcText(incident.startedAt)}</td><td class="hide-s">${ended}</td><td>${duration}</td>` +
    `<td class="hide-s">${incident.acknowledged ? 'yes' : 'no'}</td></tr>`
  );
}

export function renderHistory(data: DashboardData): string {
  const id = FRAGMENT_IDS.history;
  const rows = data.incidentHistory.slice(0, HISTORY_ROWS);
  const body =
    rows.length === 0
      ? '<p class="muted">No incidents recorded.</p>'
      : `<div class="scroll"><table><thead><tr><th>Monitor</th><th>Kind</th><th>Started</th><th class="hide-s">Ended</th>` +
        `<th>Duration</th><th class="hide-s">Acknowledged</th></tr></thead><tbody>` +
        rows.map((incident) => historyRow(incident, data.generatedAt)).join('') +
        `</tbody></table></div>`;
  return `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">Incident history</h2>${body}</section>`;
}
