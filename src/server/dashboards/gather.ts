/**
 * Reads what one dashboard shows from the storage ports, for its own monitors only (the resolved
 * list is the whole of what is read), into the views' DashboardData.
 */
import type { Storage } from '../../storage/ports/index.js';
import type { Incident } from '../../storage/ports/incidents.js';
import type { StoredResult } from '../../storage/ports/results.js';
import type { DashboardData, DashboardIncident, DashboardMonitor } from '../views/dashboard-data.js';
import type { MonitorFigures } from './monitor-figures.js';
import type { ResolvedDashboard } from './resolve.js';

const HISTORY = 50;

export function dashboardIncident(incident: Incident): DashboardIncident {
  return {
    id: `${incident.monitor}/${incident.rule}/${incident.number}`,
    monitor: incident.monitor,
    kind: incident.kind,
    startedAt: incident.startedAt,
    endedAt: incident.endedAt,
    message: incident.message,
    acknowledged: incident.acknowledgedAt !== null,
  };
}

export async function gatherDashboard(dashboard: ResolvedDashboard, storage: Storage, figures: MonitorFigures, now: number): Promise<DashboardData> {
  const names = dashboard.monitors.map((m) => m.name);
  const latest = new Map<string, StoredResult>();
  if (names.length) for (const result of await storage.results.latestResults()) if (names.includes(result.monitor)) latest.set(result.monitor, result);
  const incidents = names.length ? await storage.incidents.list({ monitors: names, limit: HISTORY }) : [];
  const open = names.length ? await storage.incidents.list({ monitors: names, open: true, limit: HISTORY }) : [];
  const silences = (await storage.alerts.activeSilences(now)).filter((s) => names.includes(s.monitor));
  const monitors: DashboardMonitor[] = [];
  for (const monitor of dashboard.monitors) {
    const result = latest.get(monitor.name);
    const set = await figures.figures(monitor.name, now);
    const openOne = open.find((i) => i.monitor === monitor.name);
    const daysLeft = result?.metrics.days_left;
    monitors.push({
      name: monitor.name,
      type: monitor.type,
      description: monitor.description ?? null,
      now: result ? { status: result.status, message: result.message, checkedAt: result.ts, latencyMs: result.latencyMs } : null,
      uptime: set.uptime,
      daily: set.daily,
      latency: set.latency,
      cert: typeof daysLeft === 'number' ? { daysLeft } : null,
      openIncident: openOne ? { since: openOne.startedAt, kind: openOne.kind } : null,
    });
  }
  return {
    title: dashboard.title,
    description: dashboard.description,
    generatedAt: now,
    monitors,
    openIncidents: open.map(dashboardIncident),
    incidentHistory: incidents.filter((i) => i.endedAt !== null).map(dashboardIncident),
    maintenance: silences.map((s) => ({ monitors: [s.monitor], startsAt: s.startsAt, endsAt: s.endsAt, reason: s.reason })),
  };
}
