/**
 * The top level of trackz.config.yaml. Each section is its own small schema; later sections
 * (sites, agents, alerts, dashboards) are added to `rootEntries` beside these.
 */
import * as v from 'valibot';
import { activityRootEntries } from './activity.js';
import { alertsSchema } from './alerts.js';
import { duration, integer, list, nonEmptyText, text } from './fields.js';
import { monitorCommonSchema } from './monitor.js';

export const storageSchema = v.pipe(
  v.strictObject({
    path: v.optional(nonEmptyText('SQLite file, relative to the config file. Default: .trackz/trackz.db'), '.trackz/trackz.db'),
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
  v.description('Where results are stored.'),
);

export const defaultsSchema = v.pipe(
  v.strictObject({
    interval: v.optional(duration('Default time between checks in watch/serve. Default: 60s'), '60s'),
    timeout: v.optional(duration('Default time limit for one attempt. Default: 10s'), '10s'),
    retries: v.optional(integer(0, 10, 'Default extra attempts before a check counts as failed. Default: 0'), 0),
    retryDelay: v.optional(duration('Default wait before the first retry (doubles each retry). Default: 1s'), '1s'),
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
  ...activityRootEntries,
  alerts: v.optional(alertsSchema, {}),
  plugins: v.optional(list(nonEmptyText('A plugin.', 'expected a path (./my-plugin.js) or a package name'), 'Third-party check types: paths relative to this file, or package names.'), []),
};

export const rootSchema = v.strictObject(rootEntries, 'the top level must be a mapping (key: value pairs)');
export type RootConfig = v.InferOutput<typeof rootSchema>;
