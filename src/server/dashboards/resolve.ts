/**
 * A dashboard as the server serves it: its `dashboards:` entry resolved against the config's monitors
 * (names in the order written, `tag:NAME` expanded in config order, each monitor once). This list is
 * the whole of what the dashboard's link may show; nothing outside it is read for the dashboard.
 */
import { TAG_PREFIX, type DashboardConfig } from '../../config/schema/dashboards.js';
import type { LoadedConfig } from '../../config/load.js';
import type { Monitor } from '../../core/monitor.js';

export interface ResolvedDashboard {
  name: string;
  title: string;
  description: string | null;
  /** The monitors, in display order. */
  monitors: Monitor[];
  sites: string[];
  agents: string[];
}

export function resolveDashboard(dashboard: DashboardConfig, monitors: readonly Monitor[]): ResolvedDashboard {
  const byName = new Map(monitors.map((m) => [m.name, m]));
  const chosen = new Map<string, Monitor>();
  for (const entry of dashboard.monitors) {
    if (entry.startsWith(TAG_PREFIX)) {
      const tag = entry.slice(TAG_PREFIX.length);
      for (const monitor of monitors) if (monitor.tags.includes(tag) && !chosen.has(monitor.name)) chosen.set(monitor.name, monitor);
    } else {
      const monitor = byName.get(entry);
      if (monitor && !chosen.has(monitor.name)) chosen.set(monitor.name, monitor);
    }
  }
  return {
    name: dashboard.name,
    title: dashboard.title ?? dashboard.name,
    description: dashboard.description ?? null,
    monitors: [...chosen.values()],
    sites: dashboard.sites,
    agents: dashboard.agents,
  };
}

export function resolveDashboards(config: LoadedConfig): Map<string, ResolvedDashboard> {
  return new Map((config.root.dashboards ?? []).map((d) => [d.name, resolveDashboard(d, config.monitors)]));
}

/** Same monitors in the same order: an open page can take updates; otherwise it must reload. */
export function sameLayout(a: ResolvedDashboard, b: ResolvedDashboard): boolean {
  return (
    a.title === b.title &&
    a.description === b.description &&
    a.monitors.length === b.monitors.length &&
    a.monitors.every((m, i) => m.name === b.monitors[i]!.name && m.type === b.monitors[i]!.type && m.description === b.monitors[i]!.description) &&
    a.sites.join('\0') === b.sites.join('\0') &&
    a.agents.join('\0') === b.agents.join('\0')
  );
}
