/**
 * The writing stage of a site import: stores one SiteBatch — new sessions (their ids given here, from
 * the table's largest id: the batch's transaction is the only writer), changed sessions, opt-out
 * changes, then the requests, many rows per INSERT. Called inside the transaction that also moves
 * the file's cursor.
 */
import type { Database, Statement } from 'better-sqlite3';
import { ROW_WIDTH, SESSION_WIDTH, splitTexts, type SiteBatch } from './site-batch.js';

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
    db: Database,
    table: string,
    private readonly columns: string[],
  ) {
    const values = `(${columns.map(() => '?').join(', ')})`;
    const insert = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
    this.one = db.prepare(insert + values);
    this.many = db.prepare(insert + Array.from({ length: ROWS_PER_INSERT }, () => values).join(', '));
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
}

export class SiteWriter {
  /** Session key (local to the import) → session row id. */
  private readonly sessionIds = new Map<number, number>();
  private readonly views: RowInserter;
  private readonly newSessions: RowInserter;
  private readonly maxSessionId: Statement;
  private readonly updateSession: Statement;
  private readonly addOptOut: Statement;
  private readonly removeOptOut: Statement;

  constructor(
    db: Database,
    private readonly siteId: number,
  ) {
    this.views = new RowInserter(db, 'site_page_views', VIEW_COLUMNS);
    this.newSessions = new RowInserter(db, 'site_sessions', SESSION_COLUMNS);
    this.maxSessionId = db.prepare('SELECT COALESCE(MAX(id), 0) FROM site_sessions').pluck();
    this.updateSession = db.prepare('UPDATE site_sessions SET started_at = ?, ended_at = ?, requests = ?, page_views = ?, entry_path = ? WHERE id = ?');
    this.addOptOut = db.prepare('INSERT INTO site_opt_outs (site_id, visitor_key, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
    this.removeOptOut = db.prepare('DELETE FROM site_opt_outs WHERE site_id = ? AND visitor_key = ?');
  }

  apply(batch: SiteBatch): void {
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

  /** After a rolled-back transaction, ids learned in it may not exist. */
  reset(): void {
    this.sessionIds.clear();
  }
}
