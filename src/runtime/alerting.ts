/**
 * The runtime's side of alerts, one path for every caller: `check --alert`'s cycle and the scheduler
 * both hand stored results to `evaluate` (the engine's one transaction under the alerts lock, so a
 * scheduler beside a cron `check --alert` on the same database never queues a transition twice) and
 * deliver through `deliver` (the outbox's leases, so neither sends one twice). What happens becomes
 * events; what fails becomes an `error` event, never a throw. Imported only when alerts are on: a
 * plain `trackz check` never loads the engine, croner or nodemailer.
 */
import { alertSettingsFrom } from '../alerts/alert-settings.js';
import { createAlertEngine, type AlertEngine } from '../alerts/alert-engine.js';
import { describeMute } from '../alerts/mute.js';
import type { LoadedConfig } from '../config/load.js';
import type { Logger } from '../core/log.js';
import type { CheckRecord } from '../core/result.js';
import { mark } from '../core/trace.js';
import { StorageFullError } from '../storage/errors.js';
import type { Storage } from '../storage/ports/index.js';
import type { EventStream } from './event-stream.js';

export interface AlertingOptions {
  config: LoadedConfig;
  storage: Storage;
  events: EventStream;
  log: Logger;
  now: () => number;
  env?: Record<string, string | undefined>;
}

export interface Alerting {
  /** Applies stored results to the alert states and queues what they call for; resolves to how many notifications were queued. */
  evaluate(records: readonly CheckRecord[]): Promise<number>;
  /** One delivery pass over the outbox, bounded by `delivery.budget`. */
  deliver(signal?: AbortSignal): Promise<void>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What a full disk leaves of an evaluation: its transaction rolled back, so the state is as it was. */
const ALERTS_KEPT = 'the results are stored, and the alert state is as it was before this run (nothing announced, nothing lost). Free some space: the next `trackz check --alert` decides again';

/** The alerting for a config, or undefined (said in the log) when it has no rules to alert by. */
export async function createAlerting(options: AlertingOptions): Promise<Alerting | undefined> {
  const { events, log } = options;
  const settings = alertSettingsFrom(options.config);
  if (settings.rules.length === 0) {
    log.warn('alerts are on, but the config has no alerts.rules, so nothing can alert');
    return undefined;
  }
  const engine: AlertEngine = await createAlertEngine({ settings, storage: options.storage, now: options.now, log, env: options.env });
  return {
    async evaluate(records) {
      if (records.length === 0) return 0;
      try {
        const evaluation = await engine.evaluate(records);
        mark('runtime: alerts evaluated');
        for (const { event, channels } of evaluation.queued) {
          log.info(`queued ${event.kind} ${event.monitor} (${event.rule}) → ${channels.join(', ')}`);
          events.emit({ type: 'alert.transition', event, channels });
        }
        for (const { state, mute } of evaluation.muted) log.info(`${state.monitor} (${state.rule}) is ${state.phase}; its message waits: ${describeMute(mute, (ms) => new Date(ms).toISOString())}`);
        if (evaluation.late) log.debug(`${evaluation.late} result(s) older than the alert state (an overlapping run's) were not applied`);
        return evaluation.queued.length;
      } catch (error) {
        const message = error instanceof StorageFullError ? error.withProgress(ALERTS_KEPT).message : `alerts could not be evaluated: ${messageOf(error)}`;
        events.emit({ type: 'error', phase: 'alerts', message });
        return 0;
      }
    },
    async deliver(signal) {
      try {
        await engine.deliver({
          signal,
          onOutcome: (outcome) => {
            if (outcome.kind === 'sent') events.emit({ type: 'notification.sent', entry: outcome.entry });
            else events.emit({ type: outcome.kind === 'retrying' ? 'notification.retrying' : 'notification.failed', entry: outcome.entry, error: outcome.error });
          },
        });
        mark('runtime: alerts delivered');
      } catch (error) {
        events.emit({ type: 'error', phase: 'deliver', message: `alert delivery stopped: ${messageOf(error)}` });
      }
    },
  };
}
