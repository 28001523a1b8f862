/**
 * `sites:` and `agents:` become checks of type `activity`, one per entry, named `site:<name>` and
 * `agent:<name>`, so `trackz check` (and later `watch`/`serve`) refresh activity like any monitor and
 * alerts can name them. Also the cross-references the schema cannot see: unique names within each
 * section, and no clash with a monitor's name. Loaded only by configs that have these sections.
 */
import type { ConfigIssue } from '../../core/errors.js';
import type { Monitor } from '../../core/monitor.js';
import type { AgentConfig, SiteConfig } from '../../config/schema/activity.js';
import type { RootConfig } from '../../config/schema/root.js';
import { storageTarget } from '../../config/storage-target.js';
import type { StorageOptions } from '../../storage/ports/index.js';
import { foldName } from '../../config/suggest.js';
import { locate, type YamlSource } from '../../config/yaml-source.js';
import type { OptionCatalog } from '../../config/option-catalog.js';
import { activityMonitorName, type ActivityJob } from '../activity-job.js';

export interface ActivityMonitorsInput {
  /** The raw document (for names even when the schema failed). */
  data: Record<string, unknown>;
  /** The validated document, when it validated. */
  root: RootConfig | undefined;
  source: YamlSource;
  file: string;
  dir: string;
  catalog: OptionCatalog;
  /** Monitors built so far; the activity ones are appended. */
  monitors: Monitor[];
  /** Monitor names (→ index under monitors:); the activity names are added with index -1. */
  monitorNames: Map<string, number>;
}

type Section = 'sites' | 'agents';
const KIND: Record<Section, ActivityJob['kind']> = { sites: 'site', agents: 'agent' };

export async function addActivityMonitors(input: ActivityMonitorsInput): Promise<ConfigIssue[]> {
  const { data, source, file } = input;
  const issues: ConfigIssue[] = [];
  // Compared as monitor names are: whatever their case (src/config/load.ts).
  const taken = new Map<string, number>([...input.monitorNames].map(([name, index]) => [foldName(name), index]));
  for (const section of ['sites', 'agents'] as const) {
    const entries = Array.isArray(data[section]) ? (data[section] as unknown[]) : [];
    const seen = new Map<string, number>();
    for (const [index, entry] of entries.entries()) {
      const name = (entry as { name?: unknown } | null)?.name;
      if (typeof name !== 'string') continue;
      const at = { file, ...locate(source, [section, index, 'name']) };
      const first = seen.get(foldName(name));
      if (first !== undefined) {
        const firstName = (entries[first] as { name: string }).name;
        const where = `${section}[${first}] (line ${locate(source, [section, first, 'name']).line})`;
        const message = `${section}[${index}].name: duplicate ${KIND[section]} name "${name}"`;
        issues.push(
          firstName === name
            ? { ...at, message, hint: `${where} already uses it; names must be unique` }
            : { ...at, message: `${message}: ${where} is "${firstName}", which differs only in case`, hint: 'names must be unique whatever their case (they become file names and URLs); rename one of them' },
        );
        continue;
      }
      seen.set(foldName(name), index);
      const checkName = activityMonitorName(KIND[section], name);
      const monitorIndex = taken.get(foldName(checkName));
      if (monitorIndex !== undefined && monitorIndex >= 0) {
        issues.push({
          ...at,
          message: `${section}[${index}].name: the ${KIND[section]} "${name}" is checked as "${checkName}", which monitors[${monitorIndex}] (line ${locate(source, ['monitors', monitorIndex, 'name']).line}) already uses`,
          hint: 'rename the monitor or the ' + KIND[section],
        });
      }
      taken.set(foldName(checkName), -1);
    }
  }
  if (issues.length || !input.root) return issues;

  const root = input.root;
  const plugin = await input.catalog.entry('activity');
  const storage: StorageOptions = { target: storageTarget(root.storage, input.dir), workspace: root.workspace };
  const defaults = root.defaults;
  const add = (section: Section, index: number, config: SiteConfig | AgentConfig, job: ActivityJob) => {
    const name = activityMonitorName(KIND[section], config.name);
    input.monitors.push({
      name,
      type: 'activity',
      description: config.description,
      tags: config.tags,
      enabled: config.enabled,
      intervalMs: config.interval ?? defaults.interval,
      timeoutMs: config.timeout ?? Math.max(defaults.timeout, plugin?.defaultTimeoutMs ?? 0),
      // A failed import is retried by the next run, which continues from its cursor.
      retries: 0,
      retryDelayMs: defaults.retryDelay,
      dependsOn: [],
      options: job,
      location: { file, ...locate(input.source, [section, index]) },
    });
    input.monitorNames.set(name, -1);
  };
  // A beacon-only site (no `logs:`) is a check too: its import reads nothing but applies retention.
  for (const [index, site] of (root.sites ?? []).entries()) add('sites', index, site, { kind: 'site', site, storage, configDir: input.dir, geo: root.geo });
  for (const [index, agent] of (root.agents ?? []).entries()) add('agents', index, agent, { kind: 'agent', agent, storage, configDir: input.dir });
  return issues;
}
