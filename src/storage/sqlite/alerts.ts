/**
 * Alerts in SQLite (migration 2): state per monitor and rule, the outbox with its leases, silences.
 * No decisions here; src/alerts makes them. The outbox's UNIQUE (event_key, channel) is what makes a
 * second writer's insert a no-op; a claim is one conditional UPDATE, so two processes never hold one row.
 */
import type { AlertEvent } from '../../alerts/alert-event.js';
import type { AlertState, Phase } from '../../alerts/alert-state.js';
import { redact, redactedPayload, redactedState } from '../alert-redaction.js';
import type { AlertsPort, OutboxEntry, OutboxStatus, Silence } from '../ports/alerts.js';
import type { SqliteConnection } from './connection.js';
import type { Runner } from './gate.js';
import { toEntry, toSilence, type OutboxRow, type SilenceRow } from '../rows/alerts.js';

export class SqliteAlerts implements AlertsPort {
  constructor(
    private readonly c: SqliteConnection,
    private readonly run: Runner,
  ) {}

  // — state —

  getState(monitor: string, rule: string): Promise<AlertState | undefined> {
    return this.run(() => {
      const json = this.c.value('SELECT state FROM alert_states WHERE monitor = ? AND rule = ?').get(monitor, rule) as string | undefined;
      return json === undefined ? undefined : (JSON.parse(json) as AlertState);
    });
  }

  putState(state: AlertState, now: number): Promise<void> {
    return this.run(() => {
      this.c
        .sql('INSERT INTO alert_states (monitor, rule, phase, state, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (monitor, rule) DO UPDATE SET phase = excluded.phase, state = excluded.state, updated_at = excluded.updated_at')
        .run(state.monitor, state.rule, state.phase, JSON.stringify(redactedState(state)), now);
    });
  }

  states(filter: { monitor?: string; phases?: Phase[] } = {}): Promise<AlertState[]> {
    return this.run(() => {
      const rows = (
        filter.monitor === undefined ? this.c.value('SELECT state FROM alert_states ORDER BY monitor, rule').all() : this.c.value('SELECT state FROM alert_states WHERE monitor = ? ORDER BY rule').all(filter.monitor)
      ) as string[];
      const states = rows.map((json) => JSON.parse(json) as AlertState);
      return filter.phases ? states.filter((s) => filter.phases!.includes(s.phase)) : states;
    });
  }

  // — outbox —

  enqueue(event: AlertEvent, channel: string, now: number): Promise<boolean> {
    return this.run(
      () =>
        this.c
          .sql('INSERT INTO alert_outbox (event_key, channel, monitor, kind, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_key, channel) DO NOTHING')
          .run(event.id, channel, event.monitor, event.kind, redactedPayload(event), now, now).changes === 1,
    );
  }

  dueEntries(now: number, limit = 200): Promise<OutboxEntry[]> {
    return this.run(() =>
      (
        this.c
          .sql(
            `SELECT * FROM alert_outbox o
             WHERE o.status = 'pending' AND o.next_attempt_at <= ? AND (o.lease_until IS NULL OR o.lease_until < ?)
               AND NOT EXISTS (SELECT 1 FROM alert_outbox p WHERE p.status = 'pending' AND p.channel = o.channel AND p.monitor = o.monitor AND p.id < o.id)
             ORDER BY o.id LIMIT ?`,
          )
          .all(now, now, limit) as OutboxRow[]
      ).map(toEntry),
    );
  }

  claim(id: number, owner: string, now: number, leaseUntil: number): Promise<boolean> {
    return this.run(
      () =>
        this.c
          .sql(`UPDATE alert_outbox SET lease_owner = ?, lease_until = ? WHERE id = ? AND status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)`)
          .run(owner, leaseUntil, id, now, now).changes === 1,
    );
  }

  markDelivered(id: number, owner: string, now: number): Promise<void> {
    return this.run(() => {
      this.c
        .sql(`UPDATE alert_outbox SET status = 'delivered', attempts = attempts + 1, finished_at = ?, last_error = NULL, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?`)
        .run(now, id, owner);
    });
  }

  markAttemptFailed(id: number, owner: string, now: number, error: string, retryAt: number | null): Promise<void> {
    return this.run(() => {
      this.c
        .sql(
          `UPDATE alert_outbox SET attempts = attempts + 1, last_error = ?, lease_owner = NULL, lease_until = NULL,
             status = CASE WHEN ? IS NULL THEN 'failed' ELSE 'pending' END,
             next_attempt_at = COALESCE(?, next_attempt_at),
             finished_at = CASE WHEN ? IS NULL THEN ? ELSE NULL END
           WHERE id = ? AND lease_owner = ?`,
        )
        .run(redact(error), retryAt, retryAt, retryAt, now, id, owner);
    });
  }

  abandon(id: number, now: number, error: string): Promise<void> {
    return this.run(() => {
      this.c.sql(`UPDATE alert_outbox SET status = 'failed', last_error = ?, finished_at = ? WHERE id = ? AND status = 'pending'`).run(redact(error), now, id);
    });
  }

  outbox(filter: { status?: OutboxStatus; monitor?: string; limit?: number } = {}): Promise<OutboxEntry[]> {
    return this.run(() => {
      const rows = this.c
        .sql('SELECT * FROM alert_outbox WHERE (? IS NULL OR status = ?) AND (? IS NULL OR monitor = ?) ORDER BY id DESC LIMIT ?')
        .all(filter.status ?? null, filter.status ?? null, filter.monitor ?? null, filter.monitor ?? null, filter.limit ?? 50) as OutboxRow[];
      return rows.map(toEntry);
    });
  }

  outboxCounts(): Promise<Record<OutboxStatus, number>> {
    return this.run(() => {
      const counts: Record<OutboxStatus, number> = { pending: 0, delivered: 0, failed: 0 };
      for (const row of this.c.sql('SELECT status, COUNT(*) AS n FROM alert_outbox GROUP BY status').all() as { status: OutboxStatus; n: number }[]) counts[row.status] = row.n;
      return counts;
    });
  }

  // — silences —

  addSilence(monitor: string, startsAt: number, endsAt: number, reason: string | null, createdBy: string | null): Promise<Silence> {
    return this.run(() => {
      const id = Number(
        this.c.sql('INSERT INTO alert_silences (monitor, starts_at, ends_at, reason, created_by) VALUES (?, ?, ?, ?, ?)').run(monitor, startsAt, endsAt, reason === null ? null : redact(reason), createdBy).lastInsertRowid,
      );
      return { id, monitor, startsAt, endsAt, reason, createdBy };
    });
  }

  endSilences(monitor: string, now: number): Promise<number> {
    return this.run(() => this.c.sql('UPDATE alert_silences SET ends_at = ? WHERE monitor = ? AND ends_at > ?').run(now, monitor, now).changes);
  }

  activeSilence(monitor: string, now: number): Promise<Silence | undefined> {
    return this.run(() => {
      const row = this.c.sql('SELECT * FROM alert_silences WHERE monitor = ? AND starts_at <= ? AND ends_at > ? ORDER BY ends_at DESC LIMIT 1').get(monitor, now, now) as SilenceRow | undefined;
      return row ? toSilence(row) : undefined;
    });
  }

  activeSilences(now: number): Promise<Silence[]> {
    return this.run(() => (this.c.sql('SELECT * FROM alert_silences WHERE starts_at <= ? AND ends_at > ? ORDER BY monitor, ends_at').all(now, now) as SilenceRow[]).map(toSilence));
  }
}
