/**
 * `trackz activity [--site NAME | --agent NAME] [--since 7d] [--json]` as a plain function: the
 * activity reports read from the storage (every site and agent unless one is named).
 */
import { parseDurationFlag } from '../../core/duration.js';
import { UserError } from '../../core/errors.js';
import { activityJobs, findActivityJob } from '../../activity/config/find-target.js';
import type { ActivityJob } from '../../activity/activity-job.js';
import { useColor } from '../../ui/format.js';
import { readmeSection } from '../../ui/readme.js';
import { outputWidth } from '../../ui/width.js';
import { loadConfig } from '../../config/load.js';
import { withStorage } from './with-storage.js';

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
  /** Columns to fit; default COLUMNS or the terminal's (none for a pipe). */
  width?: number;
}

export async function activity(options: ActivityOptions): Promise<string> {
  const sinceMs = parseDurationFlag(options.since ?? '7d', '--since');
  if (options.site && options.agent) throw new UserError('--site and --agent: give one of them (or neither, for every site and agent)');
  const config = await loadConfig(options);
  let jobs: ActivityJob[];
  if (options.site) jobs = [findActivityJob(config, options.site, 'site')];
  else if (options.agent) jobs = [findActivityJob(config, options.agent, 'agent')];
  else jobs = activityJobs(config);
  if (jobs.length === 0) throw new UserError(`the config has no \`sites:\` or \`agents:\`; see ${readmeSection('trackerSites')} to add one`);
  if (options.device && !jobs.every((j) => j.kind === 'agent')) throw new UserError('--device goes with --agent NAME');
  const ifEmpty = (why: string): never => {
    throw new UserError(`no activity stored yet (${why}); run \`trackz import NAME\` or \`trackz check\` first`);
  };
  const { siteReport } = await import('../../activity/views/site-report.js');
  const { agentReport } = await import('../../activity/views/agent-report.js');
  return withStorage(config, { ifEmpty }, async ({ activity }) => {
    const to = options.now ?? Date.now();
    const from = to - sinceMs;
    const reports = [];
    for (const job of jobs) {
      reports.push(
        job.kind === 'site'
          ? await siteReport(activity, { name: job.site.name, domain: job.site.domain, visitorId: job.site.privacy.visitorId }, from, to)
          : await agentReport(activity, job.agent.name, from, to, options.device),
      );
    }
    if (options.json) {
      // Times as ISO strings, like every other JSON trackz prints.
      const json = reports.map((r) => ({ ...r, from: new Date(r.from).toISOString(), to: new Date(r.to).toISOString() }));
      return `${JSON.stringify(json.length === 1 ? json[0] : json, null, 2)}\n`;
    }
    const { renderAgentReport, renderSiteReport } = await import('../../activity/views/render-activity.js');
    const env = options.env ?? process.env;
    const view = { color: options.color ?? useColor(process.stdout, env), width: options.width ?? outputWidth(process.stdout, env) };
    return reports.map((r) => (r.kind === 'site' ? renderSiteReport(r, view) : renderAgentReport(r, view))).join('');
  });
}
