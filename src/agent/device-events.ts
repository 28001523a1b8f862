/**
 * What the agent does with a watcher's heartbeat or events: keep only what the privacy rules let
 * through (kept-data.ts), then merge (heartbeat-merge.ts) or insert in the device store, each in one
 * transaction, so the spool always holds exactly what is stored.
 */
import type { EventRules } from '../activity/agents/agent-event.js';
import type { DeviceBucket, DeviceStore, StoredDeviceEvent } from '../storage/agent-spool/device-store.js';
import { mergeHeartbeat, type EventData } from './heartbeat-merge.js';
import { keptData } from './kept-data.js';
import type { WireEvent } from './aw-wire.js';

/** A heartbeat not kept is answered as aw-server would answer it, without an id: nothing was stored. */
export type HeartbeatOutcome = { stored: StoredDeviceEvent } | { skipped: string; event: WireEvent };

/** Inside a transaction: the heartbeat merged into the bucket's last event, or stored as a new one. */
function mergeOrInsert(store: DeviceStore, bucket: DeviceBucket, heartbeat: WireEvent, data: EventData, pulsetimeMs: number): StoredDeviceEvent {
  const last = store.lastEvent(bucket.id);
  const merged = last && mergeHeartbeat({ start: last.start, end: last.end, data: JSON.parse(last.data) }, { start: heartbeat.start, end: heartbeat.end, data }, pulsetimeMs);
  if (last && merged) {
    // A heartbeat inside the event changes nothing: not spooled again.
    if (merged.end !== last.end) store.extendEvent(last.id, merged.end);
    return { ...last, end: merged.end };
  }
  const text = JSON.stringify(data);
  const id = store.insertEvent(bucket.id, heartbeat.start, heartbeat.end, text, true);
  return { id, bucket: bucket.id, start: heartbeat.start, end: heartbeat.end, data: text };
}

interface QueuedHeartbeat {
  bucket: DeviceBucket;
  heartbeat: WireEvent;
  data: EventData;
  pulsetimeMs: number;
  done: (event: StoredDeviceEvent) => void;
  fail: (error: unknown) => void;
}

/**
 * Group commit: heartbeats that arrive in the same turn of the event loop (several watchers, several
 * connections) are applied in arrival order in ONE transaction, and each is answered only after that
 * transaction committed, so an answered heartbeat is on disk. The same events as one by one, for
 * fewer commits.
 */
export class HeartbeatQueue {
  private queued: QueuedHeartbeat[] = [];

  constructor(
    private readonly store: DeviceStore,
    private readonly rules: EventRules,
  ) {}

  apply(bucket: DeviceBucket, heartbeat: WireEvent, pulsetimeMs: number): Promise<HeartbeatOutcome> {
    const kept = keptData(bucket.type, heartbeat.data, this.rules);
    if ('skip' in kept) return Promise.resolve({ skipped: kept.skip, event: heartbeat });
    return new Promise((resolve, reject) => {
      if (this.queued.push({ bucket, heartbeat, data: kept.data, pulsetimeMs, done: (stored) => resolve({ stored }), fail: reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.queued;
    this.queued = [];
    let stored: StoredDeviceEvent[];
    try {
      stored = this.store.transaction(() => batch.map((q) => mergeOrInsert(this.store, q.bucket, q.heartbeat, q.data, q.pulsetimeMs)));
    } catch (error) {
      for (const q of batch) q.fail(error);
      return;
    }
    batch.forEach((q, i) => q.done(stored[i]!));
  }
}

/** POST /events: inserted as they are, never merged (as aw-server does); returns what was kept. */
export function insertEvents(store: DeviceStore, bucket: DeviceBucket, events: readonly WireEvent[], rules: EventRules): StoredDeviceEvent[] {
  const kept = events.flatMap((event) => {
    const outcome = keptData(bucket.type, event.data, rules);
    return 'data' in outcome ? [{ ...event, text: JSON.stringify(outcome.data) }] : [];
  });
  return store.transaction(() => kept.map((e) => ({ id: store.insertEvent(bucket.id, e.start, e.end, e.text), bucket: bucket.id, start: e.start, end: e.end, data: e.text })));
}
