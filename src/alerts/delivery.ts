/**
 * Delivery: send what the outbox holds. Each entry is claimed with a lease before it is sent, so two
 * processes never send the same row; it is marked delivered, or retried later with back-off, or
 * failed after the attempt limit. Bounded everywhere: a time budget for the pass, a time limit per
 * send (the lease outlives it), a cap on rounds. A channel that fails once is left alone for the
 * rest of the pass, so a dead SMTP server costs one attempt, not one per queued message.
 *
 * At-least-once, made exactly-once where it matters: a crash between a send and its mark leaves the
 * row pending, and it is sent again after its lease expires, with the same Idempotency-Key header or
 * Message-ID, so the receiver can tell.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../core/log.js';
import { formatDuration } from '../core/duration.js';
import { plural } from '../core/plural.js';
import { oneLine } from '../core/sanitize.js';
import { redact } from '../privacy/redactor.js';
import { retryDelayMs } from './backoff.js';
import type { DeliverySettings } from './alert-settings.js';
import type { AlertChannel } from './channels/alert-channel.js';
import type { AlertsPort, OutboxEntry } from '../storage/ports/alerts.js';

/** The lease outlives the send's own time limit by this much. */
export const LEASE_MARGIN_MS = 5000;
/** A send that ignores its AbortSignal is abandoned this long after its time limit. */
const SEND_GRACE_MS = 1000;
const MAX_ROUNDS = 50;

export interface ChannelSource {
  get(name: string): Promise<AlertChannel> | undefined;
}

export interface DeliveryOptions {
  alerts: AlertsPort;
  channels: ChannelSource;
  delivery: DeliverySettings;
  budgetMs?: number;
  now?: () => number;
  random?: () => number;
  owner?: string;
  log?: Logger;
  signal?: AbortSignal;
  /** Hears each outcome as it happens (the runtime turns them into events), with the entry as it now stands. */
  onOutcome?: (outcome: DeliveryOutcome) => void;
}

export type DeliveryOutcome =
  | { kind: 'sent'; entry: OutboxEntry }
  | { kind: 'retrying'; entry: OutboxEntry; error: string }
  | { kind: 'failed'; entry: OutboxEntry; error: string };

export interface DeliveryReport {
  delivered: OutboxEntry[];
  retrying: { entry: OutboxEntry; error: string; retryAt: number }[];
  failed: { entry: OutboxEntry; error: string }[];
  /** Due entries left for a later pass (time budget spent, or their channel failed in this pass). */
  deferred: number;
}

