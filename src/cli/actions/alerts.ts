/**
 * `trackz alerts list|silence|unsilence|test|outbox` as plain functions that return their output.
 * They read and write the same tables `trackz check --alert` uses; none of them runs a check.
 */
import Table from 'cli-table3';
import { existsSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { alertSettingsFrom, type AlertSettings } from '../../alerts/alert-settings.js';
import type { AlertState, Phase } from '../../alerts/alert-state.js';
import { createAlertEngine, type AlertEngine } from '../../alerts/alert-engine.js';
import type { AlertEvent } from '../../alerts/alert-event.js';
import { createChannel } from '../../alerts/channels/index.js';
import { sendWithin } from '../../alerts/delivery.js';
import { clip } from '../../alerts/message.js';
import { describeMute } from '../../alerts/mute.js';
import type { OutboxEntry, OutboxStatus } from '../../alerts/sqlite/alert-store.js';
import { databaseOf } from '../../alerts/sqlite/database-of.js';
import { loadConfig, type LoadedConfig } from '../../config/load.js';
import { didYouMean } from '../../config/suggest.js';
import { DURATION_HINT, formatDuration, parseDurationFlag } from '../../core/duration.js';
import { EXIT_FAILED, EXIT_OK, UserError } from '../../core/errors.js';
import { redact } from '../../privacy/redactor.js';
import { colors, useColor, type Colors } from '../../reporters/format.js';
import { openStore } from '../../store/open.js';
import type { ResultStore } from '../../store/store.js';
import { formatTimestamp } from '../../core/timestamp.js';

export interface AlertsOptions {
  configPath?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  now?: number;
  color?: boolean;
}

const compact = { style: { head: [], border: [], compact: true }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } };
const time = (ms: number | null | undefined) => (ms === null || ms === undefined ? '–' : formatTimestamp(ms));
const ago = (ms: number | null, now: number) => (ms === null ? '' : ` (${formatDuration(Math.max(0, now - ms))} ago)`);

interface Opened {
  config: LoadedConfig;
  settings: AlertSettings;
  store: ResultStore;
  engine: AlertEngine;
}

/** Loads the config and opens the database; `undefined` when a read-only command finds no database yet. */
async function openAlerts(options: AlertsOptions, create: boolean): Promise<Opened | undefined> {
  const config = await loadConfig(options);
  await config.registry.disposeAll();
  if (!create && !existsSync(config.storage.path)) return undefined;
  const settings = alertSettingsFrom(config);
  const store = await openStore(config.storage.path);
  try {
    const engine = await createAlertEngine({ settings, db: databaseOf(store), now: options.now === undefined ? undefined : () => options.now! });
    return { config, settings, store, engine };
  } catch (error) {
    store.close();
    throw error;
  }
}

function requireMonitor(config: LoadedConfig, monitor: string): void {
  const names = config.monitors.map((m) => m.name);
  if (names.includes(monitor)) return;
  const hint = didYouMean(monitor, names);
  throw new UserError(`no monitor named "${monitor}"${hint ? ` (${hint})` : ''}`);
}

function phaseLabel(phase: Phase, c: Colors): string {
  return { ok: c.green('✔ ok'), degraded: c.yellow('▲ degraded'), down: c.red('✖ down') }[phase];
}

function notifiedText(state: AlertState): string {
  const told = state.notified;
  if (told.at === null) return 'nothing yet';
  const word = { ok: 'RECOVERED', degraded: 'DEGRADED', down: 'DOWN' }[told.phase];
  return `${word}${told.reminders ? ` +${told.reminders} reminder${told.reminders > 1 ? 's' : ''}` : ''} at ${time(told.at)}`;
}

function streakText(state: AlertState): string {
  const { fail, pass } = state.streaks;
  if (fail.count) return `${fail.count} failed in a row`;
  if (pass.count) return `${pass.count} passed in a row`;
  return '–';
}

