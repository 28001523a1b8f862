/** Account lifecycle events in PostgreSQL (migration 6): the same port as SQLite's, a batch in one statement. */
import { accountDay, type AccountEvent, type AccountMonthCounts, type AccountsPort, type StoredAccountEvent } from '../ports/accounts.js';
import { ACCOUNT_EVENT_COLUMNS, storedAccountEvent, type AccountEventRow } from '../account-rows.js';
import { numberArray, textArray } from './pg-arrays.js';
import type { Sql } from './sql-session.js';

// One statement per batch: a column per array (pg-arrays.ts). ON CONFLICT DO NOTHING also absorbs a
// duplicate inside the batch itself.
const INSERT = `INSERT INTO account_events (instance, email, kind, day, at, first_name, last_name, status, via, received_at)
  SELECT i, e, k, d, a, f, l, s, $9, $10
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[]) AS t(i, e, k, d, a, f, l, s)
  ON CONFLICT (instance, email, kind, day) DO NOTHING`;

const MONTHLY = `SELECT instance, to_char(to_timestamp(at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
    COUNT(*) FILTER (WHERE kind = 'created')::int AS created,
    COUNT(*) FILTER (WHERE kind = 'deactivated')::int AS deactivated,
    COUNT(*) FILTER (WHERE kind = 'reactivated')::int AS reactivated
  FROM account_events WHERE ($1::text IS NULL OR instance = $1) GROUP BY instance, month ORDER BY instance, month`;

export class PgAccountsPort implements AccountsPort {
  constructor(private readonly sql: Sql) {}

  async record(events: readonly AccountEvent[], via: string, now: number): Promise<{ inserted: number; duplicates: number }> {
    if (events.length === 0) return { inserted: 0, duplicates: 0 };
    const column = <T>(pick: (e: AccountEvent) => T) => events.map(pick);
    const { rowCount } = await this.sql.query(INSERT, [
      textArray(column((e) => e.instance)),
      textArray(column((e) => e.email)),
      textArray(column((e) => e.kind)),
      textArray(column((e) => accountDay(e.at))),
      numberArray(column((e) => e.at)),
      textArray(column((e) => e.firstName)),
      textArray(column((e) => e.lastName)),
      textArray(column((e) => e.status)),
      via,
      now,
    ]);
    const inserted = rowCount ?? 0;
    return { inserted, duplicates: events.length - inserted };
  }

  async monthlyCounts(instance?: string): Promise<AccountMonthCounts[]> {
    return (await this.sql.query<AccountMonthCounts>(MONTHLY, [instance ?? null])).rows;
  }

  async applyRetention(maxAgeMs: number, now: number): Promise<number> {
    return (await this.sql.query('DELETE FROM account_events WHERE at < $1', [now - maxAgeMs])).rowCount ?? 0;
  }

  async countByEmail(email: string): Promise<number> {
    return (await this.sql.query<{ n: number }>('SELECT COUNT(*) AS n FROM account_events WHERE email = $1', [email])).rows[0]!.n;
  }

  async eventsByEmail(email: string): Promise<StoredAccountEvent[]> {
    const { rows } = await this.sql.query<AccountEventRow>(`SELECT ${ACCOUNT_EVENT_COLUMNS} FROM account_events WHERE email = $1 ORDER BY at, id`, [email]);
    return rows.map(storedAccountEvent);
  }

  async deleteByEmail(email: string): Promise<number> {
    return (await this.sql.query('DELETE FROM account_events WHERE email = $1', [email])).rowCount ?? 0;
  }
}
