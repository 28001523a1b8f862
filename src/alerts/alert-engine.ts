/**
 * The alert engine: the one piece `trackz check --alert` (cron) and the long-running commands share.
 *
 * `evaluate(records)` runs after the records are stored, in ONE storage transaction holding the
 * alerts lock (BEGIN IMMEDIATE in SQLite, an advisory lock in PostgreSQL): it re-reads each
 * (monitor, rule) state under the lock, applies the run's results in time order,
 * decides what to tell the channels (muted by a silence, a maintenance window or a parent that is
 * down), writes the new state and queues the notifications in the outbox. A second process doing the
 * same at the same moment waits for the lock, then sees the state already moved, so it queues
 * nothing; and the outbox's UNIQUE (event key, channel) makes even a repeated insert a no-op.
 *
 * `deliver()` sends what the outbox holds (see delivery.ts); it never runs inside the transaction, so
 * checks never wait for a channel.
 */
import type { CheckRecord } from '../core/result.js';
import type { Logger } from '../core/log.js';
import { eventKey, type AlertEvent } from './alert-event.js';
import { covers, type AlertRule, type AlertSettings } from './alert-settings.js';
import { initialAlertState, type AlertState } from './alert-state.js';
import { incidentChanges, type IncidentChange } from './incident-changes.js';
import { ChannelPool } from './channels/index.js';
import { deliverOutbox, leaseOwner, type DeliveryOutcome, type DeliveryReport } from './delivery.js';
import { activeMaintenance, compileMaintenance, type MaintenanceWindow } from './maintenance.js';
import type { Mute } from './mute.js';
import { decide, observe, type Transition } from './state-machine.js';
import type { Storage, StoragePorts } from '../storage/ports/index.js';

export interface AlertEngineOptions {
  settings: AlertSettings;
  storage: Storage;
  now?: () => number;
  random?: () => number;
  log?: Logger;
  /** The environment command channels inherit. */
  env?: Record<string, string | undefined>;
}

export interface QueuedNotification {
  event: AlertEvent;
  channels: string[];
}

export interface Evaluation {
  /** Notifications this call queued (a concurrent process's are not counted). */
  queued: QueuedNotification[];
  /** States whose message is held back by a mute. */
  muted: { state: AlertState; mute: Mute }[];
  /** Results older than the state already held (an overlapping run's), not applied. */
  late: number;
}

export async function createAlertEngine(options: AlertEngineOptions): Promise<AlertEngine> {
  return new AlertEngine(options, await compileMaintenance(options.settings));
}

export class AlertEngine {
  private readonly now: () => number;
  private readonly owner = leaseOwner();

  constructor(
    private readonly options: AlertEngineOptions,
    private readonly windows: MaintenanceWindow[],
  ) {
    this.now = options.now ?? Date.now;
  }

  get settings(): AlertSettings {
    return this.options.settings;
  }

  rulesFor(monitor: string, tags: readonly string[]): AlertRule[] {
    return this.settings.rules.filter((rule) => covers(rule, monitor, tags));
  }

  private tagsOf(monitor: string, fallback: readonly string[] = []): readonly string[] {
    return this.settings.monitors.get(monitor)?.tags ?? fallback;
  }

  /**
   * Why a monitor must not notify now, if it must not: a silence, then maintenance, then a parent
   * down. Read through `ports`: the storage's own, or a transaction's.
   */
  async muteFor(monitor: string, now: number, ports: StoragePorts = this.options.storage): Promise<Mute | undefined> {
    const silence = await ports.alerts.activeSilence(monitor, now);
    if (silence) return { kind: 'silence', until: silence.endsAt, reason: silence.reason };
    const window = activeMaintenance(this.windows, monitor, this.tagsOf(monitor), now);
    if (window) return { kind: 'maintenance', ...window };
    const parent = await this.downParent(monitor, new Set([monitor]), ports);
    return parent ? { kind: 'dependency', parent } : undefined;
  }