export function leaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** Runs one send with a hard time limit, whatever the channel does with its signal. */
export async function sendWithin(channel: AlertChannel, entry: Pick<OutboxEntry, 'eventKey' | 'event'>, timeoutMs: number, outer?: AbortSignal): Promise<void> {
  const controller = new AbortController();
  const onOuter = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuter, { once: true });
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${formatDuration(timeoutMs)}`)), timeoutMs);
  let guard: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      channel.send({ key: entry.eventKey, event: entry.event }, controller.signal),
      new Promise<never>((_, reject) => {
        guard = setTimeout(() => reject(new Error(`no answer within ${formatDuration(timeoutMs)}`)), timeoutMs + SEND_GRACE_MS);
      }),
    ]);
  } catch (error) {
    // A failure quotes what the receiver said (a webhook's body, an SMTP reply, a script's stderr):
    // one clean line, as every result message is, before it is logged, stored or printed.
    throw new Error(oneLine(redact((error as Error)?.message || String(error))), { cause: error });
  } finally {
    clearTimeout(timer);
    clearTimeout(guard);
    outer?.removeEventListener('abort', onOuter);
  }
}

export async function deliverOutbox(options: DeliveryOptions): Promise<DeliveryReport> {
  const { alerts, channels, delivery } = options;
  const now = options.now ?? Date.now;
  const owner = options.owner ?? leaseOwner();
  const deadline = now() + (options.budgetMs ?? delivery.budgetMs);
  const report: DeliveryReport = { delivered: [], retrying: [], failed: [], deferred: 0 };
  const broken = new Set<string>();

  const attempt = async (entry: OutboxEntry): Promise<boolean> => {
    const remaining = deadline - now();
    if (remaining <= 0 || broken.has(entry.channel) || options.signal?.aborted) return false;
    const pending = channels.get(entry.channel);
    if (!pending) {
      const error = `channel "${entry.channel}" is no longer in the config`;
      await alerts.abandon(entry.id, now(), error);
      report.failed.push({ entry, error });
      options.onOutcome?.({ kind: 'failed', entry: { ...entry, status: 'failed', lastError: error, finishedAt: now() }, error });
      return true;
    }
    let channel: AlertChannel;
    try {
      channel = await pending;
    } catch (error) {
      broken.add(entry.channel);
      options.log?.warn(`alert channel ${entry.channel} cannot be set up: ${(error as Error).message}`);
      return false;
    }
    const timeoutMs = Math.min(channel.timeoutMs, remaining);
    if (!(await alerts.claim(entry.id, owner, now(), now() + timeoutMs + LEASE_MARGIN_MS))) return false;
    try {
      await sendWithin(channel, entry, timeoutMs, options.signal);
      const at = now();
      await alerts.markDelivered(entry.id, owner, at);
      report.delivered.push(entry);
      options.onOutcome?.({ kind: 'sent', entry: { ...entry, status: 'delivered', attempts: entry.attempts + 1, lastError: null, finishedAt: at, leaseOwner: null, leaseUntil: null } });
      options.log?.info(`alert ${entry.kind} ${entry.monitor} → ${entry.channel}: delivered`);
    } catch (error) {
      broken.add(entry.channel);
      const message = redact((error as Error).message || String(error));
      const attempts = entry.attempts + 1;
      if (attempts >= delivery.maxAttempts) {
        const at = now();
        await alerts.markAttemptFailed(entry.id, owner, at, message, null);
        report.failed.push({ entry, error: message });
        options.onOutcome?.({ kind: 'failed', entry: { ...entry, status: 'failed', attempts, lastError: message, finishedAt: at, leaseOwner: null, leaseUntil: null }, error: message });
        options.log?.error(`alert ${entry.kind} ${entry.monitor} → ${entry.channel}: failed after ${plural(attempts, 'attempt')}, giving up: ${message}`);
      } else {
        const retryAt = now() + retryDelayMs(attempts, delivery, options.random);
        await alerts.markAttemptFailed(entry.id, owner, now(), message, retryAt);
        report.retrying.push({ entry, error: message, retryAt });
        options.onOutcome?.({ kind: 'retrying', entry: { ...entry, attempts, nextAttemptAt: retryAt, lastError: message, leaseOwner: null, leaseUntil: null }, error: message });
        options.log?.warn(`alert ${entry.kind} ${entry.monitor} → ${entry.channel}: attempt ${attempts}/${delivery.maxAttempts} failed (${message}); retry in ${formatDuration(retryAt - now())}`);
      }
    }
    return true;
  };

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const due = (await alerts.dueEntries(now())).filter((entry) => !broken.has(entry.channel));
    if (due.length === 0 || deadline - now() <= 0) break;
    // Channels in parallel; within a channel, one at a time, in order.
    const byChannel = new Map<string, OutboxEntry[]>();
    for (const entry of due) byChannel.set(entry.channel, [...(byChannel.get(entry.channel) ?? []), entry]);
    const progress = await Promise.all(
      [...byChannel.values()].map(async (entries) => {
        let moved = false;
        for (const entry of entries) moved = (await attempt(entry)) || moved;
        return moved;
      }),
    );
    if (!progress.some(Boolean)) break;
  }
  report.deferred = (await alerts.dueEntries(now())).length;
  return report;
}
