/**
 * Stores device activity: devices and buckets on first sight, events by (bucket, start) so that
 * importing the same events again changes nothing, and an event that grew (ActivityWatch extends the
 * current event with heartbeats) is updated in place rather than added. Call inside a transaction.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { AgentBucket, AgentEvent } from './agent-event.js';

export type WriteOutcome = 'new' | 'updated' | 'same';

export class AgentWriter {
  private readonly buckets = new Map<string, number>();
  private readonly devices = new Map<string, number>();
  private readonly insertEvent: Statement;
  private readonly updateEvent: Statement;

  constructor(
    private readonly db: Database,
    private readonly agentId: number,
  ) {
    this.insertEvent = db.prepare(
      'INSERT INTO agent_events (bucket_id, start_at, end_at, app, title, url, domain, status) VALUES (@bucket, @start, @end, @app, @title, @url, @domain, @status) ON CONFLICT (bucket_id, start_at) DO NOTHING',
    );
    // Never shortens an event: an older export of the same bucket must not undo a newer one.
    this.updateEvent = db.prepare(
      `UPDATE agent_events SET end_at = MAX(end_at, @end), app = @app, title = @title, url = @url, domain = @domain, status = @status
       WHERE bucket_id = @bucket AND start_at = @start AND (end_at < @end OR app IS NOT @app OR title IS NOT @title OR url IS NOT @url OR status IS NOT @status)`,
    );
  }

  bucketId(bucket: AgentBucket): number {
    const cached = this.buckets.get(bucket.name);
    if (cached !== undefined) return cached;
    const deviceId = this.deviceId(bucket.device);
    this.db
      .prepare('INSERT INTO agent_buckets (agent_id, device_id, name, type, client) VALUES (?, ?, ?, ?, ?) ON CONFLICT (agent_id, name) DO UPDATE SET device_id = excluded.device_id, type = excluded.type, client = excluded.client')
      .run(this.agentId, deviceId, bucket.name, bucket.type, bucket.client);
    const id = this.db.prepare('SELECT id FROM agent_buckets WHERE agent_id = ? AND name = ?').pluck().get(this.agentId, bucket.name) as number;
    this.buckets.set(bucket.name, id);
    return id;
  }

  write(bucketId: number, e: AgentEvent): WriteOutcome {
    const values = { bucket: bucketId, start: e.start, end: e.end, app: e.app ?? null, title: e.title ?? null, url: e.url ?? null, domain: e.domain ?? null, status: e.status ?? null };
    if (this.insertEvent.run(values).changes === 1) return 'new';
    return this.updateEvent.run(values).changes === 1 ? 'updated' : 'same';
  }

  /** The REST cursor: the start of the newest event stored for the bucket. */
  cursorOf(bucketId: number): number | null {
    return this.db.prepare('SELECT cursor_ts FROM agent_buckets WHERE id = ?').pluck().get(bucketId) as number | null;
  }

  setCursor(bucketId: number, ts: number): void {
    this.db.prepare('UPDATE agent_buckets SET cursor_ts = MAX(COALESCE(cursor_ts, 0), ?) WHERE id = ?').run(ts, bucketId);
  }

  /** After a rolled-back transaction, ids created in it may not exist. */
  reset(): void {
    this.buckets.clear();
    this.devices.clear();
  }

  private deviceId(name: string): number {
    const cached = this.devices.get(name);
    if (cached !== undefined) return cached;
    this.db.prepare('INSERT INTO agent_devices (agent_id, name) VALUES (?, ?) ON CONFLICT (agent_id, name) DO NOTHING').run(this.agentId, name);
    const id = this.db.prepare('SELECT id FROM agent_devices WHERE agent_id = ? AND name = ?').pluck().get(this.agentId, name) as number;
    this.devices.set(name, id);
    return id;
  }
}
