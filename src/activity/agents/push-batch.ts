/**
 * The batch a device agent pushes to `POST /api/v1/agents/<agent>/events` (docs/agent-protocol.md):
 * the buckets it names and ActivityWatch-shaped events. Validated here, shape and limits, before
 * anything is stored; a problem is one line naming the place (`events[3].timestamp: …`).
 */
import * as v from 'valibot';

export const MAX_PUSH_EVENTS = 5_000;
export const MAX_PUSH_BUCKETS = 200;
/** Bytes of one request body: 5,000 events with long titles and URLs fit. */
export const MAX_PUSH_BYTES = 8 * 1024 * 1024;

const text = (max: number, what: string) => v.pipe(v.string(`expected ${what}`), v.minLength(1, `expected ${what}`), v.maxLength(max, `longer than ${max} characters`));

const pushBucket = v.strictObject({
  id: text(512, 'the bucket id'),
  type: text(64, 'the bucket type'),
  client: v.optional(v.pipe(v.string('expected text'), v.maxLength(256, 'longer than 256 characters'))),
  hostname: v.optional(v.pipe(v.string('expected text'), v.maxLength(256, 'longer than 256 characters'))),
});

const pushEvent = v.strictObject({
  bucket: text(512, 'the bucket id'),
  timestamp: text(64, 'an ISO 8601 time'),
  duration: v.pipe(v.number('expected seconds'), v.minValue(0, 'expected seconds ≥ 0'), v.maxValue(366 * 86_400, 'longer than a year')),
  data: v.record(v.string(), v.union([v.string(), v.number(), v.boolean(), v.null()], 'expected a string, number, boolean or null'), 'expected an object'),
});

const pushBatch = v.pipe(
  v.strictObject({
    buckets: v.pipe(v.array(pushBucket, 'expected a list of buckets'), v.maxLength(MAX_PUSH_BUCKETS, `more than ${MAX_PUSH_BUCKETS} buckets in one batch`)),
    events: v.pipe(v.array(pushEvent, 'expected a list of events'), v.maxLength(MAX_PUSH_EVENTS, `more than ${MAX_PUSH_EVENTS} events in one batch`)),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const named = new Set(dataset.value.buckets.map((b) => b.id));
    const index = dataset.value.events.findIndex((e) => !named.has(e.bucket));
    if (index >= 0) addIssue({ message: `events[${index}].bucket: ${dataset.value.events[index]!.bucket} is not in buckets` });
  }),
);

export type PushBatch = v.InferOutput<typeof pushBatch>;
export type PushEvent = PushBatch['events'][number];
export type PushBucket = PushBatch['buckets'][number];

/** The batch, or the first problem as one line. */
export function parsePushBatch(json: unknown): { batch: PushBatch } | { problem: string } {
  const result = v.safeParse(pushBatch, json);
  if (result.success) return { batch: result.output };
  const issue = result.issues[0];
  const path = (issue.path ?? []).map((item) => (typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`)).join('').replace(/^\./, '');
  return { problem: path ? `${path}: ${issue.message}` : issue.message };
}
