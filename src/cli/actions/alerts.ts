/**
 * `trackz alerts list|silence|unsilence|test|outbox` as plain functions that return their output.
 * They read and write the same tables `trackz check --alert` uses; none of them runs a check.
 */
import { hostname, userInfo } from 'node:os';
import { alertSettingsFrom, type AlertSettings } from '../../alerts/alert-settings.js';
import { createAlertEngine, type AlertEngine } from '../../alerts/alert-engine.js';
import type { AlertEvent } from '../../alerts/alert-event.js';
import { createChannel } from '../../alerts/channels/index.js';
import { sendWithin } from '../../alerts/delivery.js';
import { deliveryState } from '../../alerts/delivery-state.js';
import type { Mute } from '../../alerts/mute.js';
import type { AlertState } from '../../alerts/alert-state.js';
import { renderAlertStates } from '../../alerts/views/alert-states-view.js';
import { renderOutbox } from '../../alerts/views/outbox-view.js';
import type { LoadedConfig } from '../../config/load.js';
import { didYouMean, noMonitorNamed } from '../../config/suggest.js';
import { DURATION_HINT, formatDuration, parseDurationFlag } from '../../core/duration.js';
import { EXIT_FAILED, EXIT_OK, UserError } from '../../core/errors.js';
import { redact } from '../../privacy/redactor.js';
import { colors, useColor } from '../../ui/format.js';
import { readmeSection } from '../../ui/readme.js';
import { outputWidth } from '../../ui/width.js';
import type { OutboxStatus } from '../../storage/ports/alerts.js';
import type { Storage } from '../../storage/ports/index.js';
import { formatTimestamp } from '../../core/timestamp.js';
import { loadConfig } from '../../config/load.js';
import { withStorage } from './with-storage.js';

export interface AlertsOptions {
  configPath?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  now?: number;
  color?: boolean;
  /** Columns to fit; default COLUMNS or the terminal's (none for a pipe). */
  width?: number;
}

const time = (ms: number | null | undefined) => (ms === null || ms === undefined ? '–' : formatTimestamp(ms));

interface Opened {
  config: LoadedConfig;
  settings: AlertSettings;
  storage: Storage;
  engine: AlertEngine;
}

/** Loads the config (unless given), opens the storage and runs `work`; `ifEmpty` answers a read-only command that finds nothing stored yet. */
async function withAlerts<T>(options: AlertsOptions, ifEmpty: (() => T) | undefined, work: (opened: Opened) => Promise<T>, loaded?: LoadedConfig): Promise<T> {
  const config = loaded ?? (await loadConfig(options));
  return withStorage(config, { ifEmpty }, async (storage) => {
    const settings = alertSettingsFrom(config);
    const engine = await createAlertEngine({ settings, storage, now: options.now === undefined ? undefined : () => options.now! });
    return work({ config, settings, storage, engine });
  });
}

function requireMonitor(config: LoadedConfig, monitor: string): void {
  const names = config.monitors.map((m) => m.name);
  if (!names.includes(monitor)) throw new UserError(noMonitorNamed(monitor, names));
}

/** Open incidents (and anything not at rest) with their state, silences, and the outbox at a glance. */
export async function alertsList(options: AlertsOptions & { all?: boolean; json?: boolean }): Promise<string> {
  const config = await loadConfig(options);
  const rules = alertSettingsFrom(config).rules.length;
  const empty = () => {
    if (options.json) return `${JSON.stringify({ rules, states: [], silences: [], outbox: { pending: 0, delivered: 0, failed: 0 } }, null, 2)}\n`;
    if (rules === 0) return `No alert rules: the config has no \`alerts:\` section with rules, so \`trackz check --alert\` has nothing to send. See ${readmeSection('alerts')}.\n`;
    return 'No alert state yet: run `trackz check --alert` first.\n';
  };
  if (rules === 0) return empty();
  return withAlerts(options, empty, async ({ storage, engine }) => {
    const now = options.now ?? Date.now();
    const rows: { state: AlertState; mute: Mute | undefined; delivery: ReturnType<typeof deliveryState> }[] = [];
    for (const state of await storage.alerts.states()) {
      const mute = await engine.muteFor(state.monitor, now);
      if (!options.all && !(state.phase !== 'ok' || state.notified.phase !== 'ok' || state.streaks.fail.count > 0 || mute)) continue;
      rows.push({ state, mute, delivery: deliveryState(await storage.alerts.outbox({ monitor: state.monitor, limit: 100 }), state.rule) });
    }
    const shown = rows;
    const silences = await storage.alerts.activeSilences(now);
    const outbox = await storage.alerts.outboxCounts();
    if (options.json) {
      const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      return `${JSON.stringify(
        {
          rules,
          states: shown.map(({ state, mute, delivery }) => ({
            monitor: state.monitor,
            rule: state.rule,
            phase: state.phase,
            incident: state.incident,
            since: state.phase === 'ok' ? null : iso(state.since),
            failing: state.streaks.fail.count,
            passing: state.streaks.pass.count,
            lastStatus: state.last?.status ?? null,
            lastError: state.lastError?.message ?? null,
            // What trackz decided to send; `delivery` says what reached the channels.
            notified: { phase: state.notified.phase, incident: state.notified.incident, at: iso(state.notified.at), reminders: state.notified.reminders },
            delivery: {
              latest: delivery.latest && { ...delivery.latest, queuedAt: iso(delivery.latest.queuedAt), channels: delivery.latest.channels.map((d) => ({ ...d, at: iso(d.at) })) },
              lastDelivered: delivery.lastDelivered && { ...delivery.lastDelivered, at: iso(delivery.lastDelivered.at) },
            },
            muted: mute ?? null,
          })),
          silences: silences.map((s) => ({ monitor: s.monitor, until: new Date(s.endsAt).toISOString(), reason: s.reason, by: s.createdBy })),
          outbox,
        },
        null,
        2,
      )}\n`;
    }
    const env = options.env ?? process.env;
    return renderAlertStates({ rows: shown, silences, outbox, all: Boolean(options.all), now, c: colors(options.color ?? useColor(process.stdout, env)), width: options.width ?? outputWidth(process.stdout, env) });
  }, config);
}

