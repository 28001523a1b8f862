/**
 * `/d/<token>/status.json`: the dashboard as a documented, stable machine format (`"version": 1`, like
 * the JSON report: fields are only ever added within a version; see docs/dashboard-views.md). The state
 * now, uptime windows, certificate days, Lighthouse scores, incidents and maintenance, and the activity
 * cards' aggregate figures (sites and agents the dashboard lists); the 90 daily bars and latency points
 * stay on the page (they would make this, the most requested path, ten times larger).
 */
import { VERSION } from '../../core/version.js';
import { UPTIME_WINDOWS, type AgentActivity, type CountedItem, type DashboardData, type DashboardIncident, type DashboardMonitor, type SiteActivity } from './dashboard-data.js';
import { overallStatus, shownStatus } from './status-words.js';
import { isoText } from './view-format.js';

export const STATUS_JSON_VERSION = 1;
/** Closed incidents listed (newest first). */
export const STATUS_JSON_HISTORY = 20;

const iso = (ts: number | null | undefined): string | null => (ts === null || ts === undefined ? null : isoText(ts));
const round = (n: number | null | undefined, places: number): number | null =>
  n === null || n === undefined || !Number.isFinite(n) ? null : Math.round(n * 10 ** places) / 10 ** places;

function monitorJson(monitor: DashboardMonitor) {
  const uptime: Record<string, number | null> = {};
  const approximate: string[] = [];
  for (const window of UPTIME_WINDOWS) {
    uptime[window] = round(monitor.uptime[window].percent, 3);
    if (monitor.uptime[window].approximate) approximate.push(window);
  }
  return {
    name: monitor.name,
    type: monitor.type,
    description: monitor.description ?? null,
    /** up, degraded, down, unknown, or "nodata" before the first result. */
    status: shownStatus(monitor),
    message: monitor.now?.message ?? null,
    checkedAt: iso(monitor.now?.checkedAt),
    latencyMs: round(monitor.now?.latencyMs, 1),
    uptime,
    /** The windows whose figure comes partly from hourly roll-ups. */
    uptimeApproximate: approximate,
    certDaysLeft: monitor.cert ? round(monitor.cert.daysLeft, 1) : null,
    lighthouse: monitor.lighthouse ? { scores: monitor.lighthouse.scores, vitals: monitor.lighthouse.vitals, auditedAt: iso(monitor.lighthouse.auditedAt) } : null,
    openIncident: monitor.openIncident ? { kind: monitor.openIncident.kind, since: iso(monitor.openIncident.since) } : null,
  };
}

function incidentJson(incident: DashboardIncident) {
  return {
    id: incident.id,
    monitor: incident.monitor,
    kind: incident.kind,
    startedAt: iso(incident.startedAt),
    endedAt: iso(incident.endedAt),
    durationMs: incident.endedAt === null ? null : incident.endedAt - incident.startedAt,
    acknowledged: incident.acknowledged,
    message: incident.message ?? null,
  };
}

const counted = (items: readonly CountedItem[], key: string) => items.map((item) => ({ [key]: item.label, count: item.count }));

/** A site card's figures over its window: only aggregates, as on the page. */
function siteJson(site: SiteActivity) {
  return {
    name: site.name,
    window: site.window,
    visitors: site.visitors,
    pageViews: site.pageViews,
    topPages: counted(site.topPages, 'path'),
    referrers: counted(site.referrers, 'host'),
    countries: counted(site.countries, 'country'),
  };
}

/** An agent card's figures: active time and top apps in milliseconds. */
function agentJson(agent: AgentActivity) {
  return { name: agent.name, window: agent.window, activeMs: agent.activeMs, topApps: agent.topApps.map((app) => ({ app: app.label, activeMs: app.count })) };
}

export function statusJson(data: DashboardData) {
  const counts = { total: data.monitors.length, up: 0, degraded: 0, down: 0, unknown: 0, nodata: 0 };
  for (const monitor of data.monitors) counts[shownStatus(monitor)]++;
  return {
    version: STATUS_JSON_VERSION,
    trackz: VERSION,
    title: data.title,
    description: data.description ?? null,
    generatedAt: isoText(data.generatedAt),
    status: overallStatus(data.monitors),
    summary: counts,
    monitors: data.monitors.map(monitorJson),
    incidents: {
      open: data.openIncidents.map(incidentJson),
      recent: data.incidentHistory.filter((incident) => incident.endedAt !== null).slice(0, STATUS_JSON_HISTORY).map(incidentJson),
    },
    maintenance: data.maintenance
      .filter((window) => window.endsAt > data.generatedAt)
      .map((window) => ({ monitors: window.monitors, startsAt: iso(window.startsAt), endsAt: iso(window.endsAt), reason: window.reason ?? null })),
    sites: (data.sites ?? []).map(siteJson),
    agents: (data.agents ?? []).map(agentJson),
  };
}

/** The body of status.json (compact: it is served thousands of times a second). */
export function renderStatusJson(data: DashboardData): string {
  return JSON.stringify(statusJson(data));
}
