/** An agent's devices and their events, as `trackz activity --agent` reads them, in SQLite. */
import type { DeviceEventRow } from '../../ports/activity.js';
import type { SqliteConnection } from '../connection.js';
import type { Runner } from '../gate.js';

/** Rows per read: a stream holds the connection for one page at a time, never across an await. */
export const PAGE_ROWS = 2000;

export function devices(c: SqliteConnection, agentId: number, name?: string): { id: number; name: string }[] {
  return c.sql('SELECT id, name FROM agent_devices WHERE agent_id = ? AND (? IS NULL OR name = ?) ORDER BY name').all(agentId, name ?? null, name ?? null) as { id: number; name: string }[];
}

interface EventRow {
  start_at: number;
  end_at: number;
  app: string | null;
  domain: string | null;
  status: string | null;
}

/** One bucket's events in start order, a page at a time (start is unique per bucket: the page's key). */
interface BucketStream {
  id: number;
  type: DeviceEventRow['bucketType'];
  rows: EventRow[];
  at: number;
  after: number;
  done: boolean;
}

/**
 * Events that overlap [from, to) — started before its end, ended after its start — in start order.
 * Each bucket is read along its (bucket, start) index a page at a time and the buckets are merged
 * here, so a long stream costs one index walk, not a sort per page.
 */
export async function* deviceEvents(c: SqliteConnection, run: Runner, deviceId: number, from: number, to: number, which: 'afk' | 'activity'): AsyncGenerator<DeviceEventRow> {
  const page = c.sql(`SELECT start_at, end_at, app, domain, status FROM agent_events WHERE bucket_id = ? AND start_at > ? AND start_at < ? AND end_at > ? ORDER BY start_at LIMIT ${PAGE_ROWS}`);
  const buckets = await run(() => c.sql("SELECT id, type FROM agent_buckets WHERE device_id = ? AND (type = 'afkstatus') = ? ORDER BY id").all(deviceId, which === 'afk' ? 1 : 0) as { id: number; type: DeviceEventRow['bucketType'] }[]);
  const streams: BucketStream[] = buckets.map((b) => ({ id: b.id, type: b.type, rows: [], at: 0, after: Number.MIN_SAFE_INTEGER, done: false }));
  for (;;) {
    let next: BucketStream | undefined;
    for (const stream of streams) {
      if (stream.at >= stream.rows.length && !stream.done) {
        stream.rows = await run(() => page.all(stream.id, stream.after, to, from) as EventRow[]);
        stream.at = 0;
        stream.done = stream.rows.length < PAGE_ROWS;
        if (stream.rows.length) stream.after = stream.rows.at(-1)!.start_at;
      }
      if (stream.at < stream.rows.length && (!next || stream.rows[stream.at]!.start_at < next.rows[next.at]!.start_at)) next = stream;
    }
    if (!next) return;
    const row = next.rows[next.at++]!;
    yield { bucketType: next.type, start: row.start_at, end: row.end_at, app: row.app, domain: row.domain, status: row.status };
  }
}
