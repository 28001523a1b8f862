/**
 * Empties the device store's spool into a sink (the server over HTTP(S), or the config's own
 * storage), one batch at a time, oldest first. A batch is marked sent only after the sink confirmed
 * it, with the versions it carried; so a failure or a kill between sending and marking leaves it
 * spooled and it is sent again, which the sink's upsert by (device, bucket, start) makes harmless.
 * Failures back off exponentially (1 s … 60 s, with jitter); new events wake it after a short delay
 * that gathers heartbeats into one batch.
 */
import type { PushBatch } from '../activity/agents/push-batch.js';
import type { DeviceStore, SpooledEvent } from '../storage/agent-spool/device-store.js';

export interface ForwardSink {
  /** Where batches go, for messages. */
  readonly label: string;
  /** Resolves once the batch is stored; rejects with a one-line reason otherwise. */
  deliver(batch: PushBatch): Promise<void>;
}

export interface ForwarderOptions {
  store: DeviceStore;
  sink: ForwardSink;
  /** Overrides the hostname of every bucket (`--device`). */
  device?: string;
  batchSize?: number;
  /** Wait after new events before sending, so heartbeats gather (ms). */
  gatherMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  log?: (line: string) => void;
}

export function spooledBatch(store: DeviceStore, events: readonly SpooledEvent[], device?: string): PushBatch {
  const names = [...new Set(events.map((e) => e.bucket))];
  const buckets = names.flatMap((id) => {
    const b = store.bucket(id);
    return b ? [{ id, type: b.type, client: b.client, hostname: device ?? b.hostname }] : [];
  });
  return {
    buckets,
    events: events.map((e) => ({ bucket: e.bucket, timestamp: new Date(e.start).toISOString(), duration: (e.end - e.start) / 1000, data: JSON.parse(e.data) as Record<string, string> })),
  };
}

export class Forwarder {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private failures = 0;
  /** Events confirmed by the sink since start. */
  delivered = 0;

  constructor(private readonly options: ForwarderOptions) {}

  /** New events were spooled: send them soon (unless backing off after a failure). */
  wake(): void {
    if (this.stopped || this.timer || this.running || this.failures > 0) return;
    this.schedule(this.options.gatherMs ?? 500);
  }

  start(): void {
    this.schedule(0);
  }

  /** Stops; waits for a batch in flight to be confirmed (or fail). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Sends until the spool is empty or a batch fails; resolves either way. */
  async drain(): Promise<boolean> {
    const { store, sink } = this.options;
    const size = this.options.batchSize ?? 1_000;
    for (;;) {
      const events = store.spooled(size);
      if (events.length === 0) return true;
      try {
        await sink.deliver(spooledBatch(store, events, this.options.device));
      } catch (error) {
        this.failures++;
        this.options.log?.(`cannot deliver ${events.length} events to ${sink.label}: ${(error as Error).message}; ${store.spooledCount()} spooled, retrying`);
        return false;
      }
      store.markSent(events);
      this.delivered += events.length;
      if (this.failures > 0) this.options.log?.(`delivered to ${sink.label} again`);
      this.failures = 0;
      if (this.stopped) return true;
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.drain()
        .then((ok) => {
          if (!ok) this.schedule(this.backoff());
          else if (this.options.store.spooledCount() > 0) this.schedule(0);
        })
        .finally(() => (this.running = undefined));
    }, ms);
    this.timer.unref?.();
  }

  private backoff(): number {
    const min = this.options.minBackoffMs ?? 1_000;
    const max = this.options.maxBackoffMs ?? 60_000;
    const base = Math.min(max, min * 2 ** Math.min(this.failures - 1, 16));
    return Math.round(base * (0.75 + Math.random() * 0.5));
  }
}
