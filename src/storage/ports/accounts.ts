/**
 * Account lifecycle events: an application reports that a user account was created, deactivated or
 * reactivated on one of its client instances (the B2B seed of issue 12). They arrive by
 * `trackz import --accounts` and `POST /api/v1/accounts/events`, already validated and normalised
 * (src/activity/accounts/account-event.ts): the email lower-cased, the date a UTC day.
 *
 * One event per instance + email + kind + day: sending it again (a retried request, a re-imported
 * file) adds nothing, so both doors are idempotent.
 */

export const ACCOUNT_EVENT_KINDS = ['created', 'deactivated', 'reactivated'] as const;
export type AccountEventKind = (typeof ACCOUNT_EVENT_KINDS)[number];

export interface AccountEvent {
  kind: AccountEventKind;
  /** Lower-cased and trimmed: the key data requests find a person by. */
  email: string;
  firstName: string | null;
  lastName: string | null;
  /** The client instance the account belongs to (the application's identifier). */
  instance: string;
  /** The application's own status flag, as it sent it (text). */
  status: string | null;
  /** When it happened, epoch ms; its UTC day is part of the event's identity. */
  at: number;
}

export interface StoredAccountEvent extends AccountEvent {
  /** When trackz first received it, epoch ms. */
  receivedAt: number;
  /** Which door it came through: `import`, or `api:<key name>`. */
  via: string;
}

/** Events per instance and UTC month (`YYYY-MM`), by kind: the raw figures of the monthly report. */
export interface AccountMonthCounts {
  instance: string;
  month: string;
  created: number;
  deactivated: number;
  reactivated: number;
}

export interface AccountsPort {
  /** Stores new events in one transaction; an event already stored (same instance, email, kind, day) is counted as a duplicate. */
  record(events: readonly AccountEvent[], via: string, now: number): Promise<{ inserted: number; duplicates: number }>;
  /** Every instance's counts per month, oldest first (the report carries the active figure across months). */
  monthlyCounts(instance?: string): Promise<AccountMonthCounts[]>;
  /** Deletes events that happened before `now - maxAgeMs`; returns how many went. */
  applyRetention(maxAgeMs: number, now: number): Promise<number>;
  // data rights: a person is found by email
  countByEmail(email: string): Promise<number>;
  /** Every event of that email, oldest first. */
  eventsByEmail(email: string): Promise<StoredAccountEvent[]>;
  deleteByEmail(email: string): Promise<number>;
}

/** The UTC day of an event, `YYYY-MM-DD`: part of its identity. */
export const accountDay = (at: number): string => new Date(at).toISOString().slice(0, 10);
