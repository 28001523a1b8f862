/**
 * The fields every monitor has, whatever its type. The type's own fields are validated by its
 * plugin's options schema; together they must account for every key.
 */
import * as v from 'valibot';
import { entityName, flag, integer, list, nonEmptyText, positiveTimerDuration, text, timerDuration } from './fields.js';

export const monitorCommonEntries = {
  name: entityName('monitor'),
  type: v.pipe(v.string('expected a check type such as uptime, ssl or tcp'), v.description('The check type: a built-in (uptime, ssl, tcp, …) or one from `plugins:`.')),
  description: v.optional(text('Free text shown in detail views.')),
  tags: v.optional(list(nonEmptyText('A tag.'), 'Labels for selecting monitors: `trackz check --tag web`.'), []),
  enabled: v.optional(flag('Set to false to keep a monitor in the file without running it.'), true),
  interval: v.optional(positiveTimerDuration('How often trackz watch and trackz serve check it; trackz check runs once per call (default: defaults.interval).')),
  timeout: v.optional(positiveTimerDuration('Time limit for one attempt (default: defaults.timeout).')),
  retries: v.optional(integer(0, 10, 'Extra attempts before the check counts as failed (default: defaults.retries).')),
  retryDelay: v.optional(timerDuration('Wait before the first retry; doubles each time (default: defaults.retryDelay).')),
  dependsOn: v.optional(list(text('A monitor name.'), 'Names of monitors this one depends on: it does not alert while one of them is down.'), []),
};

export const COMMON_MONITOR_KEYS = Object.keys(monitorCommonEntries);

/** Used at run time: the common fields are checked, the rest is left for the plugin. */
export const monitorCommonSchema = v.looseObject(monitorCommonEntries, 'expected a monitor: a mapping with at least `name:` and `type:`');
export type MonitorCommon = v.InferOutput<typeof monitorCommonSchema>;
