/**
 * ActivityWatch's JSON shapes on the wire: events as `{id, timestamp, duration, data}` (ISO time,
 * duration in seconds), buckets as aw-server returns them. Parsing is strict about what it needs and
 * says what is wrong in one line; times are rounded to milliseconds.
 */
import { parseAnyTimestamp } from '../activity/sites/log-timestamp.js';
import type { DeviceBucket, StoredDeviceEvent } from '../storage/agent-spool/device-store.js';

export class WireError extends Error {
  override name = 'WireError';
}

export interface WireEvent {
  start: number;
  end: number;
  data: Record<string, unknown>;
}

export function parseTime(value: unknown, what: string): number {
  const ms = typeof value === 'string' ? parseAnyTimestamp(value) : NaN;
  if (!Number.isFinite(ms)) throw new WireError(`${what}: expected an ISO 8601 time, found ${JSON.stringify(value)?.slice(0, 60)}`);
  return Math.round(ms);
}

export function parseEvent(raw: unknown, what = 'event'): WireEvent {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new WireError(`${what}: expected a JSON object with timestamp, duration and data`);
  const { timestamp, duration, data } = raw as Record<string, unknown>;
  const start = parseTime(timestamp, `${what}.timestamp`);
  if (duration !== undefined && (typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0)) throw new WireError(`${what}.duration: expected a number of seconds ≥ 0`);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new WireError(`${what}.data: expected a JSON object`);
  return { start, end: start + Math.round(((duration as number | undefined) ?? 0) * 1000), data: data as Record<string, unknown> };
}

/** `pulsetime` in seconds (required by aw-server) as milliseconds. */
export function parsePulsetime(value: string | null): number {
  const seconds = value === null ? NaN : Number(value);
  if (value === null || value === '' || !Number.isFinite(seconds) || seconds < 0) throw new WireError('pulsetime: expected a number of seconds ≥ 0 (…/heartbeat?pulsetime=60)');
  return Math.round(seconds * 1000);
}

export function eventJson(event: StoredDeviceEvent): { id: number; timestamp: string; duration: number; data: unknown } {
  return { id: event.id, timestamp: new Date(event.start).toISOString(), duration: (event.end - event.start) / 1000, data: JSON.parse(event.data) };
}

export function bucketJson(bucket: DeviceBucket & { lastUpdated?: number | null }): Record<string, unknown> {
  const json: Record<string, unknown> = { id: bucket.id, name: bucket.id, type: bucket.type, client: bucket.client, hostname: bucket.hostname, created: bucket.created, data: {} };
  if (bucket.lastUpdated != null) json.last_updated = new Date(bucket.lastUpdated).toISOString();
  return json;
}
