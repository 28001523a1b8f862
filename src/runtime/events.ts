/**
 * What the runtime tells the rest of trackz, as it happens: one discriminated union, so reporters, the
 * progress line, the TUI and the dashboard's live updates all consume the same stream and a `switch` on
 * `type` narrows each event. Events carry data only (records, outbox rows), never live objects.
 */
import type { AlertEvent } from '../alerts/alert-event.js';
import type { Monitor } from '../core/monitor.js';
import type { CheckRecord, StatusCounts } from '../core/result.js';
import type { OutboxEntry } from '../storage/ports/index.js';

/**
 * Which monitor, without its options: those can hold credentials from ${ENV}, and events travel to
 * views (a dashboard's live stream) that must never show one.
 */
export type MonitorRef = Pick<Monitor, 'name' | 'type' | 'tags'>;

/** A check began: its plugin has been called. */
export interface CheckStartedEvent {
  type: 'check.started';
  monitor: MonitorRef;
  /** Epoch ms when it really started. */
  startedAt: number;
  /** When the schedule meant it to start (scheduler runs only; a one-pass cycle has no schedule). */
  scheduledAt?: number;
  /** startedAt − scheduledAt: timer lateness plus time queued for a concurrency slot. */
  lagMs?: number;
}

/** A check finished, whatever its status. */
export interface CheckResultEvent {
  type: 'check.result';
  record: CheckRecord;
  scheduledAt?: number;
}

/**
 * A monitor missed slots of its schedule: its previous run outlasted its interval (`overrun`), or its
 * timer fired a whole interval late, the process having been suspended, say (`late`). The missed slots
 * are not made up: it runs next for the slot at `nextAt` (for `late`, that run starts now, late).
 */
export interface CheckSkippedEvent {
  type: 'check.skipped';
  monitor: string;
  /** How many slots were skipped. */
  slots: number;
  /** The first slot that was skipped. */
  from: number;
  nextAt: number;
  reason: 'overrun' | 'late';
}

/** A batch of results is in storage, under this run. */
export interface ResultsStoredEvent {
  type: 'results.stored';
  records: CheckRecord[];
  runId: number | string;
}

/** A monitor changed state for an alert rule; the notification was queued for these channels. */
export interface AlertTransitionEvent {
  type: 'alert.transition';
  event: AlertEvent;
  channels: string[];
}

export interface NotificationSentEvent {
  type: 'notification.sent';
  entry: OutboxEntry;
}

/** Delivery failed and will be tried again (the entry's nextAttemptAt says when). */
export interface NotificationRetryingEvent {
  type: 'notification.retrying';
  entry: OutboxEntry;
  error: string;
}

/** Delivery failed for good: the entry is marked failed. */
export interface NotificationFailedEvent {
  type: 'notification.failed';
  entry: OutboxEntry;
  error: string;
}

export interface CycleSummary {
  counts: StatusCounts;
  /** Epoch ms. */
  startedAt: number;
  durationMs: number;
  /** Every result, in the order the monitors were given. */
  records: CheckRecord[];
  /** The run the results were stored under (absent without storage, or when nothing could be stored). */
  runId?: number | string;
  /** Why some results could not be stored (they were still reported, and not alerted on). */
  storeError?: string;
}

/**
 * A one-pass cycle (`trackz check`) has run: every selected monitor ran once, its result is stored
 * and evaluated for alerts. Delivery and retention follow; reports are written now.
 */
export interface CycleFinishedEvent {
  type: 'cycle.finished';
  summary: CycleSummary;
}

/** The part of the runtime an error came from. */
export type RuntimePhase = 'schedule' | 'run' | 'store' | 'alerts' | 'deliver' | 'retention' | 'listener';

/** Something went wrong outside a check (a check's own failure is a result, not an error). */
export interface RuntimeErrorEvent {
  type: 'error';
  phase: RuntimePhase;
  message: string;
  monitor?: string;
}

export type RuntimeEvent =
  | CheckStartedEvent
  | CheckResultEvent
  | CheckSkippedEvent
  | ResultsStoredEvent
  | AlertTransitionEvent
  | NotificationSentEvent
  | NotificationRetryingEvent
  | NotificationFailedEvent
  | CycleFinishedEvent
  | RuntimeErrorEvent;

export type RuntimeEventType = RuntimeEvent['type'];
export type EventOfType<T extends RuntimeEventType> = Extract<RuntimeEvent, { type: T }>;
