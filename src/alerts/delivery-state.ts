/**
 * What the channels were really told about one monitor and rule, read from the outbox: the alert
 * state's `notified` is what trackz decided to send, which is not yet what arrived. The newest event's
 * rows say whether it was delivered, is still pending (with the error of its last try) or failed.
 * Pure: the caller passes the monitor's outbox rows.
 */
import type { AlertKind } from './alert-event.js';
import type { OutboxEntry, OutboxStatus } from '../storage/ports/alerts.js';

export interface ChannelDelivery {
  channel: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  /** Delivered or failed at; for pending, the next try. */
  at: number;
}

export interface DeliveryState {
  /** The newest notification queued for this monitor and rule, and how it went on each channel. */
  latest: { event: string; kind: AlertKind; queuedAt: number; channels: ChannelDelivery[] } | null;
  /** The newest notification that reached at least one channel. */
  lastDelivered: { event: string; kind: AlertKind; at: number } | null;
}

export function deliveryState(entries: readonly OutboxEntry[], rule: string): DeliveryState {
  const mine = entries.filter((entry) => entry.event.rule === rule).sort((a, b) => b.id - a.id);
  const newest = mine[0];
  const delivered = mine.find((entry) => entry.status === 'delivered');
  return {
    latest: newest
      ? {
          event: newest.eventKey,
          kind: newest.kind,
          queuedAt: newest.createdAt,
          channels: mine
            .filter((entry) => entry.eventKey === newest.eventKey)
            .sort((a, b) => a.channel.localeCompare(b.channel))
            .map((entry) => ({ channel: entry.channel, status: entry.status, attempts: entry.attempts, lastError: entry.lastError, at: entry.status === 'pending' ? entry.nextAttemptAt : (entry.finishedAt ?? entry.createdAt) })),
        }
      : null,
    lastDelivered: delivered ? { event: delivered.eventKey, kind: delivered.kind, at: delivered.finishedAt ?? delivered.createdAt } : null,
  };
}
