/**
 * Alert state, the outbox and silences in PostgreSQL: the same rows and answers as SQLite's alert
 * store. Exactly-once rests on two row-level guarantees, not on a global lock: the outbox's UNIQUE
 * (event_key, channel) with ON CONFLICT DO NOTHING (a second runner's enqueue is a no-op), and the
 * claim, one UPDATE guarded by the lease (a second claimer waits for the row, re-reads it under
 * READ COMMITTED, finds the lease taken and updates nothing). Every text written passes the redactor.
 */
import { redact } from '../../privacy/redactor.js';
import type { AlertEvent } from '../../alerts/alert-event.js';
import type { AlertState, Phase } from '../../alerts/alert-state.js';
import type { AlertsPort, OutboxEntry, OutboxStatus, Silence } from '../ports/alerts.js';
import { toEntry, toSilence, type OutboxRow, type SilenceRow } from '../rows/alerts.js';
import type { Sql } from './sql-session.js';

export class PgAlertsPort implements AlertsPort {
  constructor(private readonly sql: Sql) {}

  // — state —

  async getState(monitor: string, rule: string): Promise<AlertState | undefined> {
    const { rows } = await this.sql.query<{ state: string }>('SELECT state FROM alert_states WHERE monitor = $1 AND rule = $2', [monitor, rule]);
    return rows[0] ? (JSON.parse(rows[0].state) as AlertState) : undefined;
  }

  async putState(state: AlertState, now: number): Promise<void> {
    const stored: AlertState = {
      ...state,
      last: state.last && { ...state.last, message: redact(state.last.message) },
      lastError: state.lastError && { ...state.lastError, message: redact(state.lastError.message) },
    };
    await this.sql.query(
      `INSERT INTO alert_states (monitor, rule, phase, state, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (monitor, rule) DO UPDATE SET phase = excluded.phase, state = excluded.state, updated_at = excluded.updated_at`,
      [state.monitor, state.rule, state.phase, JSON.stringify(stored), now],
    );
  }

  async states(filter: { monitor?: string; phases?: Phase[] } = {}): Promise<AlertState[]> {
    const { rows } =
      filter.monitor === undefined
        ? await this.sql.query<{ state: string }>('SELECT state FROM alert_states ORDER BY monitor, rule')
        : await this.sql.query<{ state: string }>('SELECT state FROM alert_states WHERE monitor = $1 ORDER BY rule', [filter.monitor]);
    const states = rows.map((row) => JSON.parse(row.state) as AlertState);
    return filter.phases ? states.filter((s) => filter.phases!.includes(s.phase)) : states;
  }

  // — outbox —

  async enqueue(event: AlertEvent, channel: string, now: number): Promise<boolean> {
    const { rowCount } = await this.sql.query(
      `INSERT INTO alert_outbox (event_key, channel, monitor, kind, payload, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (event_key, channel) DO NOTHING`,
      [event.id, channel, event.monitor, event.kind, redact(JSON.stringify(event)), now],
    );
    return rowCount === 1;
  }

  async dueEntries(now: number, limit = 200): Promise<OutboxEntry[]> {
    const { rows } = await this.sql.query<OutboxRow>(
      `SELECT * FROM alert_outbox o
       WHERE o.status = 'pending' AND o.next_attempt_at <= $1 AND (o.lease_until IS NULL OR o.lease_until < $1)
         AND NOT EXISTS (SELECT 1 FROM alert_outbox p WHERE p.status = 'pending' AND p.channel = o.channel AND p.monitor = o.monitor AND p.id < o.id)
       ORDER BY o.id LIMIT $2`,
      [now, limit],
    );
    return rows.map(toEntry);
  }

  async claim(id: number, owner: string, now: number, leaseUntil: number): Promise<boolean> {
    const { rowCount } = await this.sql.query(
      `UPDATE alert_outbox SET lease_owner = $1, lease_until = $2
       WHERE id = $3 AND status = 'pending' AND next_attempt_at <= $4 AND (lease_until IS NULL OR lease_until < $4)`,
      [owner, leaseUntil, id, now],
    );
    return rowCount === 1;
  }

  async markDelivered(id: number, owner: string, now: number): Promise<void> {
    await this.sql.query(
      `UPDATE alert_outbox SET status = 'delivered', attempts = attempts + 1, finished_at = $1, last_error = NULL, lease_owner = NULL, lease_until = NULL
       WHERE id = $2 AND lease_owner = $3`,
      [now, id, owner],
    );
  }

  async markAttemptFailed(id: number, owner: string, now: number, error: string, retryAt: number | null): Promise<void> {
    await this.sql.query(
      `UPDATE alert_outbox SET attempts = attempts + 1, last_error = $1, lease_owner = NULL, lease_until = NULL,
         status = CASE WHEN $2::bigint IS NULL THEN 'failed' ELSE 'pending' END,
         next_attempt_at = COALESCE($2::bigint, next_attempt_at),
         finished_at = CASE WHEN $2::bigint IS NULL THEN $3::bigint ELSE NULL END
       WHERE id = $4 AND lease_owner = $5`,
      [redact(error), retryAt, now, id, owner],
    );
  }

  async abandon(id: number, now: number, error: string): Promise<void> {
    await this.sql.query(`UPDATE alert_outbox SET status = 'failed', last_error = $1, finished_at = $2 WHERE id = $3 AND status = 'pending'`, [redact(error), now, id]);
  }

  async outbox(filter: { status?: OutboxStatus; monitor?: string; limit?: number } = {}): Promise<OutboxEntry[]> {
    const { rows } = await this.sql.query<OutboxRow>(
      `SELECT * FROM alert_outbox WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR monitor = $2) ORDER BY id DESC LIMIT $3`,
      [filter.status ?? null, filter.monitor ?? null, filter.limit ?? 50],
    );
    return rows.map(toEntry);
  }

  async outboxCounts(): Promise<Record<OutboxStatus, number>> {
    const counts: Record<OutboxStatus, number> = { pending: 0, delivered: 0, failed: 0 };
    const { rows } = await this.sql.query<{ status: OutboxStatus; n: number }>('SELECT status, COUNT(*) AS n FROM alert_outbox GROUP BY status');
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  // — silences —

  async addSilence(monitor: string, startsAt: number, endsAt: number, reason: string | null, createdBy: string | null): Promise<Silence> {
    const { rows } = await this.sql.query<{ id: number }>('INSERT INTO alert_silences (monitor, starts_at, ends_at, reason, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id', [
      monitor,
      startsAt,
      endsAt,
      reason === null ? null : redact(reason),
      createdBy,
    ]);
    return { id: rows[0]!.id, monitor, startsAt, endsAt, reason, createdBy };
  }

  async endSilences(monitor: string, now: number): Promise<number> {
    const { rowCount } = await this.sql.query('UPDATE alert_silences SET ends_at = $1 WHERE monitor = $2 AND ends_at > $1', [now, monitor]);
    return rowCount ?? 0;
  }

  async activeSilence(monitor: string, now: number): Promise<Silence | undefined> {
    const { rows } = await this.sql.query<SilenceRow>('SELECT * FROM alert_silences WHERE monitor = $1 AND starts_at <= $2 AND ends_at > $2 ORDER BY ends_at DESC LIMIT 1', [monitor, now]);
    return rows[0] ? toSilence(rows[0]) : undefined;
  }

  async activeSilences(now: number): Promise<Silence[]> {
    const { rows } = await this.sql.query<SilenceRow>('SELECT * FROM alert_silences WHERE starts_at <= $1 AND ends_at > $1 ORDER BY monitor, ends_at', [now]);
    return rows.map(toSilence);
  }
}
