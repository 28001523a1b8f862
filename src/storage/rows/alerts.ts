/** Alert rows as both backends read them (the same columns), and what the port hands out. */
import type { AlertEvent, AlertKind } from '../../alerts/alert-event.js';
import type { OutboxEntry, OutboxStatus, Silence } from '../ports/alerts.js';

export interface OutboxRow {
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

export interface SilenceRow {
  id: number;
  monitor: string;
  starts_at: number;
  ends_at: number;
  reason: string | null;
  created_by: string | null;
}

export const toEntry = (row: OutboxRow): OutboxEntry => ({
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

export const toSilence = (row: SilenceRow): Silence => ({
  id: row.id,
  monitor: row.monitor,
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  reason: row.reason,
  createdBy: row.created_by,
});
