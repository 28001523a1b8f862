/**
 * Alerts: the state per monitor and rule, the notification outbox (claimed with leases, so two
 * processes never send one row), and silences. No decisions here: src/alerts makes them.
 *
 * The engine reads and writes these inside `Storage.transaction(…, { lock: 'alerts' })`, which holds
 * the workspace's alert lock (BEGIN IMMEDIATE in SQLite, an advisory transaction lock in PostgreSQL),
 * so two runs evaluating at once apply their results one after the other.
 */
import type { Status } from '../../core/result.js';
import type { AlertEvent, AlertKind } from '../../alerts/alert-event.js';
import type { AlertState, Phase } from '../../alerts/alert-state.js';

export type OutboxStatus = 'pending' | 'delivered' | 'failed';

export interface OutboxEntry {
  id: number;
  eventKey: string;
  channel: string;
  monitor: string;
  kind: AlertKind;
  event: AlertEvent;
  status: OutboxStatus;
  attempts: number;
  createdAt: number;
  nextAttemptAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  lastError: string | null;
  /** When it was delivered, or marked failed. */
  finishedAt: number | null;
}

export interface Silence {
  id: number;
  monitor: string;
  startsAt: number;
  endsAt: number;
  reason: string | null;
  createdBy: string | null;
}

export interface AlertsPort {
  // — state —
  getState(monitor: string, rule: string): Promise<AlertState | undefined>;
  /** Every text written passes the redactor. */
  putState(state: AlertState, now: number): Promise<void>;
  states(filter?: { monitor?: string; phases?: Phase[] }): Promise<AlertState[]>;

  // — outbox —
  /** Queues one notification; false when that event was already queued for that channel (by this or another process). */
  enqueue(event: AlertEvent, channel: string, now: number): Promise<boolean>;
  /**
   * Pending entries whose time has come and whose lease is free, oldest first; only the oldest
   * pending entry per channel and monitor, so a RECOVERED never overtakes its DOWN.
   */
  dueEntries(now: number, limit?: number): Promise<OutboxEntry[]>;
  /** Takes an entry for one send; false when another process holds it or it is no longer pending. */
  claim(id: number, owner: string, now: number, leaseUntil: number): Promise<boolean>;
  markDelivered(id: number, owner: string, now: number): Promise<void>;
  /** One more failed attempt: retried at `retryAt`, or marked failed when that is null. */
  markAttemptFailed(id: number, owner: string, now: number, error: string, retryAt: number | null): Promise<void>;
  /** Marks an entry failed without an attempt (its channel is no longer configured). */
  abandon(id: number, now: number, error: string): Promise<void>;
  /** Newest first. */
  outbox(filter?: { status?: OutboxStatus; monitor?: string; limit?: number }): Promise<OutboxEntry[]>;
  outboxCounts(): Promise<Record<OutboxStatus, number>>;

  // — silences —
  addSilence(monitor: string, startsAt: number, endsAt: number, reason: string | null, createdBy: string | null): Promise<Silence>;
  /** Ends every silence of a monitor that is active (or scheduled) at `now`; returns how many. */
  endSilences(monitor: string, now: number): Promise<number>;
  /** The active silence for a monitor that ends last. */
  activeSilence(monitor: string, now: number): Promise<Silence | undefined>;
  activeSilences(now: number): Promise<Silence[]>;
}

/** Re-exported so alert code reads `Status` and the port from one place. */
export type { Status };
