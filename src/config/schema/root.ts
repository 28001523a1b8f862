/**
 * The top level of trackz.config.yaml. Each section is its own small schema; later sections
 * (sites, agents, alerts, dashboards, serve) are added to `rootEntries` beside these.
 */
import * as v from 'valibot';
import type { AccountsConfig } from './accounts.js';
import type { AgentConfig, SiteConfig } from './activity.js';
import type { AlertsConfig } from './alerts.js';
import type { DashboardConfig, ServeConfig } from './dashboards.js';
import { duration, integer, list, nonEmptyText, positiveTimerDuration, postgresUrl, text, timerDuration } from './fields.js';
import { geoSchema } from './geo.js';
import { monitorCommonSchema } from './monitor.js';

export const storageSchema = v.pipe(
  v.strictObject({
    path: v.optional(nonEmptyText('SQLite file, relative to the config file. Default: .trackz/trackz.db (when `url` is not given)')),
    url: v.optional(
      postgresUrl('PostgreSQL instead of a SQLite file: postgres://user:password@host:5432/database, or ${DATABASE_URL}. Each workspace gets its own schema in it.'),
    ),
    retention: v.optional(
      v.pipe(
        v.strictObject({
          results: v.optional(duration('Keep raw results this long, then keep hourly roll-ups only. Default: 90d'), '90d'),
          rollups: v.optional(duration('Keep hourly roll-ups this long. Default: 400d'), '400d'),
        }),
        v.description('How long data is kept.'),
      ),
      {},
    ),
  }),
  v.forward(
    v.partialCheck([['path'], ['url']], (storage) => storage.path === undefined || storage.url === undefined, 'give storage.path (a SQLite file) or storage.url (PostgreSQL), not both'),
    ['url'],
  ),
  v.description('Where results are stored: a SQLite file (the default) or a PostgreSQL database.'),
);

export const defaultsSchema = v.pipe(
  v.strictObject({
    interval: v.optional(positiveTimerDuration('Default time between checks for trackz watch and trackz serve (trackz check runs once per call). Default: 60s'), '60s'),
    timeout: v.optional(positiveTimerDuration('Default time limit for one attempt. Default: 10s'), '10s'),
    retries: v.optional(integer(0, 10, 'Default extra attempts before a check counts as failed. Default: 0'), 0),
    retryDelay: v.optional(timerDuration('Default wait before the first retry (doubles each retry). Default: 1s'), '1s'),
  }),
  v.description('Defaults for every monitor.'),
);

export const rootEntries = {
  $schema: v.optional(text('Path or URL of the JSON Schema, for editors.')),
  workspace: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "expected a workspace name: letters, digits, '.', '_' or '-'"), v.description('A name for this set of monitors; shown in reports and alerts.')),
    'default',
  ),
  storage: v.optional(storageSchema, {}),
  defaults: v.optional(defaultsSchema, {}),
  monitors: v.optional(list(monitorCommonSchema, 'The checks to run.'), []),
  // Owned by optional boxes: checked in full by SECTION_SCHEMAS, only when the file has them.
  sites: v.optional(v.unknown()),
  agents: v.optional(v.unknown()),
  alerts: v.optional(v.unknown()),
  dashboards: v.optional(v.unknown()),
  serve: v.optional(v.unknown()),
  accounts: v.optional(v.unknown()),
  geo: v.optional(geoSchema, {}),
  plugins: v.optional(list(nonEmptyText('A plugin.', 'expected a path (./my-plugin.js) or a package name'), 'Third-party check types: paths relative to this file, or package names.'), []),
};

export const rootSchema = v.strictObject(rootEntries, 'the top level must be a mapping (key: value pairs)');

/**
 * Sections owned by optional boxes. Their schemas live with those boxes and are imported only when a
 * file has the section: a config without alerts or sites never loads the alerts schema (~2.5 ms) or
 * the access-log format parser the sites schema validates with (~5 ms), measured on every `check`.
 * They are still validated in full, with the same positions and hints, and are in the JSON Schema.
 */
export const SECTION_SCHEMAS = {
  sites: async (): Promise<v.GenericSchema> => (await import('./activity.js')).activityRootEntries.sites,
  agents: async (): Promise<v.GenericSchema> => (await import('./activity.js')).activityRootEntries.agents,
  alerts: async (): Promise<v.GenericSchema> => (await import('./alerts.js')).alertsEntry,
  dashboards: async (): Promise<v.GenericSchema> => (await import('./dashboards.js')).dashboardsEntry,
  serve: async (): Promise<v.GenericSchema> => (await import('./dashboards.js')).serveEntry,
  accounts: async (): Promise<v.GenericSchema> => (await import('./accounts.js')).accountsEntry,
};
export type SectionKey = keyof typeof SECTION_SCHEMAS;

/** The validated document. An optional section is present only when the file has it. */
export type RootConfig = Omit<v.InferOutput<typeof rootSchema>, SectionKey> & {
  sites?: SiteConfig[];
  agents?: AgentConfig[];
  alerts?: AlertsConfig;
  dashboards?: DashboardConfig[];
  serve?: ServeConfig;
  accounts?: AccountsConfig;
};
