/**
 * The generic event format, for devices that do not run ActivityWatch: NDJSON (one JSON object per
 * line) or CSV (a header line, then one event per line), with the fields
 *   timestamp  ISO 8601, or epoch seconds / milliseconds        (required)
 *   duration   seconds                                           (default 0)
 *   device     the device's name                                 (required)
 *   app        the focused application
 *   title      its window title
 *   url        the page, when the app is a browser (its host becomes the web domain)
 *   afk        true/false: the line reports the AFK status for that period instead of an app
 * Unknown fields are ignored. Each event lands in a window bucket (or an AFK bucket) of its device.
 */
import { buildEvent, epochMs, type AgentBucket, type AgentEvent, type EventRules } from './agent-event.js';
import { parseAnyTimestamp } from '../sites/log-timestamp.js';

export interface GenericEvent {
  bucket: AgentBucket;
  event: AgentEvent;
}

/** One generic event as kept, or why it is not ('malformed' comes with a reason). */
export function genericEvent(fields: Record<string, unknown>, rules: EventRules): GenericEvent | { skip: 'malformed'; reason: string } | { skip: 'incognito' | 'redaction-drop' } {
  const { timestamp, duration, device, afk } = fields;
  const start =
    typeof timestamp === 'number'
      ? epochMs(timestamp)
      : typeof timestamp === 'string' && /^\d+(\.\d+)?$/.test(timestamp.trim())
        ? epochMs(Number(timestamp))
        : typeof timestamp === 'string'
          ? parseAnyTimestamp(timestamp.trim())
          : NaN;
  if (!Number.isFinite(start)) return { skip: 'malformed', reason: 'timestamp missing or not understood' };
  if (typeof device !== 'string' || device.trim() === '') return { skip: 'malformed', reason: 'device missing' };
  const seconds = duration === undefined || duration === '' ? 0 : Number(duration);
  if (!Number.isFinite(seconds) || seconds < 0) return { skip: 'malformed', reason: 'duration is not a number of seconds' };
  const name = device.trim();
  const end = start + Math.round(seconds * 1000);
  const afkValue = afk === undefined || afk === '' ? undefined : afk === true || afk === 'true' || afk === '1' ? true : afk === false || afk === 'false' || afk === '0' ? false : null;
  if (afkValue === null) return { skip: 'malformed', reason: 'afk must be true or false' };
  if (afkValue !== undefined) {
    return { bucket: { name: `trackz-events-afk_${name}`, type: 'afkstatus', device: name, client: 'trackz-events' }, event: { start, end, status: afkValue ? 'afk' : 'not-afk' } };
  }
  const event = buildEvent('currentwindow', start, end, { app: fields.app, title: fields.title, url: fields.url, incognito: fields.incognito === true || fields.incognito === 'true' }, rules);
  if (typeof event === 'string') return event === 'malformed' ? { skip: 'malformed', reason: 'not an event' } : { skip: event };
  return { bucket: { name: `trackz-events-window_${name}`, type: 'currentwindow', device: name, client: 'trackz-events' }, event };
}

/** The format of an event file: from its extension, else its first bytes. */
export function eventFileFormat(path: string, head: Buffer): 'csv' | 'ndjson' | 'export' {
  const start = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{') && /^\{\s*"buckets"\s*:/.test(start)) return 'export';
  if (path.toLowerCase().endsWith('.csv')) return 'csv';
  if (path.toLowerCase().endsWith('.json') && start.startsWith('{"buckets"')) return 'export';
  return 'ndjson';
}