/** Open incidents (and anything not at rest) with their state, silences, and the outbox at a glance. */
export async function alertsList(options: AlertsOptions & { all?: boolean; json?: boolean }): Promise<string> {
  const opened = await openAlerts(options, false);
  if (!opened) return options.json ? `${JSON.stringify({ states: [], silences: [], outbox: { pending: 0, delivered: 0, failed: 0 } }, null, 2)}\n` : 'No alert state yet: run `trackz check --alert` first.\n';
  const { store, engine } = opened;
  try {
    const now = options.now ?? Date.now();
    const rows = engine.store.states().map((state) => ({ state, mute: engine.muteFor(state.monitor, now) }));
    const shown = options.all ? rows : rows.filter(({ state, mute }) => state.phase !== 'ok' || state.notified.phase !== 'ok' || state.streaks.fail.count > 0 || mute);
    const silences = engine.store.activeSilences(now);
    const outbox = engine.store.outboxCounts();
    if (options.json) {
      return `${JSON.stringify(
        {
          states: shown.map(({ state, mute }) => ({
            monitor: state.monitor,
            rule: state.rule,
            phase: state.phase,
            incident: state.incident,
            since: state.phase === 'ok' ? null : state.since && new Date(state.since).toISOString(),
            failing: state.streaks.fail.count,
            passing: state.streaks.pass.count,
            lastStatus: state.last?.status ?? null,
            lastError: state.lastError?.message ?? null,
            notified: { phase: state.notified.phase, incident: state.notified.incident, at: state.notified.at && new Date(state.notified.at).toISOString(), reminders: state.notified.reminders },
            muted: mute ?? null,
          })),
          silences: silences.map((s) => ({ monitor: s.monitor, until: new Date(s.endsAt).toISOString(), reason: s.reason, by: s.createdBy })),
          outbox,
        },
        null,
        2,
      )}\n`;
    }
    const c = colors(options.color ?? useColor(process.stdout, options.env ?? process.env));
    const out: string[] = [];
    if (shown.length === 0) out.push(options.all ? 'No alert state yet.' : 'No open incidents: every monitor with an alert rule is up. (--all shows every state.)');
    else {
      const table = new Table({ head: ['MONITOR', 'RULE', 'STATE', 'SINCE', 'RESULTS', 'LAST NOTIFIED', 'MUTED', 'LAST ERROR'].map((h) => c.bold(h)), ...compact });
      for (const { state, mute } of shown) {
        table.push([
          state.monitor,
          state.rule,
          phaseLabel(state.phase, c),
          state.phase === 'ok' ? '–' : `${time(state.since)}${ago(state.since, now)}`,
          streakText(state),
          notifiedText(state),
          mute ? describeMute(mute, time) : '–',
          clip(redact(state.lastError?.message ?? '–'), 60),
        ]);
      }
      out.push(table.toString());
    }
    if (silences.length) {
      out.push('', c.bold('Silences'));
      for (const s of silences) out.push(`  ${s.monitor} until ${time(s.endsAt)} (${formatDuration(s.endsAt - now)} left)${s.reason ? `: ${redact(s.reason)}` : ''}${s.createdBy ? ` — ${s.createdBy}` : ''}`);
    }
    out.push('', `Outbox: ${outbox.pending} pending, ${outbox.failed} failed, ${outbox.delivered} delivered.`);
    if (outbox.failed) out.push(c.red(`${outbox.failed} notification${outbox.failed > 1 ? 's' : ''} could not be delivered: \`trackz alerts outbox --status failed\` shows why.`));
    return `${out.join('\n')}\n`;
  } finally {
    store.close();
  }
}

export async function alertsSilence(options: AlertsOptions & { monitor: string; for: string; reason?: string }): Promise<string> {
  const forMs = parseDurationFlag(options.for, '--for');
  if (forMs <= 0) throw new UserError(`--for: expected ${DURATION_HINT} longer than 0, got "${options.for}"`);
  const opened = await openAlerts(options, true);
  const { store, engine, config } = opened!;
  try {
    requireMonitor(config, options.monitor);
    const now = options.now ?? Date.now();
    let who: string | null;
    try {
      who = `${userInfo().username}@${hostname()}`;
    } catch {
      who = null;
    }
    const silence = engine.store.addSilence(options.monitor, now, now + forMs, options.reason?.trim() || null, who);
    return `Silenced ${options.monitor} for ${formatDuration(forMs)}, until ${time(silence.endsAt)} UTC${silence.reason ? ` (${redact(silence.reason)})` : ''}.\nIts state is still tracked; after the silence, the next \`trackz check --alert\` sends what is then true.\n`;
  } finally {
    store.close();
  }
}

export async function alertsUnsilence(options: AlertsOptions & { monitor: string }): Promise<string> {
  const opened = await openAlerts(options, true);
  const { store, engine, config } = opened!;
  try {
    requireMonitor(config, options.monitor);
    const ended = engine.store.endSilences(options.monitor, options.now ?? Date.now());
    if (ended === 0) return `${options.monitor} was not silenced.\n`;
    return `${options.monitor} is no longer silenced (${ended} silence${ended > 1 ? 's' : ''} ended); the next \`trackz check --alert\` sends what is then true.\n`;
  } finally {
    store.close();
  }
}

/** Sends a real test message through one channel, now, outside the outbox. Exit 1 when it fails. */
export async function alertsTest(options: AlertsOptions & { channel: string }): Promise<{ output: string; exitCode: number }> {
  const config = await loadConfig(options);
  await config.registry.disposeAll();
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

function outboxWhen(entry: OutboxEntry): string {
  if (entry.status === 'pending') return entry.attempts ? `retry at ${time(entry.nextAttemptAt)}` : `due ${time(entry.nextAttemptAt)}`;
  return `${entry.status} ${time(entry.finishedAt)}`;
}

/** Notifications: pending (with their next try), failed (with why) and delivered, newest first. */
export async function alertsOutbox(options: AlertsOptions & { status?: OutboxStatus; limit?: number; json?: boolean }): Promise<string> {
  const opened = await openAlerts(options, false);
  if (!opened) return options.json ? '[]\n' : 'The outbox is empty: nothing has been queued yet.\n';
  const { store, engine } = opened;
  try {
    const entries = engine.store.outbox({ status: options.status, limit: options.limit ?? 50 });
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
    const c = colors(options.color ?? useColor(process.stdout, options.env ?? process.env));
    const paint = { pending: c.yellow, failed: c.red, delivered: c.green };
    const table = new Table({ head: ['ID', 'QUEUED', 'CHANNEL', 'EVENT', 'STATUS', 'TRIES', 'WHEN', 'LAST ERROR'].map((h) => c.bold(h)), ...compact });
    for (const e of entries) {
      table.push([String(e.id), time(e.createdAt), e.channel, `${e.kind.toUpperCase()} ${e.monitor}`, paint[e.status](e.status), String(e.attempts), outboxWhen(e), clip(redact(e.lastError ?? '–'), 70)]);
    }
    const counts = engine.store.outboxCounts();
    return `${table.toString()}\nOutbox: ${counts.pending} pending, ${counts.failed} failed, ${counts.delivered} delivered.\n`;
  } finally {
    store.close();
  }
}
