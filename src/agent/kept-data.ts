/**
 * What the agent keeps of a watcher's event data, decided on the device before anything is stored:
 * the same cut the import makes (agent-event.ts: app, title, URL without its query, AFK status;
 * incognito tabs dropped; the agent's redaction rules last). Other fields a watcher sends are never
 * read. Buckets of other types (aw-watcher-input's keystroke counts, editors…) can be created so
 * their watchers run, but their events are acknowledged and not kept.
 */
import { buildEvent, isBucketType, type EventRules, type EventSkip } from '../activity/agents/agent-event.js';
import type { EventData } from './heartbeat-merge.js';

export type KeptData = { data: EventData } | { skip: EventSkip | 'unsupported-bucket' };

export function keptData(bucketType: string, data: Record<string, unknown>, rules: EventRules): KeptData {
  if (!isBucketType(bucketType)) return { skip: 'unsupported-bucket' };
  const event = buildEvent(bucketType, 0, 0, data, rules);
  if (typeof event === 'string') return { skip: event };
  const kept: Record<string, string> = {};
  // Fixed key order, so equal data is equal text in the store.
  if (event.app !== undefined) kept.app = event.app;
  if (event.title !== undefined) kept.title = event.title;
  if (event.url !== undefined) kept.url = event.url;
  if (event.status !== undefined) kept.status = event.status;
  return { data: kept };
}
