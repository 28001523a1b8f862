/**
 * Stores an agent's device activity in SQLite: devices and buckets on first sight, events by (bucket,
 * start) so that importing the same events again changes nothing, and an event that grew (ActivityWatch
 * extends the current event with heartbeats) is updated in place rather than added.
 */
import type { AgentBucket, AgentEvent, AgentEventWriter, CursorPosition } from '../../ports/activity.js';
import type { SqliteConnection } from '../connection.js';
import type { Runner } from '../gate.js';
import { markFileDone } from './sources.js';

export class SqliteAgentWriter implements AgentEventWriter {
  private readonly buckets = new Map<string, number>();

  constructor(
    private readonly c: SqliteConnection,
    private readonly run: Runner,
    private readonly agentId: number,
  ) {}

  bucketId(bucket: AgentBucket): Promise<number> {
    return this.run(() => {
      const cached = this.buckets.get(bucket.name);
      if (cached !== undefined) return cached;
      const c = this.c;
      // Its own short transaction: a bucket (and its device) may exist without events, never the reverse.
      const id = c.immediate(() => {
        c.sql('INSERT INTO agent_devices (agent_id, name) VALUES (?, ?) ON CONFLICT (agent_id, name) DO NOTHING').run(this.agentId, bucket.device);
        const deviceId = c.value('SELECT id FROM agent_devices WHERE agent_id = ? AND name = ?').get(this.agentId, bucket.device) as number;
        c.sql('INSERT INTO agent_buckets (agent_id, device_id, name, type, client) VALUES (?, ?, ?, ?, ?) ON CONFLICT (agent_id, name) DO UPDATE SET device_id = excluded.device_id, type = excluded.type, client = excluded.client').run(
          this.agentId,
          deviceId,
          bucket.name,
          bucket.type,
          bucket.client,
        );
        return c.value('SELECT id FROM agent_buckets WHERE agent_id = ? AND name = ?').get(this.agentId, bucket.name) as number;
      });
      this.buckets.set(bucket.name, id);
      return id;
    });
  }

  write(
    events: readonly { bucketId: number; event: AgentEvent }[],
    extra: { bucketCursor?: { bucketId: number; ts: number }; fileDone?: CursorPosition } = {},
    now = Date.now(),
  ): Promise<{ inserted: number; updated: number }> {
    return this.run(() => {
      const c = this.c;
      const insert = c.sql(
        'INSERT INTO agent_events (bucket_id, start_at, end_at, app, title, url, domain, status) VALUES (@bucket, @start, @end, @app, @title, @url, @domain, @status) ON CONFLICT (bucket_id, start_at) DO NOTHING',
      );
      // Never shortens an event: an older export of the same bucket must not undo a newer one.
      const update = c.sql(
        `UPDATE agent_events SET end_at = MAX(end_at, @end), app = @app, title = @title, url = @url, domain = @domain, status = @status
         WHERE bucket_id = @bucket AND start_at = @start AND (end_at < @end OR app IS NOT @app OR title IS NOT @title OR url IS NOT @url OR status IS NOT @status)`,
      );
      const outcome = { inserted: 0, updated: 0 };
      c.immediate(() => {
        for (const { bucketId, event: e } of events) {
          const values = { bucket: bucketId, start: e.start, end: e.end, app: e.app ?? null, title: e.title ?? null, url: e.url ?? null, domain: e.domain ?? null, status: e.status ?? null };
          if (insert.run(values).changes === 1) outcome.inserted++;
          else if (update.run(values).changes === 1) outcome.updated++;
        }
        if (extra.bucketCursor) c.sql('UPDATE agent_buckets SET cursor_ts = MAX(COALESCE(cursor_ts, 0), ?) WHERE id = ?').run(extra.bucketCursor.ts, extra.bucketCursor.bucketId);
        if (extra.fileDone) markFileDone(c, this.agentId, extra.fileDone, now);
      });
      return outcome;
    });
  }

  cursorOf(bucketId: number): Promise<number | null> {
    return this.run(() => (this.c.value('SELECT cursor_ts FROM agent_buckets WHERE id = ?').get(bucketId) as number | null | undefined) ?? null);
  }
}
