/**
 * The event a notification carries: the same JSON for every channel (the webhook's `generic` body,
 * the command channel's stdin, the outbox's payload). `id` is the idempotency key: one per
 * transition, stable across retries and processes.
 */
import type { Status } from '../core/result.js';

export const ALERT_KINDS = ['down', 'up', 'degraded', 'reminder', 'test'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const EVENT_VERSION = 1;

export interface AlertEvent {
  /** Idempotency key, e.g. `homepage/default/3.1717286400000/down`; receivers can drop a repeat by it. */
  id: string;
  kind: AlertKind;
  monitor: string;
  /** The monitor's check type (uptime, ssl…). */
  type: string;
  rule: string;
  /** The incident's number for this monitor and rule (1, 2, …). */
  incident: number;
  /** The latest observed status. */
  status: Status;
  /** The latest result's one-line message. */
  message: string;
  /** ISO time the incident began (its first failing result); null for `test`. */
  since: string | null;
  /** down/degraded/reminder: how long so far; up: how long it lasted. */
  durationMs: number | null;
  /** The message of the latest failing result. */
  lastError: string | null;
  /** For `up`: what it recovered from. */
  recoveredFrom?: 'down' | 'degraded';
  /** For `reminder`: 1 for the first reminder, 2 for the next… */
  reminder?: number;
  dashboardUrl?: string;
  workspace: string;
  /** ISO time the transition was decided. */
  at: string;
}

/** The JSON document webhooks (format: generic) and commands receive. */
export interface AlertEventBody {
  version: typeof EVENT_VERSION;
  event: AlertEvent;
}

export function eventBody(event: AlertEvent): AlertEventBody {
  return { version: EVENT_VERSION, event };
}

/** monitor/rule/incident.since/kind[/n]: `since` keeps keys unique even if the state row is ever reset. */
export function eventKey(parts: { monitor: string; rule: string; incident: number; since: number | null; kind: AlertKind; reminder?: number }): string {
  return `${parts.monitor}/${parts.rule}/${parts.incident}.${parts.since ?? 0}/${parts.kind}${parts.reminder ? `/${parts.reminder}` : ''}`;
}
