/**
 * `trackz activity [--site NAME | --agent NAME] [--since 7d] [--json]` as a plain function: the
 * activity reports read from the database (every site and agent unless one is named).
 */
import { existsSync } from 'node:fs';
import { loadConfig } from '../../config/load.js';
import { parseDurationFlag } from '../../core/duration.js';
import { UserError } from '../../core/errors.js';
import { activityJobs, findActivityJob } from '../../activity/config/find-target.js';
import type { ActivityJob } from '../../activity/activity-job.js';
import { useColor } from '../../reporters/format.js';

export interface ActivityOptions {
  configPath?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  site?: string;
  agent?: string;
  device?: string;
  since?: string;
  json?: boolean;
  now?: number;
  color?: boolean;
}

export async function activity(options: ActivityOptions): Promise<string> {
  const sinceMs = parseDurationFlag(options.since ?? '7d', '--since');
  if (options.site && options.agent) throw new UserError('--site and --agent: give one of them (or neither, for every site and agent)');
  const config = await loadConfig(options);
  await config.registry.disposeAll();
  let jobs: ActivityJob[];
  if (options.site) jobs = [findActivityJob(config, options.site, 'site')];
  else if (options.agent) jobs = [findActivityJob(config, options.agent, 'agent')];
  else jobs = activityJobs(config);
  if (jobs.length === 0) throw new UserError('the config has no `sites:` or `agents:`; see the README section "Tracker sites" to add one');
  if (options.device && !jobs.every((j) => j.kind === 'agent')) throw new UserError('--device goes with --agent NAME');
  if (!existsSync(config.storage.path)) throw new UserError(`no activity stored yet (${config.storage.path} does not exist); run \`trackz import NAME\` or \`trackz check\` first`);

  const { openActivityDb } = await import('../../activity/activity-db.js');
  const { siteReport } = await import('../../activity/views/site-report.js');
  const { agentReport } = await import('../../activity/views/agent-report.js');
  const db = await openActivityDb(config.storage.path);
  try {
    const to = options.now ?? Date.now();
    const from = to - sinceMs;
    const reports = jobs.map((job) =>
      job.kind === 'site'
        ? siteReport(db, { name: job.site.name, domain: job.site.domain, visitorId: job.site.privacy.visitorId }, from, to)
        : agentReport(db, job.agent.name, from, to, options.device),
    );
    if (options.json) return `${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`;
    const { renderAgentReport, renderSiteReport } = await import('../../activity/views/render-activity.js');
    const color = options.color ?? useColor(process.stdout, options.env ?? process.env);
    return reports.map((r) => (r.kind === 'site' ? renderSiteReport(r, color) : renderAgentReport(r, color))).join('');
  } finally {
    db.close();
  }
}
