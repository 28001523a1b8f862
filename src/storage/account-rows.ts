/** An account event row as both backends select it, and the port's shape of it. */
import type { AccountEvent, StoredAccountEvent } from './ports/accounts.js';

export interface AccountEventRow {
  instance: string;
  email: string;
  kind: AccountEvent['kind'];
  at: number;
  first_name: string | null;
  last_name: string | null;
  status: string | null;
  via: string;
  received_at: number;
}

/** A row as the port hands it out (both backends). */
export const storedAccountEvent = (row: AccountEventRow): StoredAccountEvent => ({
  kind: row.kind,
  email: row.email,
  firstName: row.first_name,
  lastName: row.last_name,
  instance: row.instance,
  status: row.status,
  at: row.at,
  receivedAt: row.received_at,
  via: row.via,
});

export const ACCOUNT_EVENT_COLUMNS = 'instance, email, kind, at, first_name, last_name, status, via, received_at';
