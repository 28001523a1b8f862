/**
 * Device events in PostgreSQL, keyed by (bucket, start): a batch is one statement that inserts the
 * new events (ON CONFLICT DO NOTHING) and updates the ones that grew or changed — never shortening
 * one — and counts both, so importing the same events again changes nothing. An event met twice in
 * one batch goes in a second round, after the first: the same outcome as writing them one by one.
 */
import type { AgentBucket, AgentEvent, AgentEventWriter, CursorPosition } from '../../ports/activity.js';
import { numberArray, textArray } from '../pg-arrays.js';
import type { Sql } from '../sql-session.js';
import { markFileDone } from './cursor-rows.js';

const WRITE_EVENTS = `
  WITH input AS (
    SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
      AS t(bucket_id, start_at, end_at, app, title, url, domain, status)),
  inserted AS (
    INSERT INTO agent_events (bucket_id, start_at, end_at, app, title, url, domain, status) SELECT * FROM input
    ON CONFLICT (bucket_id, start_at) DO NOTHING RETURNING 1),
  updated AS (
    UPDATE agent_events e SET end_at = GREATEST(e.end_at, i.end_at), app = i.app, title = i.title, url = i.url, domain = i.domain, status = i.status
    FROM input i
    WHERE e.bucket_id = i.bucket_id AND e.start_at = i.start_at
      AND (e.end_at < i.end_at OR e.app IS DISTINCT FROM i.app OR e.title IS DISTINCT FROM i.title OR e.url IS DISTINCT FROM i.url OR e.status IS DISTINCT FROM i.status)
    RETURNING 1)
  SELECT (SELECT count(*) FROM inserted) AS inserted, (SELECT count(*) FROM updated) AS updated`;

type Item = { bucketId: number; event: AgentEvent };

/** Splits a batch into rounds in which each (bucket, start) appears once, keeping their order. */
function rounds(events: readonly Item[]): Item[][] {
  const seen = new Map<string, number>();
  const out: Item[][] = [];
  for (const item of events) {
    const key = `${item.bucketId}:${item.event.start}`;
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    (out[round] ??= []).push(item);
  }
  return out;
}

export class PgAgentEventWriter implements AgentEventWriter {
  private readonly buckets = new Map<string, number>();

  constructor(
    private readonly sql: Sql,
    private readonly agentId: number,
  ) {}

  async bucketId(bucket: AgentBucket): Promise<number> {
    const cached = this.buckets.get(bucket.name);
    if (cached !== undefined) return cached;
    const id = await this.sql.transaction(async (tx) => {
      await tx.query('INSERT INTO agent_devices (agent_id, name) VALUES ($1, $2) ON CONFLICT (agent_id, name) DO NOTHING', [this.agentId, bucket.device]);
      const { rows } = await tx.query<{ id: number }>(
        `INSERT INTO agent_buckets (agent_id, device_id, name, type, client)
         VALUES ($1, (SELECT id FROM agent_devices WHERE agent_id = $1 AND name = $2), $3, $4, $5)
         ON CONFLICT (agent_id, name) DO UPDATE SET device_id = excluded.device_id, type = excluded.type, client = excluded.client RETURNING id`,
        [this.agentId, bucket.device, bucket.name, bucket.type, bucket.client],
      );
      return rows[0]!.id;
    });
    this.buckets.set(bucket.name, id);
    return id;
  }

  async write(
    events: readonly Item[],
    extra: { bucketCursor?: { bucketId: number; ts: number }; fileDone?: CursorPosition } = {},
    now = Date.now(),
  ): Promise<{ inserted: number; updated: number }> {
    const outcome = { inserted: 0, updated: 0 };
    try {
      await this.sql.transaction(async (tx) => {
        for (const round of rounds(events)) {
          const { rows } = await tx.query<{ inserted: number; updated: number }>(
            WRITE_EVENTS,
            [
              numberArray(round.map((x) => x.bucketId)),
              numberArray(round.map((x) => x.event.start)),
              numberArray(round.map((x) => x.event.end)),
              textArray(round.map((x) => x.event.app)),
              textArray(round.map((x) => x.event.title)),
              textArray(round.map((x) => x.event.url)),
              textArray(round.map((x) => x.event.domain)),
              textArray(round.map((x) => x.event.status)),
            ],
            'trackz_write_events',
          );
          outcome.inserted += rows[0]!.inserted;
          outcome.updated += rows[0]!.updated;
        }
        if (extra.bucketCursor) {
          await tx.query('UPDATE agent_buckets SET cursor_ts = GREATEST(COALESCE(cursor_ts, 0), $1) WHERE id = $2', [extra.bucketCursor.ts, extra.bucketCursor.bucketId]);
        }
        if (extra.fileDone) await markFileDone(tx, this.agentId, extra.fileDone, now);
      }, { relaxed: true });
    } catch (error) {
      // Buckets created inside a rolled-back transaction do not exist.
      this.buckets.clear();
      throw error;
    }
    return outcome;
  }

  async cursorOf(bucketId: number): Promise<number | null> {
    const { rows } = await this.sql.query<{ cursor_ts: number | null }>('SELECT cursor_ts FROM agent_buckets WHERE id = $1', [bucketId]);
    return rows[0]?.cursor_ts ?? null;
  }
}
