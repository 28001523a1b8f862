/**
 * What trackz remembers per monitor and rule between runs (one JSON row in `alert_states`).
 * `phase` is what the thresholds say is true; `notified` is what the channels were last told.
 * Muting (silence, maintenance, a parent down) lets the first move while freezing the second;
 * when the mute ends, the difference between the two is the one message to send.
 */
import type { Status } from '../core/result.js';

export type Phase = 'ok' | 'degraded' | 'down';

/** A run of consecutive results of one kind, and when it began. */
export interface Streak {
  count: number;
  since: number | null;
}

export interface AlertState {
  monitor: string;
  rule: string;
  phase: Phase;
  /** Incidents opened so far; the number of the current (or last) one. */
  incident: number;
  /** When the current (or last) incident began: its first failing (or degraded) result. */
  since: number | null;
  /** When the last incident to close closed: the first result of the streak that ended it. */
  endedAt: number | null;
  streaks: {
    /** down or unknown */
    fail: Streak;
    /** degraded, for rules that alert on it */
    warn: Streak;
    /** not down or unknown: counts toward recovery from down */
    pass: Streak;
    /** neither failing nor a degraded warning: counts toward recovery from degraded */
    up: Streak;
  };
  last: { status: Status; at: number; message: string } | null;
  lastError: { message: string; at: number } | null;
  /** What the channels were last told, and when (reminders count from `at`). */
  notified: { phase: Phase; incident: number; since: number | null; at: number | null; reminders: number };
}

const noStreak = (): Streak => ({ count: 0, since: null });

export function initialAlertState(monitor: string, rule: string): AlertState {
  return {
    monitor,
    rule,
    phase: 'ok',
    incident: 0,
    since: null,
    endedAt: null,
    streaks: { fail: noStreak(), warn: noStreak(), pass: noStreak(), up: noStreak() },
    last: null,
    lastError: null,
    notified: { phase: 'ok', incident: 0, since: null, at: null, reminders: 0 },
  };
}
