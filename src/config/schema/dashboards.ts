/**
 * The `dashboards:` and `serve:` sections: what each shared dashboard shows (its monitors, by name or
 * `tag:NAME`, and optional activity cards), and where `trackz serve` listens. Plus the cross-references
 * the shape alone cannot check (a monitor, tag, site or agent that does not exist, a name used twice),
 * each at its file:line:column with a did-you-mean. Loaded only when a file has one of the sections.
 */
import * as v from 'valibot';
import type { ConfigIssue } from '../../core/errors.js';
import { didYouMean } from '../suggest.js';
import { locate, type YamlSource } from '../yaml-source.js';
import { entityName, hostName, httpUrl, ipRange, list, nonEmptyText, port, text } from './fields.js';

/** A monitor of a dashboard: a name, or `tag:NAME` for every monitor with that tag. */
export const TAG_PREFIX = 'tag:';

export const dashboardSchema = v.strictObject({
  name: entityName('dashboard'),
  title: v.optional(nonEmptyText('The heading and page title. Default: the name.')),
  description: v.optional(text('A line under the title.')),
  monitors: v.pipe(
    list(nonEmptyText('A monitor name, or tag:NAME for every monitor with that tag.'), 'The monitors it shows, in this order: names, or tag:NAME. Only these are visible through its link.'),
    v.minLength(1, 'expected at least one monitor (a name, or tag:NAME)'),
  ),
  sites: v.optional(list(nonEmptyText('A site name.'), 'Tracker sites shown as activity cards (visitors, page views, top pages).'), []),
  agents: v.optional(list(nonEmptyText('An agent name.'), 'Agents shown as activity cards (active time, top apps).'), []),
});

export const dashboardsEntry = v.optional(list(dashboardSchema, 'Dashboards shared read-only through an unguessable link (`trackz dashboard share NAME`).'), []);

/** The shortest metrics token accepted: it is a password. */
export const MIN_METRICS_TOKEN_LENGTH = 16;

export const serveSchema = v.pipe(
  v.strictObject({
    host: v.optional(hostName('The address `trackz serve` listens on. Default: 127.0.0.1 (this machine only); 0.0.0.0 for every interface.'), '127.0.0.1'),
    port: v.optional(port('The TCP port `trackz serve` listens on. Default: 8787'), 8787),
    baseUrl: v.optional(httpUrl('The URL people reach the server at, when it is behind a proxy (https://status.example.com). `trackz dashboard share` prints links under it. Default: http://HOST:PORT')),
    metricsToken: v.optional(
      v.pipe(
        v.string('expected text'),
        v.minLength(MIN_METRICS_TOKEN_LENGTH, `expected a token of at least ${MIN_METRICS_TOKEN_LENGTH} characters (e.g. from \`openssl rand -hex 24\`)`),
        v.description('Lets Prometheus scrape /metrics from other machines with `Authorization: Bearer <token>`; write it as ${ENV_NAME} or ${secret:NAME}. Without it, /metrics answers loopback clients only.'),
      ),
    ),
    trustedProxies: v.optional(
      list(
        ipRange('A reverse proxy in front of `trackz serve`: an address (127.0.0.1, ::1) or a CIDR range (10.0.0.0/8, fd00::/8).'),
        'The reverse proxies (nginx, a load balancer) whose X-Forwarded-For is believed: for a request from one of them, the client is the nearest address in the header that is not a trusted proxy. Default: none, every client is the socket peer and the header is ignored.',
      ),
      [],
    ),
  }),
  v.description('The HTTP server of `trackz serve`: dashboards, badges, /metrics and the API.'),
);

export const serveEntry = v.optional(serveSchema, {});

export type DashboardConfig = v.InferOutput<typeof dashboardSchema>;
export type ServeConfig = v.InferOutput<typeof serveSchema>;

type Raw = Record<string, unknown>;
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asRecord = (value: unknown): Raw | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined);

export interface KnownNames {
  monitors: Iterable<string>;
  /** Every tag some monitor has. */
  tags: Iterable<string>;
  sites: Iterable<string>;
  agents: Iterable<string>;
}

/** The names a dashboard may refer to, from the raw file (a monitor that failed validation still has its name and tags). */
export function knownNames(data: Raw, monitorNames: Iterable<string>, monitors: readonly { tags: readonly string[] }[]): KnownNames {
  const named = (key: string) => asList(data[key]).flatMap((entry) => (typeof asRecord(entry)?.name === 'string' ? [asRecord(entry)!.name as string] : []));
  const rawTags = asList(data.monitors).flatMap((entry) => asList(asRecord(entry)?.tags).filter((tag): tag is string => typeof tag === 'string'));
  return { monitors: monitorNames, tags: [...rawTags, ...monitors.flatMap((m) => m.tags)], sites: named('sites'), agents: named('agents') };
}

/**
 * What the schema cannot see: duplicate dashboard names, monitors, tags, sites and agents that do not
 * exist. Works on the raw data, so these are reported together with the schema's own issues.
 */
export function dashboardsConfigIssues(source: YamlSource, rawDashboards: unknown, known: KnownNames): ConfigIssue[] {
  const file = source.file;
  const issues: ConfigIssue[] = [];
  const monitors = [...known.monitors];
  const monitorSet = new Set(monitors);
  const tags = [...new Set(known.tags)];
  const names = new Map<string, number>();
  for (const [index, raw] of asList(rawDashboards).entries()) {
    const dashboard = asRecord(raw);
    if (!dashboard) continue;
    const at = (...path: (string | number)[]) => ({ file, ...locate(source, ['dashboards', index, ...path]) });
    if (typeof dashboard.name === 'string') {
      const first = names.get(dashboard.name.toLowerCase());
      if (first !== undefined) {
        issues.push({ ...at('name'), message: `dashboards[${index}].name: duplicate dashboard name "${dashboard.name}"`, hint: `dashboards[${first}] already uses it; names must be unique whatever their case` });
      } else names.set(dashboard.name.toLowerCase(), index);
    }
    for (const [j, entry] of asList(dashboard.monitors).entries()) {
      if (typeof entry !== 'string' || entry === '') continue;
      if (entry.startsWith(TAG_PREFIX)) {
        const tag = entry.slice(TAG_PREFIX.length);
        if (tags.includes(tag)) continue;
        issues.push({
          ...at('monitors', j),
          message: `dashboards[${index}].monitors[${j}]: no monitor has the tag "${tag}"`,
          hint: didYouMean(tag, tags) ?? (tags.length ? `tags in use: ${tags.slice(0, 10).join(', ')}` : 'no monitor has any tag yet'),
        });
      } else if (!monitorSet.has(entry)) {
        issues.push({ ...at('monitors', j), message: `dashboards[${index}].monitors[${j}]: no monitor named "${entry}"`, hint: didYouMean(entry, monitors) ?? `write tag:${entry} for the monitors with that tag` });
      }
    }
    for (const kind of ['sites', 'agents'] as const) {
      const existing = [...known[kind]];
      for (const [j, entry] of asList(dashboard[kind]).entries()) {
        if (typeof entry !== 'string' || existing.includes(entry)) continue;
        const what = kind === 'sites' ? 'site' : 'agent';
        issues.push({ ...at(kind, j), message: `dashboards[${index}].${kind}[${j}]: no ${what} named "${entry}"`, hint: didYouMean(entry, existing) ?? (existing.length ? undefined : `declare it under ${kind}:`) });
      }
    }
  }
  return issues;
}
