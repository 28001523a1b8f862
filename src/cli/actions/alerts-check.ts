/**
 * `trackz check --alert`: the afterRun hook that hands the stored results to the alert engine (one
 * transaction), then returns the delivery to run once the reports are written.
 */
import { alertSettingsFrom } from '../../alerts/alert-settings.js';
import { createAlertEngine } from '../../alerts/alert-engine.js';
import { describeMute } from '../../alerts/mute.js';
import { createLogger, type Logger } from '../../core/log.js';
import { mark } from '../../core/trace.js';
import type { CheckOptions } from './check.js';

export interface AlertHookOptions {
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  now?: () => number;
  log?: Logger;
}

export function alertAfterRun(options: AlertHookOptions = {}): NonNullable<CheckOptions['afterRun']> {
  const log = options.log ?? createLogger('trackz:alerts');
  return async ({ records, storage, config }) => {
    if (!storage) return;
    const settings = alertSettingsFrom(config);
    if (settings.rules.length === 0) {
      log.warn('--alert: the config has no alerts.rules, so nothing can alert');
      return;
    }
    const engine = await createAlertEngine({ settings, storage, now: options.now, log, env: options.env });
    const evaluation = await engine.evaluate(records);
    mark('check: alerts evaluated');
    for (const { event, channels } of evaluation.queued) log.info(`queued ${event.kind} ${event.monitor} (${event.rule}) → ${channels.join(', ')}`);
    for (const { state, mute } of evaluation.muted) log.info(`${state.monitor} (${state.rule}) is ${state.phase}; its message waits: ${describeMute(mute, (ms) => new Date(ms).toISOString())}`);
    if (evaluation.late) log.debug(`${evaluation.late} result(s) older than the alert state (an overlapping run's) were not applied`);
    return async () => {
      await engine.deliver({ signal: options.signal });
      mark('check: alerts delivered');
    };
  };
}
