/**
 * The alerts box's tables (migration 2), as a thin shell over better-sqlite3: alert state per
 * monitor and rule, the outbox, silences. No decisions here; the engine and the delivery loop
 * make them. Every text written passes the redactor.
 */
import type { Database } from 'better-sqlite3';
import type { Status } from '../../core/result.js';
import { redact } from '../../privacy/redactor.js';
import type { AlertEvent, AlertKind } from '../alert-event.js';
import type { AlertState, Phase } from '../alert-state.js';

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

interface OutboxRow {
  id: number;
  event_key: string;
  channel: string;
  monitor: string;
  kind: AlertKind;
  payload: string;
  status: OutboxStatus;
  attempts: number;
  created_at: number;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  finished_at: number | null;
}

const toEntry = (row: OutboxRow): OutboxEntry => ({
  id: row.id,
  eventKey: row.event_key,
  channel: row.channel,
  monitor: row.monitor,
  kind: row.kind,
  event: JSON.parse(row.payload) as AlertEvent,
  status: row.status,
  attempts: row.attempts,
  createdAt: row.created_at,
  nextAttemptAt: row.next_attempt_at,
  leaseOwner: row.lease_owner,
  leaseUntil: row.lease_until,
  lastError: row.last_error,
  finishedAt: row.finished_at,
});

const toSilence = (row: { id: number; monitor: string; starts_at: number; ends_at: number; reason: string | null; created_by: string | null }): Silence => ({
  id: row.id,
  monitor: row.monitor,
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  reason: row.reason,
  createdBy: row.created_by,
});

export class SqliteAlertStore {
  constructor(readonly db: Database) {}

  /** BEGIN IMMEDIATE: the write lock is taken first, so what is read inside is what the writes apply to. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  // — state —

  getState(monitor: string, rule: string): AlertState | undefined {
    const json = this.db.prepare('SELECT state FROM alert_states WHERE monitor = ? AND rule = ?').pluck().get(monitor, rule) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as AlertState);
  }

  putState(state: AlertState, now: number): void {
    const stored: AlertState = {
      ...state,
      last: state.last && { ...state.last, message: redact(state.last.message) },
      lastError: state.lastError && { ...state.lastError, message: redact(state.lastError.message) },
    };
    this.db
      .prepare('INSERT INTO alert_states (monitor, rule, phase, state, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (monitor, rule) DO UPDATE SET phase = excluded.phase, state = excluded.state, updated_at = excluded.updated_at')
      .run(state.monitor, state.rule, state.phase, JSON.stringify(stored), now);
  }

  states(filter: { monitor?: string; phases?: Phase[] } = {}): AlertState[] {
    const rows = (filter.monitor === undefined ? this.db.prepare('SELECT state FROM alert_states ORDER BY monitor, rule').pluck().all() : this.db.prepare('SELECT state FROM alert_states WHERE monitor = ? ORDER BY rule').pluck().all(filter.monitor)) as string[];
    const states = rows.map((json) => JSON.parse(json) as AlertState);
    return filter.phases ? states.filter((s) => filter.phases!.includes(s.phase)) : states;
  }

  /** The newest stored result of a monitor (the results table belongs to the store box; read only). */
  latestStatus(monitor: string): Status | undefined {
    return this.db
      .prepare('SELECT r.status FROM results r JOIN monitors m ON m.id = r.monitor_id WHERE m.name = ? ORDER BY r.ts DESC, r.id DESC LIMIT 1')
      .pluck()
      .get(monitor) as Status | undefined;
  }

  // — outbox —

  /** Queues one notification; false when that event was already queued for that channel (by this or another process). */
  enqueue(event: AlertEvent, channel: string, now: number): boolean {
    const payload = redact(JSON.stringify(event));
    return (
      this.db
        .prepare(
          `INSERT INTO alert_outbox (event_key, channel, monitor, kind, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (event_key, channel) DO NOTHING`,
        )
        .run(event.id, channel, event.monitor, event.kind, payload, now, now).changes === 1
    );
  }

