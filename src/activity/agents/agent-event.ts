/**
 * Device activity as trackz keeps it: buckets of three kinds (focused window, AFK status, browser
 * tab) and events with a start and an end in epoch milliseconds. Raw ActivityWatch events are cut
 * down here, before anything is stored: only app, title, URL (without query) and AFK status are
 * read; incognito tabs are dropped; the agent's redaction rules run last. Anything else a watcher
 * sends — keystrokes, form contents, unknown fields — is never read, let alone stored.
 */
import type { Redactor } from '../../privacy/agent-redaction.js';
import type { AgentBucket, AgentEvent, BucketType } from '../../storage/ports/activity.js';
import { parseAnyTimestamp } from '../sites/log-timestamp.js';
import { keptUrl, urlHost } from '../url-host.js';

export const BUCKET_TYPES = ['currentwindow', 'afkstatus', 'web.tab.current'] as const satisfies readonly BucketType[];
export type { AgentBucket, AgentEvent, BucketType };

export function isBucketType(type: unknown): type is BucketType {
  return typeof type === 'string' && (BUCKET_TYPES as readonly string[]).includes(type);
}

/** ActivityWatch's bucket id conventions, for exports whose metadata comes after the events. */
export function bucketTypeFromName(name: string): BucketType | undefined {
  if (name.startsWith('aw-watcher-window')) return 'currentwindow';
  if (name.startsWith('aw-watcher-afk')) return 'afkstatus';
  if (name.startsWith('aw-watcher-web')) return 'web.tab.current';
  return undefined;
}

/** The device of a bucket: its `hostname`, else what follows the last `_` of its id. */
export function deviceOf(name: string, hostname: unknown): string {
  if (typeof hostname === 'string' && hostname !== '' && hostname !== 'unknown') return hostname;
  const underscore = name.lastIndexOf('_');
  return underscore >= 0 && underscore < name.length - 1 ? name.slice(underscore + 1) : 'unknown';
}

export interface EventRules {
  redact: Redactor;
  keepQuery: boolean;
}

/** Why a raw event was not kept. */
export type EventSkip = 'malformed' | 'incognito' | 'redaction-drop';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** A raw ActivityWatch event (`{timestamp, duration, data}`) as kept, or why it is not. */
export function normalizeAwEvent(type: BucketType, raw: unknown, rules: EventRules): AgentEvent | EventSkip {
  if (raw === null || typeof raw !== 'object') return 'malformed';
  const { timestamp, duration, data } = raw as { timestamp?: unknown; duration?: unknown; data?: unknown };
  const start = typeof timestamp === 'string' ? parseAnyTimestamp(timestamp) : typeof timestamp === 'number' ? epochMs(timestamp) : NaN;
  if (!Number.isFinite(start)) return 'malformed';
  const seconds = typeof duration === 'number' && duration >= 0 ? duration : 0;
  const fields = (data !== null && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  return buildEvent(type, start, start + Math.round(seconds * 1000), fields, rules);
}

/** Numbers as timestamps: seconds unless they are clearly milliseconds. */
export function epochMs(value: number): number {
  return value > 1e11 ? Math.round(value) : Math.round(value * 1000);
}

export function buildEvent(type: BucketType, start: number, end: number, data: Record<string, unknown>, rules: EventRules): AgentEvent | EventSkip {
  if (type === 'afkstatus') {
    const status = data.status === 'afk' ? 'afk' : data.status === 'not-afk' ? 'not-afk' : undefined;
    if (!status) return 'malformed';
    return { start, end, status };
  }
  if (data.incognito === true) return 'incognito';
  const event: AgentEvent = { start, end, app: text(data.app), title: text(data.title) };
  const url = text(data.url);
  if (url) event.url = keptUrl(url, rules.keepQuery);
  const kept = rules.redact(event);
  if (!kept) return 'redaction-drop';
  if (kept.url) kept.domain = urlHost(kept.url) || undefined;
  return kept;
}
