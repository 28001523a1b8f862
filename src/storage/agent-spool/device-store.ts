/**
 * The device agent's own small SQLite file (`trackz agent --store`): the ActivityWatch buckets and
 * events it answers watchers with, and the spool of what the server has not confirmed yet. An event
 * carries a `version` bumped by every heartbeat merge and the `sent_version` the server confirmed;
 * it is spooled while version > sent_version. So an event that grows after it was sent is sent again
 * (the server upserts by device, bucket and start), and a batch whose answer was lost (kill -9, a cut
 * connection) stays spooled and is resent: nothing lost, nothing doubled. Synchronous on purpose: one
 * process owns the file and each call is one short transaction.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../../core/errors.js';
import { migrate, type Migration } from '../sqlite/migrate.js';

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'device buckets, events and spool',
    up: `
      CREATE TABLE buckets (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        client TEXT NOT NULL,
        hostname TEXT NOT NULL,
        created TEXT NOT NULL,
        last_event INTEGER
      );
      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        bucket TEXT NOT NULL REFERENCES buckets(id) ON DELETE CASCADE,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        data TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        sent_version INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX events_by_start ON events (bucket, start_ms);
      CREATE INDEX events_spooled ON events (id) WHERE version > sent_version;
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  },
];

export interface DeviceBucket {
  id: string;
  type: string;
  client: string;
  hostname: string;
  /** ISO time. */
  created: string;
}

export interface StoredDeviceEvent {
  id: number;
  bucket: string;
  start: number;
  end: number;
  /** The kept data, as JSON text. */
  data: string;
}

export interface SpooledEvent extends StoredDeviceEvent {
  version: number;
}

export interface EventQuery {
  /** Newest first; at most this many (all when undefined). */
  limit?: number;
  /** Events that end at or after `start` and start at or before `end` (epoch ms). */
  start?: number;
  end?: number;
}

type Row = { id: number; bucket: string; start_ms: number; end_ms: number; data: string };
const toEvent = (r: Row): StoredDeviceEvent => ({ id: r.id, bucket: r.bucket, start: r.start_ms, end: r.end_ms, data: r.data });

export class DeviceStore {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly path: string) {
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      this.db = new Database(path, { timeout: 5_000 });
      this.db.pragma('journal_mode = WAL');
      // A killed process loses no committed transaction with NORMAL; only a power cut may drop the last ones.
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      migrate(this.db, MIGRATIONS);
    } catch (error) {
      throw new UserError(`cannot open the agent store ${path}: ${(error as Error).message}`);
    }
  }

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  /** Runs `work` in one transaction (BEGIN IMMEDIATE). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /** A value kept in the file (the device id), set to `initial` the first time. */
  meta(key: string, initial: () => string): string {
    this.sql('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(key, initial());
    return (this.sql('SELECT value FROM meta WHERE key = ?').get(key) as { value: string }).value;
  }

  buckets(): (DeviceBucket & { lastUpdated: number | null })[] {
    return this.sql('SELECT b.*, (SELECT MAX(end_ms) FROM events e WHERE e.bucket = b.id) AS last_updated FROM buckets b ORDER BY b.id')
      .all()
      .map((r) => {
        const { last_event: _, last_updated, ...bucket } = r as DeviceBucket & { last_event: unknown; last_updated: number | null };
        return { ...bucket, lastUpdated: last_updated };
      });
  }

  bucket(id: string): DeviceBucket | undefined {
    return this.sql('SELECT id, type, client, hostname, created FROM buckets WHERE id = ?').get(id) as DeviceBucket | undefined;
  }

  /** False when a bucket with that id exists (it is left as it is, as ActivityWatch does). */
  createBucket(bucket: DeviceBucket): boolean {
    return this.sql('INSERT INTO buckets (id, type, client, hostname, created) VALUES (@id, @type, @client, @hostname, @created) ON CONFLICT (id) DO NOTHING').run(bucket).changes === 1;
  }

  /** Deletes a bucket and its events, spooled ones included. */
  deleteBucket(id: string): boolean {
    return this.sql('DELETE FROM buckets WHERE id = ?').run(id).changes === 1;
  }

  /** The event the bucket's last heartbeat produced, else its newest by start. */
  lastEvent(bucket: string): StoredDeviceEvent | undefined {
    const row = (this.sql('SELECT e.* FROM buckets b JOIN events e ON e.id = b.last_event WHERE b.id = ?').get(bucket) ??
      this.sql('SELECT * FROM events WHERE bucket = ? ORDER BY start_ms DESC, id DESC LIMIT 1').get(bucket)) as Row | undefined;
    return row && toEvent(row);
  }

  /** A new event, spooled; `last` makes it the one the next heartbeat is compared with. */
  insertEvent(bucket: string, start: number, end: number, data: string, last = false): number {
    const id = Number(this.sql('INSERT INTO events (bucket, start_ms, end_ms, data) VALUES (?, ?, ?, ?)').run(bucket, start, end, data).lastInsertRowid);
    if (last) this.sql('UPDATE buckets SET last_event = ? WHERE id = ?').run(id, bucket);
    return id;
  }

  /** A merge grew the event: it is spooled again (a new version). */
  extendEvent(id: number, end: number): void {
    this.sql('UPDATE events SET end_ms = ?, version = version + 1 WHERE id = ?').run(end, id);
  }

  events(bucket: string, query: EventQuery = {}): StoredDeviceEvent[] {
    const rows = this.sql(
      `SELECT * FROM events WHERE bucket = @bucket AND end_ms >= @start AND start_ms <= @end ORDER BY start_ms DESC, id DESC LIMIT @limit`,
    ).all({ bucket, start: query.start ?? -Number.MAX_SAFE_INTEGER, end: query.end ?? Number.MAX_SAFE_INTEGER, limit: query.limit ?? -1 }) as Row[];
    return rows.map(toEvent);
  }

  event(bucket: string, id: number): StoredDeviceEvent | undefined {
    const row = this.sql('SELECT * FROM events WHERE bucket = ? AND id = ?').get(bucket, id) as Row | undefined;
    return row && toEvent(row);
  }

  // — the spool —

  /** Events the server has not confirmed in their current version, oldest first. */
  spooled(limit: number): SpooledEvent[] {
    return (this.sql('SELECT * FROM events WHERE version > sent_version ORDER BY id LIMIT ?').all(limit) as (Row & { version: number })[]).map((r) => ({ ...toEvent(r), version: r.version }));
  }

  spooledCount(): number {
    return (this.sql('SELECT COUNT(*) AS n FROM events WHERE version > sent_version').get() as { n: number }).n;
  }

  /** The server stored these versions; an event that grew since stays spooled. */
  markSent(events: readonly { id: number; version: number }[]): void {
    const mark = this.sql('UPDATE events SET sent_version = MAX(sent_version, ?) WHERE id = ?');
    this.transaction(() => {
      for (const e of events) mark.run(e.version, e.id);
    });
  }

  /** Forgets sent events that ended before `before` (local retention); spooled ones are kept. */
  pruneSent(before: number): number {
    return this.sql('DELETE FROM events WHERE end_ms < ? AND version <= sent_version AND id NOT IN (SELECT last_event FROM buckets WHERE last_event IS NOT NULL)').run(before).changes;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
