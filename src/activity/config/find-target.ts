/** Which site or agent a command names: `blog`, or `site:blog` / `agent:laptops` when both exist. */
import type { LoadedConfig } from '../../config/load.js';
import { didYouMean } from '../../config/suggest.js';
import { UserError } from '../../core/errors.js';
import type { ActivityJob } from '../activity-job.js';

export function activityJobs(config: LoadedConfig): ActivityJob[] {
  return config.monitors.filter((m) => m.type === 'activity').map((m) => m.options as ActivityJob);
}

export function findActivityJob(config: LoadedConfig, name: string, kind?: ActivityJob['kind']): ActivityJob {
  const jobs = activityJobs(config);
  const prefixed = /^(site|agent):(.+)$/.exec(name);
  const wantKind = (prefixed?.[1] as ActivityJob['kind'] | undefined) ?? kind;
  const wantName = prefixed?.[2] ?? name;
  const matches = jobs.filter((job) => (job.kind === 'site' ? job.site.name : job.agent.name) === wantName && (!wantKind || job.kind === wantKind));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new UserError(`"${name}" is both a site and an agent; say site:${wantName} or agent:${wantName}`);
  const known = jobs.map((job) => (job.kind === 'site' ? job.site.name : job.agent.name));
  const what = wantKind ?? 'site or agent';
  if (known.length === 0) throw new UserError(`no ${what} named "${wantName}": the config has no \`sites:\` or \`agents:\``);
  const hint = didYouMean(wantName, known);
  throw new UserError(`no ${what} named "${wantName}"${hint ? ` (${hint})` : ''}; known: ${known.join(', ')}`);
}
