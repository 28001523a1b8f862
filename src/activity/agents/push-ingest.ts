/**
 * Stores a batch pushed by a device agent (`source: { type: push }`), on the server or, without
 * `--server`, in the agent's own config storage. The agent's privacy rules run here too (the device
 * ran its own; the server's may be stricter), then each event is upserted by (device, bucket, start)
 * through the activity port: a batch sent twice stores nothing new, an event that grew is updated.
 * For push buckets the bucket cursor holds the end of the newest event received: the check's lag.
 */
import type { AgentConfig } from '../../config/schema/activity.js';
import { compileRedactionRules } from '../../privacy/agent-redaction.js';
import type { ActivityPort, AgentEvent } from '../../storage/ports/activity.js';
import { deviceOf, isBucketType, normalizeAwEvent, type BucketType, type EventRules } from './agent-event.js';
import type { PushBatch } from './push-batch.js';

export interface PushOutcome {
  inserted: number;
  updated: number;
  /** Events that passed the rules (inserted, updated, or already stored as they are). */
  kept: number;
  skipped: Record<string, number>;
}

const rulesOf = new WeakMap<AgentConfig, EventRules>();

export function agentRules(agent: AgentConfig): EventRules {
  let rules = rulesOf.get(agent);
  if (!rules) rulesOf.set(agent, (rules = { redact: compileRedactionRules(agent.privacy.redact), keepQuery: agent.privacy.keepQuery }));
  return rules;
}

export async function ingestPushBatch(activity: ActivityPort, agent: AgentConfig, batch: PushBatch, now: number): Promise<PushOutcome> {
  const outcome: PushOutcome = { inserted: 0, updated: 0, kept: 0, skipped: {} };
  const skip = (reason: string) => (outcome.skipped[reason] = (outcome.skipped[reason] ?? 0) + 1);
  const rules = agentRules(agent);
  const oldest = now - agent.privacy.retention.events;
  const byBucket = new Map<string, AgentEvent[]>();
  for (const raw of batch.events) {
    const type = batch.buckets.find((b) => b.id === raw.bucket)!.type;
    if (!isBucketType(type)) {
      skip('unsupported-bucket');
      continue;
    }
    const event = normalizeAwEvent(type, raw, rules);
    if (typeof event === 'string') skip(event);
    else if (event.end < oldest) skip('older-than-retention');
    else {
      const list = byBucket.get(raw.bucket) ?? [];
      list.push(event);
      byBucket.set(raw.bucket, list);
    }
  }
  if (byBucket.size === 0) return outcome;
  const writer = activity.agentWriter(await activity.sourceId('agent', agent.name, now));
  for (const [name, events] of byBucket) {
    const meta = batch.buckets.find((b) => b.id === name)!;
    const bucketId = await writer.bucketId({ name, type: meta.type as BucketType, device: deviceOf(name, meta.hostname), client: meta.client ?? null });
    const newest = events.reduce((max, e) => Math.max(max, e.end), 0);
    const written = await writer.write(events.map((event) => ({ bucketId, event })), { bucketCursor: { bucketId, ts: newest } }, now);
    outcome.inserted += written.inserted;
    outcome.updated += written.updated;
    outcome.kept += events.length;
  }
  return outcome;
}
