/**
 * ActivityWatch's heartbeat merge, as aw-server-rust (the server ActivityWatch ships) does it in
 * aw-transform/src/heartbeat.rs: a heartbeat extends the bucket's last event when their data are equal
 * and the heartbeat starts no earlier than that event and no later than its end plus `pulsetime`; the
 * merged event keeps the last event's start and ends at the later of the two ends (never shorter).
 * Otherwise the heartbeat becomes a new event. Times are epoch milliseconds (trackz stores ms; a
 * watcher's microseconds are rounded when read, see aw-wire.ts). docs/agent-protocol.md walks through it.
 */
import { isDeepStrictEqual } from 'node:util';

/** Kept event data: only what trackz keeps of a watcher's data (see kept-data.ts). */
export type EventData = Readonly<Record<string, string>>;

export interface TimedEvent {
  start: number;
  end: number;
  data: EventData;
}

/** The merged event, or undefined when the heartbeat must be stored as a new event. */
export function mergeHeartbeat(last: TimedEvent, heartbeat: TimedEvent, pulsetimeMs: number): TimedEvent | undefined {
  if (!isDeepStrictEqual(last.data, heartbeat.data)) return undefined;
  // Out of order (older than the last event): aw-server-rust refuses to merge and inserts it.
  if (heartbeat.start < last.start) return undefined;
  if (heartbeat.start > last.end + pulsetimeMs) return undefined;
  return { start: last.start, end: Math.max(last.end, heartbeat.end), data: last.data };
}

/** Applies heartbeats in order to an empty bucket, as the agent does: the events ActivityWatch would keep. */
export function reduceHeartbeats(heartbeats: readonly TimedEvent[], pulsetimeMs: number): TimedEvent[] {
  const events: TimedEvent[] = [];
  // aw-server-rust merges into the event the previous heartbeat produced (its cache), not the newest by time.
  let lastIndex = -1;
  for (const heartbeat of heartbeats) {
    const merged = lastIndex >= 0 ? mergeHeartbeat(events[lastIndex]!, heartbeat, pulsetimeMs) : undefined;
    if (merged) events[lastIndex] = merged;
    else lastIndex = events.push({ ...heartbeat }) - 1;
  }
  return events;
}
