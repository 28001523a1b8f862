/**
 * What one activity import needs, as the `activity` check's options carry it: the site or agent as
 * validated from `sites:` / `agents:`, where the database is, and where relative paths start.
 * Plain data only: it is passed to worker threads.
 */
import type { AgentConfig, SiteConfig } from '../config/schema/activity.js';

export type ActivityJob =
  | { kind: 'site'; site: SiteConfig; storagePath: string; configDir: string }
  | { kind: 'agent'; agent: AgentConfig; storagePath: string; configDir: string };

/** The check's name for a site or agent: `site:blog`, `agent:laptops`. */
export function activityMonitorName(kind: ActivityJob['kind'], name: string): string {
  return `${kind}:${name}`;
}

export function jobName(job: ActivityJob): string {
  return job.kind === 'site' ? job.site.name : job.agent.name;
}