export async function alertsSilence(options: AlertsOptions & { monitor: string; for: string; reason?: string }): Promise<string> {
  const forMs = parseDurationFlag(options.for, '--for');
  if (forMs <= 0) throw new UserError(`--for: expected ${DURATION_HINT} longer than 0, got "${options.for}"`);
  return withAlerts(options, undefined, async ({ storage, config }) => {
    requireMonitor(config, options.monitor);
    const now = options.now ?? Date.now();
    let who: string | null;
    try {
      who = `${userInfo().username}@${hostname()}`;
    } catch {
      who = null;
    }
    const silence = await storage.alerts.addSilence(options.monitor, now, now + forMs, options.reason?.trim() || null, who);
    return `Silenced ${options.monitor} for ${formatDuration(forMs)}, until ${time(silence.endsAt)} UTC${silence.reason ? ` (${redact(silence.reason)})` : ''}.\nIts state is still tracked; after the silence, the next \`trackz check --alert\` sends what is then true.\n`;
  });
}

export async function alertsUnsilence(options: AlertsOptions & { monitor: string }): Promise<string> {
  return withAlerts(options, undefined, async ({ storage, config }) => {
    requireMonitor(config, options.monitor);
    const ended = await storage.alerts.endSilences(options.monitor, options.now ?? Date.now());
    if (ended === 0) return `${options.monitor} was not silenced.\n`;
    return `${options.monitor} is no longer silenced (${ended} silence${ended > 1 ? 's' : ''} ended); the next \`trackz check --alert\` sends what is then true.\n`;
  });
}

/** Sends a real test message through one channel, now, outside the outbox. Exit 1 when it fails. */
export async function alertsTest(options: AlertsOptions & { channel: string }): Promise<{ output: string; exitCode: number }> {
  const config = await loadConfig(options);
  const settings = alertSettingsFrom(config);
  const channelConfig = settings.channels.find((channel) => channel.name === options.channel);
  if (!channelConfig) {
    const names = settings.channels.map((channel) => channel.name);
    const hint = didYouMean(options.channel, names) ?? (names.length ? `channels: ${names.join(', ')}` : 'no channels are configured under alerts.channels');
    throw new UserError(`no alert channel named "${options.channel}" (${hint})`);
  }
  const now = options.now ?? Date.now();
  const event: AlertEvent = {
    id: `test/${options.channel}/${now}`,
    kind: 'test',
    monitor: 'test',
    type: 'test',
    rule: 'test',
    incident: 0,
    status: 'up',
    message: `test message for channel ${options.channel}: if you can read this, trackz alerts reach you`,
    since: null,
    durationMs: null,
    lastError: null,
    ...(settings.dashboardUrl ? { dashboardUrl: settings.dashboardUrl } : {}),
    workspace: settings.workspace,
    at: new Date(now).toISOString(),
  };
  const channel = await createChannel(channelConfig, { configDir: settings.configDir, env: options.env ?? process.env });
  const started = performance.now();
  try {
    await sendWithin(channel, { eventKey: event.id, event }, channel.timeoutMs);
    return { output: `✔ test message sent to ${channel.name} (${channel.type}: ${channel.target}) in ${formatDuration(performance.now() - started)}\n`, exitCode: EXIT_OK };
  } catch (error) {
    return { output: `✖ test message to ${channel.name} (${channel.type}: ${channel.target}) failed: ${redact((error as Error).message)}\n`, exitCode: EXIT_FAILED };
  } finally {
    await channel.close();
  }
}

export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'failed', 'delivered'];

/** Notifications: pending (with their next try), failed (with why) and delivered, newest first. */
export async function alertsOutbox(options: AlertsOptions & { status?: OutboxStatus; limit?: number; json?: boolean }): Promise<string> {
  const ifEmpty = () => (options.json ? '[]\n' : 'The outbox is empty: nothing has been queued yet.\n');
  return withAlerts(options, ifEmpty, async ({ storage }) => {
    const entries = await storage.alerts.outbox({ status: options.status, limit: options.limit ?? 50 });
    if (options.json) {
      return `${JSON.stringify(
        entries.map((e) => ({
          id: e.id,
          event: e.eventKey,
          channel: e.channel,
          monitor: e.monitor,
          kind: e.kind,
          status: e.status,
          attempts: e.attempts,
          createdAt: new Date(e.createdAt).toISOString(),
          nextAttemptAt: e.status === 'pending' ? new Date(e.nextAttemptAt).toISOString() : null,
          finishedAt: e.finishedAt && new Date(e.finishedAt).toISOString(),
          lastError: e.lastError,
        })),
        null,
        2,
      )}\n`;
    }
    if (entries.length === 0) return options.status ? `No ${options.status} notifications.\n` : 'The outbox is empty: nothing has been queued yet.\n';
    const env = options.env ?? process.env;
    const view = { now: options.now ?? Date.now(), c: colors(options.color ?? useColor(process.stdout, env)), width: options.width ?? outputWidth(process.stdout, env) };
    return renderOutbox(entries, await storage.alerts.outboxCounts(), view);
  });
}