  /**
   * Pending entries whose time has come and whose lease is free, oldest first; only the oldest
   * pending entry per channel and monitor, so a RECOVERED never overtakes its DOWN.
   */
  dueEntries(now: number, limit = 200): OutboxEntry[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM alert_outbox o
           WHERE o.status = 'pending' AND o.next_attempt_at <= ? AND (o.lease_until IS NULL OR o.lease_until < ?)
             AND NOT EXISTS (SELECT 1 FROM alert_outbox p WHERE p.status = 'pending' AND p.channel = o.channel AND p.monitor = o.monitor AND p.id < o.id)
           ORDER BY o.id LIMIT ?`,
        )
        .all(now, now, limit) as OutboxRow[]
    ).map(toEntry);
  }

  /** Takes an entry for one send; false when another process holds it or it is no longer pending. */
  claim(id: number, owner: string, now: number, leaseUntil: number): boolean {
    return (
      this.db
        .prepare(`UPDATE alert_outbox SET lease_owner = ?, lease_until = ? WHERE id = ? AND status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)`)
        .run(owner, leaseUntil, id, now, now).changes === 1
    );
  }

  markDelivered(id: number, owner: string, now: number): void {
    this.db
      .prepare(`UPDATE alert_outbox SET status = 'delivered', attempts = attempts + 1, finished_at = ?, last_error = NULL, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?`)
      .run(now, id, owner);
  }

  /** One more failed attempt: retried at `retryAt`, or marked failed when that is null. */
  markAttemptFailed(id: number, owner: string, now: number, error: string, retryAt: number | null): void {
    this.db
      .prepare(
        `UPDATE alert_outbox SET attempts = attempts + 1, last_error = ?, lease_owner = NULL, lease_until = NULL,
           status = CASE WHEN ? IS NULL THEN 'failed' ELSE 'pending' END,
           next_attempt_at = COALESCE(?, next_attempt_at),
           finished_at = CASE WHEN ? IS NULL THEN ? ELSE NULL END
         WHERE id = ? AND lease_owner = ?`,
      )
      .run(redact(error), retryAt, retryAt, retryAt, now, id, owner);
  }

  /** Marks an entry failed without an attempt (its channel is no longer configured). */
  abandon(id: number, now: number, error: string): void {
    this.db.prepare(`UPDATE alert_outbox SET status = 'failed', last_error = ?, finished_at = ? WHERE id = ? AND status = 'pending'`).run(redact(error), now, id);
  }

  /** Newest first; `monitor` narrows to one monitor's notifications (as the storage port's outbox does). */
  outbox(filter: { status?: OutboxStatus; monitor?: string; limit?: number } = {}): OutboxEntry[] {
    const where = [filter.status === undefined ? '' : 'status = @status', filter.monitor === undefined ? '' : 'monitor = @monitor'].filter(Boolean);
    const rows = this.db
      .prepare(`SELECT * FROM alert_outbox${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`)
      .all({ status: filter.status, monitor: filter.monitor, limit: filter.limit ?? 50 }) as OutboxRow[];
    return rows.map(toEntry);
  }

  outboxCounts(): Record<OutboxStatus, number> {
    const counts: Record<OutboxStatus, number> = { pending: 0, delivered: 0, failed: 0 };
    for (const row of this.db.prepare('SELECT status, COUNT(*) AS n FROM alert_outbox GROUP BY status').all() as { status: OutboxStatus; n: number }[]) counts[row.status] = row.n;
    return counts;
  }

  // — silences —

  addSilence(monitor: string, startsAt: number, endsAt: number, reason: string | null, createdBy: string | null): Silence {
    const id = Number(this.db.prepare('INSERT INTO alert_silences (monitor, starts_at, ends_at, reason, created_by) VALUES (?, ?, ?, ?, ?)').run(monitor, startsAt, endsAt, reason === null ? null : redact(reason), createdBy).lastInsertRowid);
    return { id, monitor, startsAt, endsAt, reason, createdBy };
  }

  /** Ends every silence of a monitor that is active (or scheduled) at `now`; returns how many. */
  endSilences(monitor: string, now: number): number {
    return this.db.prepare('UPDATE alert_silences SET ends_at = ? WHERE monitor = ? AND ends_at > ?').run(now, monitor, now).changes;
  }

  /** The active silence for a monitor that ends last. */
  activeSilence(monitor: string, now: number): Silence | undefined {
    const row = this.db.prepare('SELECT * FROM alert_silences WHERE monitor = ? AND starts_at <= ? AND ends_at > ? ORDER BY ends_at DESC LIMIT 1').get(monitor, now, now);
    return row ? toSilence(row as Parameters<typeof toSilence>[0]) : undefined;
  }

  activeSilences(now: number): Silence[] {
    return (this.db.prepare('SELECT * FROM alert_silences WHERE starts_at <= ? AND ends_at > ? ORDER BY monitor, ends_at').all(now, now) as Parameters<typeof toSilence>[0][]).map(toSilence);
  }
}
