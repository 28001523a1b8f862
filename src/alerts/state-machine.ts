/**
 * The alert state machine, as two pure functions:
 *
 * - `observe` applies one result: streak counters move, and the phase changes when a threshold is met
 *   (ok/degraded → down after `failureThreshold` consecutive down/unknown results; down → ok after
 *   `successThreshold` consecutive results that are not; with `degraded: true`, ok → degraded after
 *   `failureThreshold` consecutive degraded results and back after `successThreshold` up ones).
 *   A result older than one already applied is late (an overlapping run finished after a newer one)
 *   and does not move the state.
 * - `decide` compares the phase with what the channels were last told and returns the messages
 *   that make them agree: DOWN, RECOVERED, DEGRADED, or a reminder while still down. When muted it
 *   returns none, and keeps `notified` as it was, so the right message follows when the mute ends.
 */
import type { Status } from '../core/result.js';
import type { AlertKind } from './alert-event.js';
import type { AlertState, Phase, Streak } from './alert-state.js';
import type { Mute } from './mute.js';

export interface RuleThresholds {
  failureThreshold: number;
  successThreshold: number;
  remindEveryMs?: number;
  degraded: boolean;
}

export interface Observation {
  status: Status;
  /** Epoch ms the result was taken. */
  at: number;
  message: string;
}

/** A message `decide` wants sent; the engine turns it into an AlertEvent. */
export interface Transition {
  kind: Exclude<AlertKind, 'test'>;
  incident: number;
  since: number | null;
  durationMs: number | null;
  recoveredFrom?: 'down' | 'degraded';
  reminder?: number;
}

const isFailure = (status: Status) => status === 'down' || status === 'unknown';

function extend(streak: Streak, hit: boolean, at: number): Streak {
  if (!hit) return { count: 0, since: null };
  return { count: streak.count + 1, since: streak.count > 0 ? streak.since : at };
}

/** The state after one more result, or undefined when the result is late and changes nothing. */
export function observe(state: AlertState, observation: Observation, rule: RuleThresholds): AlertState | undefined {
  if (state.last && observation.at < state.last.at) return undefined;
  const { status, at, message } = observation;
  const fail = isFailure(status);
  const warn = !fail && status === 'degraded' && rule.degraded;
  const streaks = {
    fail: extend(state.streaks.fail, fail, at),
    warn: extend(state.streaks.warn, warn, at),
    pass: extend(state.streaks.pass, !fail, at),
    up: extend(state.streaks.up, !fail && !warn, at),
  };
  let next: AlertState = { ...state, streaks, last: { status, at, message }, lastError: fail ? { message, at } : state.lastError };
  const open = (phase: Phase, since: number | null): AlertState => ({ ...next, phase, incident: next.incident + 1, since });

  if (next.phase !== 'down' && streaks.fail.count >= rule.failureThreshold) next = open('down', streaks.fail.since);
  else if (next.phase === 'down' && streaks.pass.count >= rule.successThreshold) next = { ...next, phase: 'ok', endedAt: streaks.pass.since };
  else if (next.phase === 'degraded' && streaks.up.count >= rule.successThreshold) next = { ...next, phase: 'ok', endedAt: streaks.up.since };
  // Recovering from down into a degraded service: the warning follows in the same step when due.
  if (next.phase === 'ok' && streaks.warn.count >= rule.failureThreshold) next = open('degraded', streaks.warn.since);
  return next;
}

export interface DecideContext {
  now: number;
  rule: RuleThresholds;
  mute?: Mute;
}

/**
 * The messages owed, and the state with `notified` updated as if they were sent (they are queued in
 * the same transaction, so from here on they will be). Rules for the mute-ended case:
 * still down → one DOWN (even if it recovered and failed again meanwhile); recovered meanwhile after a
 * DOWN was sent → one RECOVERED; down and up again entirely inside the mute → nothing.
 */
export function decide(state: AlertState, context: DecideContext): { state: AlertState; transitions: Transition[] } {
  if (context.mute) return { state, transitions: [] };
  const { now, rule } = context;
  const told = state.notified;
  const current = state.incident;
  const transitions: Transition[] = [];
  let notified = told;

  const sinceNow = (since: number | null) => (since === null ? null : Math.max(0, now - since));
  const recovery = (): Transition => ({
    kind: 'up',
    incident: told.incident,
    since: told.since,
    durationMs: told.since === null ? null : Math.max(0, (state.endedAt !== null && state.endedAt >= told.since ? state.endedAt : now) - told.since),
    recoveredFrom: told.phase === 'degraded' ? 'degraded' : 'down',
  });
  const opened = (phase: Phase, kind: 'down' | 'degraded') => {
    transitions.push({ kind, incident: current, since: state.since, durationMs: sinceNow(state.since) });
    notified = { phase, incident: current, since: state.since, at: now, reminders: 0 };
  };

  switch (state.phase) {
    case 'down':
      if (told.phase === 'down' && told.incident === current) {
        if (rule.remindEveryMs && told.at !== null && now - told.at >= rule.remindEveryMs) {
          const reminder = told.reminders + 1;
          transitions.push({ kind: 'reminder', incident: current, since: state.since, durationMs: sinceNow(state.since), reminder });
          notified = { ...told, at: now, reminders: reminder };
        }
      } else {
        // A DEGRADED warning told before is superseded by the DOWN; no separate recovery for it.
        opened('down', 'down');
      }
      break;
    case 'degraded':
      if (told.phase === 'degraded' && told.incident === current) break;
      if (told.phase === 'down') transitions.push(recovery());
      opened('degraded', 'degraded');
      break;
    case 'ok':
      if (told.phase !== 'ok') {
        transitions.push(recovery());
        notified = { phase: 'ok', incident: told.incident, since: null, at: now, reminders: 0 };
      }
      break;
  }
  return { state: notified === told ? state : { ...state, notified }, transitions };
}
