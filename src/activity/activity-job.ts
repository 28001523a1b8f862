/**
 * What one activity import needs, as the `activity` check's options carry it: the site or agent as
 * validated from `sites:` / `agents:`, which storage to open, and where relative paths start.
 * Plain data only: it is passed to worker threads, which open their own storage with it.
 */
import type { AgentConfig, SiteConfig } from '../config/schema/activity.js';
import type { GeoConfig } from '../config/schema/geo.js';
import type { StorageOptions } from '../storage/ports/index.js';

export type ActivityJob =
  | { kind: 'site'; site: SiteConfig; storage: StorageOptions; configDir: string; geo?: GeoConfig }
  | { kind: 'agent'; agent: AgentConfig; storage: StorageOptions; configDir: string };

/** The check's name for a site or agent: `site:blog`, `agent:laptops`. */
export function activityMonitorName(kind: ActivityJob['kind'], name: string): string {
  return `${kind}:${name}`;
}

export function jobName(job: ActivityJob): string {
  return job.kind === 'site' ? job.site.name : job.agent.name;
}
