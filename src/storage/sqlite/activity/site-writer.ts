/**
 * The writing stage of a site import in SQLite: one SiteRows batch — new sessions (their ids given
 * here, from the table's largest id: the batch's transaction is the only writer), changed sessions,
 * opt-out changes, then the requests, many rows per INSERT on statements prepared once — and the
 * file's cursor, in one BEGIN IMMEDIATE transaction.
 */
import type { Statement } from 'better-sqlite3';
import { ROW_WIDTH, SESSION_WIDTH, type CursorPosition, type HeldCursor, type SiteRows, type SiteRowWriter } from '../../ports/activity.js';
import { splitTexts } from '../../site-rows.js';
import type { SqliteConnection } from '../connection.js';
import type { Runner } from '../gate.js';
import { advanceCursor } from './sources.js';

const VIEW_COLUMNS = ['site_id', 'ts', 'visitor_id', 'session_id', 'path', 'page_view', 'referrer_host', 'status', 'bytes', 'browser', 'os', 'country', 'bot', 'ip'];
const SESSION_COLUMNS = ['id', 'site_id', 'visitor_id', 'started_at', 'ended_at', 'requests', 'page_views', 'entry_path'];
/** Rows per INSERT statement: fewer calls into SQLite for the same rows. */
const ROWS_PER_INSERT = 32;

/** Fills rows into fixed-size multi-row INSERTs; the rest goes one row at a time. */
class RowInserter {
  private readonly many: Statement;
  private readonly one: Statement;
  private readonly args: unknown[];
  private filled = 0;

  constructor(
    c: SqliteConnection,
    table: string,
    private readonly columns: string[],
  ) {
    const values = `(${columns.map(() => '?').join(', ')})`;
    const insert = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
    this.one = c.sql(insert + values);
    this.many = c.sql(insert + Array.from({ length: ROWS_PER_INSERT }, () => values).join(', '));
    this.args = new Array(ROWS_PER_INSERT * columns.length);
  }

  /** The args array to write the next row's values into, from `at`. */
  next(): { args: unknown[]; at: number } {
    const at = this.filled;
    this.filled += this.columns.length;
    return { args: this.args, at };
  }

  /** Call after each row. */
  done(): void {
    if (this.filled === this.args.length) {
      this.many.run(this.args);
      this.filled = 0;
    }
  }

  flush(): void {
    const width = this.columns.length;
    for (let at = 0; at < this.filled; at += width) this.one.run(this.args.slice(at, at + width));
    this.filled = 0;
  }

  /** After a failure mid-batch: what was filled belongs to the rolled-back transaction. */
  discard(): void {
    this.filled = 0;
  }
}

export class SqliteSiteWriter implements SiteRowWriter {
  /** Session key (local to the import) → session row id. */
  private readonly sessionIds = new Map<number, number>();
  private readonly views: RowInserter;
  private readonly newSessions: RowInserter;
  private readonly maxSessionId: Statement;
  private readonly updateSession: Statement;
  private readonly addOptOut: Statement;
  private readonly removeOptOut: Statement;

  constructor(
    private readonly c: SqliteConnection,
    private readonly run: Runner,
    private readonly siteId: number,
  ) {
    this.views = new RowInserter(c, 'site_page_views', VIEW_COLUMNS);
    this.newSessions = new RowInserter(c, 'site_sessions', SESSION_COLUMNS);
    this.maxSessionId = c.value('SELECT COALESCE(MAX(id), 0) FROM site_sessions');
    this.updateSession = c.sql('UPDATE site_sessions SET started_at = ?, ended_at = ?, requests = ?, page_views = ?, entry_path = ? WHERE id = ?');
    this.addOptOut = c.sql('INSERT INTO site_opt_outs (site_id, visitor_key, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
    this.removeOptOut = c.sql('DELETE FROM site_opt_outs WHERE site_id = ? AND visitor_key = ?');
  }

  write(rows: SiteRows, cursor: { held: HeldCursor; to: CursorPosition } | undefined, now: number): Promise<void> {
    return this.run(() => {
      try {
        this.c.immediate(() => {
          this.apply(rows);
          if (cursor) advanceCursor(this.c, this.siteId, cursor.held, cursor.to, now);
        });
      } catch (error) {
        // Ids learned in the rolled-back transaction may not exist.
        this.sessionIds.clear();
        this.views.discard();
        this.newSessions.discard();
        throw error;
      }
    });
  }

  private apply(batch: SiteRows): void {
    const siteId = this.siteId;
    const s = batch.sessions;
    const entries = batch.sessionCount ? batch.sessionEntries.split('\n') : [];
    let nextId = 0;
    for (let i = 0; i < batch.sessionCount; i++) {
      const o = i * SESSION_WIDTH;
      const key = s[o]!;
      const entry = entries[i] || null;
      const id = s[o + 1]! >= 0 ? s[o + 1]! : this.sessionIds.get(key);
      if (id !== undefined) {
        this.updateSession.run(s[o + 3], s[o + 4], s[o + 5], s[o + 6], entry, id);
        this.sessionIds.set(key, id);
        continue;
      }
      if (nextId === 0) nextId = (this.maxSessionId.get() as number) + 1;
      const { args, at } = this.newSessions.next();
      args[at] = nextId;
      args[at + 1] = siteId;
      args[at + 2] = s[o + 2];
      args[at + 3] = s[o + 3];
      args[at + 4] = s[o + 4];
      args[at + 5] = s[o + 5];
      args[at + 6] = s[o + 6];
      args[at + 7] = entry;
      this.newSessions.done();
      this.sessionIds.set(key, nextId++);
    }
    this.newSessions.flush();
    for (const [key, optedOut, ts] of batch.optOuts) {
      if (optedOut) this.addOptOut.run(siteId, key, ts);
      else this.removeOptOut.run(siteId, key);
    }

    const n = batch.numbers;
    const t = splitTexts(batch.texts, batch.count);
    for (let row = 0; row < batch.count; row++) {
      const o = row * ROW_WIDTH;
      const visitor = n[o + 1]!;
      const session = n[o + 2]!;
      const { args, at } = this.views.next();
      args[at] = siteId;
      args[at + 1] = n[o];
      args[at + 2] = Number.isNaN(visitor) ? null : visitor;
      args[at + 3] = session < 0 ? null : this.sessionIds.get(session)!;
      args[at + 4] = t.path[row];
      args[at + 5] = n[o + 3];
      args[at + 6] = t.referrer[row] || null;
      args[at + 7] = n[o + 4];
      args[at + 8] = n[o + 5];
      args[at + 9] = t.browser[row] || null;
      args[at + 10] = t.os[row] || null;
      args[at + 11] = t.country[row] || null;
      args[at + 12] = n[o + 6];
      args[at + 13] = t.ip[row] || null;
      this.views.done();
    }
    this.views.flush();
    for (const key of batch.evicted) this.sessionIds.delete(key);
  }
}
