/** Account lifecycle events in SQLite (migration 6). */
import { accountDay, type AccountEvent, type AccountMonthCounts, type AccountsPort, type StoredAccountEvent } from '../ports/accounts.js';
import { ACCOUNT_EVENT_COLUMNS, storedAccountEvent, type AccountEventRow } from '../account-rows.js';
import type { SqliteConnection } from './connection.js';
import type { Runner } from './gate.js';

const INSERT = `INSERT INTO account_events (instance, email, kind, day, at, first_name, last_name, status, via, received_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (instance, email, kind, day) DO NOTHING`;

// strftime on epoch seconds: the UTC month of each event.
const MONTHLY = `SELECT instance, strftime('%Y-%m', at / 1000, 'unixepoch') AS month,
    SUM(kind = 'created') AS created, SUM(kind = 'deactivated') AS deactivated, SUM(kind = 'reactivated') AS reactivated
  FROM account_events WHERE (@instance IS NULL OR instance = @instance) GROUP BY instance, month ORDER BY instance, month`;

export class SqliteAccounts implements AccountsPort {
  constructor(
    private readonly c: SqliteConnection,
    private readonly run: Runner,
  ) {}

  record(events: readonly AccountEvent[], via: string, now: number): Promise<{ inserted: number; duplicates: number }> {
    return this.run(() =>
      this.c.immediate(() => {
        const insert = this.c.sql(INSERT);
        let inserted = 0;
        for (const e of events) inserted += insert.run(e.instance, e.email, e.kind, accountDay(e.at), e.at, e.firstName, e.lastName, e.status, via, now).changes;
        return { inserted, duplicates: events.length - inserted };
      }),
    );
  }

  monthlyCounts(instance?: string): Promise<AccountMonthCounts[]> {
    return this.run(() => this.c.sql(MONTHLY).all({ instance: instance ?? null }) as AccountMonthCounts[]);
  }

  applyRetention(maxAgeMs: number, now: number): Promise<number> {
    return this.run(() => this.c.sql('DELETE FROM account_events WHERE at < ?').run(now - maxAgeMs).changes);
  }

  countByEmail(email: string): Promise<number> {
    return this.run(() => this.c.value('SELECT COUNT(*) FROM account_events WHERE email = ?').get(email) as number);
  }

  eventsByEmail(email: string): Promise<StoredAccountEvent[]> {
    return this.run(() => (this.c.sql(`SELECT ${ACCOUNT_EVENT_COLUMNS} FROM account_events WHERE email = ? ORDER BY at, id`).all(email) as AccountEventRow[]).map(storedAccountEvent));
  }

  deleteByEmail(email: string): Promise<number> {
    return this.run(() => this.c.sql('DELETE FROM account_events WHERE email = ?').run(email).changes);
  }
}
