/**
 * `/d/<token>/feed.xml`: the dashboard's incidents as an Atom 1.0 feed (RFC 4287), newest first. One
 * entry per incident; it is `updated` when the incident ends, so feed readers show the recovery.
 * Every value passes escapeHtml (which also drops characters XML cannot hold).
 */
import type { DashboardData, DashboardIncident } from './dashboard-data.js';
import { escapeHtml } from './escape.js';
import { durationText, isoText, utcText } from './view-format.js';

/** Entries in the feed. */
export const FEED_ENTRIES = 50;

export interface IncidentFeedOptions {
  /** A stable IRI naming this dashboard's feed, e.g. `urn:trackz:acme:dashboard:status` (never the token). */
  feedId: string;
  /** The feed's own URL (rel=self) and the dashboard page (rel=alternate), when the server knows them. */
  selfUrl?: string;
  pageUrl?: string;
}

function entryTitle(incident: DashboardIncident): string {
  const what = incident.kind === 'down' ? 'down' : 'degraded';
  if (incident.endedAt === null) return `${incident.monitor} is ${what}`;
  return `${incident.monitor} was ${what} for ${durationText(incident.endedAt - incident.startedAt)} (resolved)`;
}

function entryText(incident: DashboardIncident, now: number): string {
  const lines = [
    `Monitor: ${incident.monitor}`,
    `Kind: ${incident.kind}`,
    `Started: ${utcText(incident.startedAt)}`,
    incident.endedAt === null
      ? `Ongoing for ${durationText(now - incident.startedAt)}`
      : `Ended: ${utcText(incident.endedAt)} (${durationText(incident.endedAt - incident.startedAt)})`,
    `Acknowledged: ${incident.acknowledged ? 'yes' : 'no'}`,
  ];
  if (incident.message) lines.push(`Message: ${incident.message}`);
  return lines.join('\n');
}

/** Open incidents first, then the history, each incident once. */
function feedIncidents(data: DashboardData): DashboardIncident[] {
  const seen = new Set<string>();
  const all: DashboardIncident[] = [];
  for (const incident of [...data.openIncidents, ...data.incidentHistory]) {
    if (seen.has(incident.id)) continue;
    seen.add(incident.id);
    all.push(incident);
  }
  const updated = (i: DashboardIncident): number => i.endedAt ?? i.startedAt;
  return all.sort((a, b) => updated(b) - updated(a)).slice(0, FEED_ENTRIES);
}

function entry(incident: DashboardIncident, options: IncidentFeedOptions, now: number): string {
  const id = `${options.feedId}:incident:${encodeURIComponent(incident.id)}`;
  const link = options.pageUrl ? `<link rel="alternate" type="text/html" href="${escapeHtml(options.pageUrl)}"/>` : '';
  return (
    `<entry><id>${escapeHtml(id)}</id><title type="text">${escapeHtml(entryTitle(incident))}</title>` +
    `<published>${isoText(incident.startedAt)}</published><updated>${isoText(incident.endedAt ?? incident.startedAt)}</updated>` +
    `<category term="${incident.kind}"/>${link}<content type="text">${escapeHtml(entryText(incident, now))}</content></entry>\n`
  );
}

export function renderIncidentFeed(data: DashboardData, options: IncidentFeedOptions): string {
  const incidents = feedIncidents(data);
  const updated = incidents.length ? Math.max(...incidents.map((i) => i.endedAt ?? i.startedAt)) : data.generatedAt;
  const self = options.selfUrl ? `<link rel="self" type="application/atom+xml" href="${escapeHtml(options.selfUrl)}"/>` : '';
  const page = options.pageUrl ? `<link rel="alternate" type="text/html" href="${escapeHtml(options.pageUrl)}"/>` : '';
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n` +
    `<id>${escapeHtml(options.feedId)}</id><title type="text">${escapeHtml(`${data.title}: incidents`)}</title>` +
    `<updated>${isoText(updated)}</updated><author><name>${escapeHtml(data.title)}</name></author>` +
    `<generator uri="https://github.com/trackz/trackz">trackz</generator>${self}${page}\n` +
    incidents.map((incident) => entry(incident, options, data.generatedAt)).join('') +
    `</feed>\n`
  );
}
