/**
 * The one interface every channel implements (one folder per channel, like Gatus's
 * alerting/provider/<name>). A channel sends one notification or throws; retries, leases and
 * time budgets belong to the delivery loop, not to channels.
 */
import type { AlertEvent } from '../alert-event.js';

export interface Notification {
  /** The idempotency key (the event's id): sent as a header or a stable Message-ID. */
  key: string;
  event: AlertEvent;
}

export interface AlertChannel {
  readonly name: string;
  readonly type: 'email' | 'webhook' | 'command';
  /** Time limit for one send. */
  readonly timeoutMs: number;
  /** Where it delivers, safe to print (webhook URLs are cut to scheme and host). */
  readonly target: string;
  /** Resolves once the receiver accepted the notification; throws (redacted) otherwise. Honours `signal`. */
  send(notification: Notification, signal: AbortSignal): Promise<void>;
  /** Releases connections; called once when a delivery pass ends. */
  close(): Promise<void>;
}

export interface ChannelContext {
  /** The config file's directory: command channels run there. */
  configDir: string;
  /** The environment commands inherit. */
  env: Record<string, string | undefined>;
}

/** Rejects when `signal` aborts, for libraries that take no AbortSignal. */
export function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
