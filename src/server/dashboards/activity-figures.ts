/**
 * A dashboard's activity cards (its `sites:` and `agents:`): each site's last 7 days (visitors, page
 * views, top pages, referrers, countries) and each agent's active time and top apps over its
 * devices, read through the same reports `trackz activity` prints. An agent's report streams a week
 * of events, so the cards are kept for a minute instead of being read again on every new result.
 * A site with `heatmaps: true` and heatmap data gets its most-clicked page, which the page's route
 * turns into the card's "Heatmap" link under the request's own token (withHeatmapLinks).
 */
import type { LoadedConfig } from '../../config/load.js';
import type { ActivityPort } from '../../storage/ports/activity.js';
import type { AgentActivity, DashboardData, SiteActivity } from '../views/dashboard-data.js';
import type { HeatmapReads } from './heatmap-reads.js';
import { heatmapViewUrl } from './heatmap-route.js';
import type { ResolvedDashboard } from './resolve.js';

const WINDOW = '7d';
const WINDOW_MS = 7 * 86_400_000;
const KEEP_MS = 60_000;
const TOP = 5;

export interface ActivityCardsData {
  sites?: SiteActivity[];
  agents?: AgentActivity[];
}

export class ActivityFigures {
  private readonly kept = new Map<string, { at: number; cards: Promise<ActivityCardsData> }>();

  constructor(
    private readonly activity: ActivityPort,
    private readonly heatmaps: HeatmapReads,
  ) {}

  cards(config: LoadedConfig, dashboard: ResolvedDashboard, now: number): Promise<ActivityCardsData> {
    if (dashboard.sites.length === 0 && dashboard.agents.length === 0) return Promise.resolve({});
    const key = `${dashboard.name}\0${dashboard.sites.join(',')}\0${dashboard.agents.join(',')}`;
    const entry = this.kept.get(key);
    if (entry && now - entry.at < KEEP_MS) return entry.cards;
    const fresh = { at: now, cards: this.read(config, dashboard, now) };
    this.kept.set(key, fresh);
    fresh.cards.catch(() => {
      if (this.kept.get(key) === fresh) this.kept.delete(key);
    });
    return fresh.cards;
  }

  private async read(config: LoadedConfig, dashboard: ResolvedDashboard, now: number): Promise<ActivityCardsData> {
    const { activityJobs } = await import('../../activity/config/find-target.js');
    const { siteReport } = await import('../../activity/views/site-report.js');
    const { agentReport } = await import('../../activity/views/agent-report.js');
    const jobs = activityJobs(config);
    const from = now - WINDOW_MS;
    const sites: SiteActivity[] = [];
    for (const name of dashboard.sites) {
      const job = jobs.find((j) => j.kind === 'site' && j.site.name === name);
      if (job?.kind !== 'site') continue;
      const report = await siteReport(this.activity, { name, domain: job.site.domain, visitorId: job.site.privacy.visitorId }, from, now);
      const [top] = job.site.heatmaps ? await this.heatmaps.pages(name, now) : [];
      sites.push({
        name,
        window: WINDOW,
        // A site that keeps nothing per visitor (visitorId: none) has no visitor count: its page views still show.
        visitors: report.visitors ?? 0,
        pageViews: report.pageViews,
        topPages: report.topPages.slice(0, TOP).map((p) => ({ label: p.path, count: p.views })),
        referrers: report.referrers.slice(0, TOP).map((r) => ({ label: r.host, count: r.views })),
        countries: report.countries.slice(0, TOP).map((c) => ({ label: c.country, count: c.visitors || c.views })),
        heatmapPage: top ? { path: top.path, width: top.widths[0]!.width } : null,
      });
    }
    const agents: AgentActivity[] = [];
    for (const name of dashboard.agents) {
      const report = await agentReport(this.activity, name, from, now);
      const apps = new Map<string, number>();
      for (const device of report.devices) for (const app of device.topApps) apps.set(app.app, (apps.get(app.app) ?? 0) + app.ms);
      agents.push({
        name,
        window: WINDOW,
        activeMs: report.devices.reduce((sum, device) => sum + device.activeMs, 0),
        topApps: [...apps].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([label, count]) => ({ label, count })),
      });
    }
    return { ...(dashboard.sites.length ? { sites } : {}), ...(dashboard.agents.length ? { agents } : {}) };
  }
}

/**
 * The cards' heatmap links under this request's link (`base` is `/d/<token>`). Gathered data is shared
 * per dashboard (snapshots, SSE) and never holds a token, so the link is added per page request, and
 * only where the view answers now (`shows`: the cards are kept a minute, a reload may turn heatmaps off).
 */
export function withHeatmapLinks(data: DashboardData, base: string, shows: (site: string) => boolean): DashboardData {
  const linked = (site: SiteActivity) => Boolean(site.heatmapPage) && shows(site.name);
  if (!data.sites?.some(linked)) return data;
  return { ...data, sites: data.sites.map((site) => (linked(site) ? { ...site, heatmapUrl: heatmapViewUrl(base, site.name, site.heatmapPage!) } : site)) };
}