  /** A parent (or grandparent…) that is down: its latest result failed, or a rule holds it down. */
  private async downParent(monitor: string, seen: Set<string>, ports: StoragePorts): Promise<string | undefined> {
    for (const parent of this.settings.monitors.get(monitor)?.dependsOn ?? []) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      const latest = await ports.results.latestStatus(parent);
      if (latest === 'down' || latest === 'unknown' || (await ports.alerts.states({ monitor: parent, phases: ['down'] })).length > 0) return parent;
      const above = await this.downParent(parent, seen, ports);
      if (above) return above;
    }
    return undefined;
  }

  /** Applies a run's stored results and queues the notifications they call for. */
  evaluate(records: readonly CheckRecord[]): Promise<Evaluation> {
    const sorted = [...records].sort((a, b) => a.startedAt - b.startedAt);
    return this.options.storage.transaction(
      async (tx) => {
        const now = this.now();
        const evaluation: Evaluation = { queued: [], muted: [], late: 0 };
        const touched = new Map<string, { state: AlertState; rule: AlertRule }>();
        const incidents: IncidentChange[] = [];
        for (const record of sorted) {
          for (const rule of this.rulesFor(record.monitor, this.tagsOf(record.monitor, record.tags))) {
            const key = `${record.monitor}\0${rule.name}`;
            const state = touched.get(key)?.state ?? (await tx.alerts.getState(record.monitor, rule.name)) ?? initialAlertState(record.monitor, rule.name);
            const next = observe(state, { status: record.status, at: record.startedAt, message: record.message }, rule);
            if (!next) evaluation.late++;
            else incidents.push(...incidentChanges(state, next));
            touched.set(key, { state: next ?? state, rule });
          }
        }
        // Observed states are written first, so a child's decision sees its parent's state from this run.
        for (const { state } of touched.values()) await tx.alerts.putState(state, now);
        // The dashboard's incidents, in the same transaction: opened and closed exactly when the phase moved.
        for (const change of incidents) {
          if (change.type === 'open') await tx.incidents.open(change);
          else await tx.incidents.close(change.monitor, change.rule, change.number, change.endedAt);
        }
        for (const { state, rule } of touched.values()) {
          const mute = await this.muteFor(state.monitor, now, tx);
          const decided = decide(state, { now, rule, mute });
          if (decided.state !== state) await tx.alerts.putState(decided.state, now);
          if (mute && decide(state, { now, rule }).transitions.length) evaluation.muted.push({ state, mute });
          for (const transition of decided.transitions) {
            const event = this.eventFor(decided.state, transition, now);
            const channels: string[] = [];
            for (const channel of rule.channels) if (await tx.alerts.enqueue(event, channel, now)) channels.push(channel);
            if (channels.length) evaluation.queued.push({ event, channels });
          }
        }
        return evaluation;
      },
      { lock: 'alerts' },
    );
  }

  eventFor(state: AlertState, transition: Transition, now: number): AlertEvent {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      id: eventKey({ monitor: state.monitor, rule: state.rule, incident: transition.incident, since: transition.since, kind: transition.kind, reminder: transition.reminder }),
      kind: transition.kind,
      monitor: state.monitor,
      type: this.settings.monitors.get(state.monitor)?.type ?? 'unknown',
      rule: state.rule,
      incident: transition.incident,
      status: state.last?.status ?? 'unknown',
      message: state.last?.message ?? '',
      since: iso(transition.since),
      durationMs: transition.durationMs,
      lastError: state.lastError?.message ?? null,
      ...(transition.recoveredFrom ? { recoveredFrom: transition.recoveredFrom } : {}),
      ...(transition.reminder ? { reminder: transition.reminder } : {}),
      ...(this.settings.dashboardUrl ? { dashboardUrl: this.settings.dashboardUrl } : {}),
      workspace: this.settings.workspace,
      at: new Date(now).toISOString(),
    };
  }

  /** Sends what the outbox holds, within the delivery budget. */
  async deliver(options: { budgetMs?: number; signal?: AbortSignal; onOutcome?: (outcome: DeliveryOutcome) => void } = {}): Promise<DeliveryReport> {
    const channels = new ChannelPool(this.settings.channels, { configDir: this.settings.configDir, env: this.options.env ?? process.env });
    try {
      return await deliverOutbox({
        alerts: this.options.storage.alerts,
        channels,
        delivery: this.settings.delivery,
        budgetMs: options.budgetMs,
        now: this.now,
        random: this.options.random,
        owner: this.owner,
        log: this.options.log,
        signal: options.signal,
        onOutcome: options.onOutcome,
      });
    } finally {
      await channels.closeAll();
    }
  }
}
