/**
 * The activity view's data (`a`): per tracker site its visitors, page views and top pages, per agent
 * its active time and top apps (summed over its devices), over the last 24h, from the activity port
 * through the same reports `trackz activity` prints.
 */
import { activityJobs } from '../../activity/config/find-target.js';
import type { LoadedConfig } from '../../config/load.js';
import type { ActivityPort } from '../../storage/ports/index.js';
import type { ActivitySummary, AgentActivity, SiteActivity } from '../../tui/model.js';

const WINDOW_MS = 86_400_000;
const TOP = 5;

export async function loadActivitySummary(config: LoadedConfig, activity: ActivityPort, now = Date.now()): Promise<ActivitySummary> {
  const from = now - WINDOW_MS;
  const sites: SiteActivity[] = [];
  const agents: AgentActivity[] = [];
  const jobs = activityJobs(config);
  if (jobs.length === 0) return { from, to: now, sites, agents };
  const [{ siteReport }, { agentReport }] = await Promise.all([import('../../activity/views/site-report.js'), import('../../activity/views/agent-report.js')]);
  for (const job of jobs) {
    if (job.kind === 'site') {
      const report = await siteReport(activity, { name: job.site.name, domain: job.site.domain, visitorId: job.site.privacy.visitorId }, from, now);
      sites.push({ name: report.site, visitors: report.visitors ?? 0, pageViews: report.pageViews, topPages: report.topPages.slice(0, TOP).map((p) => ({ path: p.path, views: p.views })) });
    } else {
      const report = await agentReport(activity, job.agent.name, from, now);
      const apps = new Map<string, number>();
      for (const device of report.devices) for (const app of device.topApps) apps.set(app.app, (apps.get(app.app) ?? 0) + app.ms);
      agents.push({
        name: report.agent,
        activeMs: report.devices.reduce((sum, d) => sum + d.activeMs, 0),
        topApps: [...apps].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([app, activeMs]) => ({ app, activeMs })),
      });
    }
  }
  return { from, to: now, sites, agents };
}
