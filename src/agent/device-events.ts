/**
 * What the agent does with a watcher's heartbeat or events: keep only what the privacy rules let
 * through (kept-data.ts), then merge (heartbeat-merge.ts) or insert in the device store, each in one
 * transaction, so the spool always holds exactly what is stored.
 */
import type { EventRules } from '../activity/agents/agent-event.js';
import type { DeviceBucket, DeviceStore, StoredDeviceEvent } from '../storage/agent-spool/device-store.js';
import { mergeHeartbeat } from './heartbeat-merge.js';
import { keptData } from './kept-data.js';
import type { WireEvent } from './aw-wire.js';

/** A heartbeat not kept is answered as aw-server would answer it, without an id: nothing was stored. */
export type HeartbeatOutcome = { stored: StoredDeviceEvent } | { skipped: string; event: WireEvent };

export function applyHeartbeat(store: DeviceStore, bucket: DeviceBucket, heartbeat: WireEvent, pulsetimeMs: number, rules: EventRules): HeartbeatOutcome {
  const kept = keptData(bucket.type, heartbeat.data, rules);
  if ('skip' in kept) return { skipped: kept.skip, event: heartbeat };
  const data = JSON.stringify(kept.data);
  return {
    stored: store.transaction(() => {
      const last = store.lastEvent(bucket.id);
      const merged = last && mergeHeartbeat({ start: last.start, end: last.end, data: JSON.parse(last.data) }, { start: heartbeat.start, end: heartbeat.end, data: kept.data }, pulsetimeMs);
      if (last && merged) {
        // A heartbeat inside the event changes nothing: not spooled again.
        if (merged.end !== last.end) store.extendEvent(last.id, merged.end);
        return { ...last, end: merged.end };
      }
      const id = store.insertEvent(bucket.id, heartbeat.start, heartbeat.end, data, true);
      return { id, bucket: bucket.id, start: heartbeat.start, end: heartbeat.end, data };
    }),
  };
}

/** POST /events: inserted as they are, never merged (as aw-server does); returns what was kept. */
export function insertEvents(store: DeviceStore, bucket: DeviceBucket, events: readonly WireEvent[], rules: EventRules): StoredDeviceEvent[] {
  const kept = events.flatMap((event) => {
    const outcome = keptData(bucket.type, event.data, rules);
    return 'data' in outcome ? [{ ...event, text: JSON.stringify(outcome.data) }] : [];
  });
  return store.transaction(() => kept.map((e) => ({ id: store.insertEvent(bucket.id, e.start, e.end, e.text), bucket: bucket.id, start: e.start, end: e.end, data: e.text })));
}
