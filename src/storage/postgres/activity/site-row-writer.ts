/**
 * The writing stage of a site import, in PostgreSQL: one batch is one transaction of a few
 * statements whatever its size — the cursor moved first (a concurrent import of the same file fails
 * fast, before any rows are sent), new sessions inserted under ids reserved from the table's
 * sequence (two sites importing at once never collide), changed sessions updated, opt-out changes in
 * order, then every request in one INSERT … SELECT FROM unnest of column arrays.
 *
 * Session keys (local to the import) map to row ids across batches; what a batch learns is kept only
 * once its transaction committed, so a rolled-back batch leaves the writer as it was.
 */
import { ROW_WIDTH, SESSION_WIDTH, type CursorPosition, type HeldCursor, type RowText, type SiteRowWriter, type SiteRows } from '../../ports/activity.js';
import { numberArray, textArray } from '../pg-arrays.js';
import type { Sql } from '../sql-session.js';
import { advanceCursor, settle, type CursorMove } from './cursor-rows.js';

interface SessionValues {
  visitorId: number;
  startedAt: number;
  endedAt: number;
  requests: number;
  pageViews: number;
  entry: string | null;
}

const INSERT_VIEWS = `
  INSERT INTO site_page_views (site_id, ts, visitor_id, session_id, path, page_view, referrer_host, status, bytes, browser, os, country, bot, ip)
  SELECT $1::bigint, * FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::smallint[], $7::text[], $8::int[], $9::bigint[], $10::text[], $11::text[], $12::text[], $13::smallint[], $14::text[])`;

const INSERT_SESSIONS = `
  INSERT INTO site_sessions (id, site_id, visitor_id, started_at, ended_at, requests, page_views, entry_path)
  SELECT id, $1::bigint, visitor_id, started_at, ended_at, requests, page_views, entry_path
  FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::int[], $7::int[], $8::text[]) AS u(id, visitor_id, started_at, ended_at, requests, page_views, entry_path)`;

const UPDATE_SESSIONS = `
  UPDATE site_sessions s SET started_at = u.started_at, ended_at = u.ended_at, requests = u.requests, page_views = u.page_views, entry_path = u.entry_path
  FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::int[], $5::int[], $6::text[]) AS u(id, started_at, ended_at, requests, page_views, entry_path)
  WHERE s.id = u.id`;

const column = <T>(map: Map<number, SessionValues>, pick: (v: SessionValues) => T) => [...map.values()].map(pick);

export class PgSiteRowWriter implements SiteRowWriter {
  /** Session key → session row id, for sessions stored by committed batches. */
  private readonly sessionIds = new Map<number, number>();

  constructor(
    private readonly sql: Sql,
    private readonly siteId: number,
  ) {}

  async write(rows: SiteRows, cursor: { held: HeldCursor; to: CursorPosition } | undefined, now: number): Promise<void> {
    const learned = new Map<number, number>();
    let move: CursorMove | undefined;
    await this.sql.transaction(async (tx) => {
      if (cursor) move = await advanceCursor(tx, this.siteId, cursor.held, cursor.to, now);
      await this.writeSessions(tx, rows, learned);
      for (const [key, optedOut, ts] of rows.optOuts) {
        if (optedOut) await tx.query('INSERT INTO site_opt_outs (site_id, visitor_key, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [this.siteId, key, ts]);
        else await tx.query('DELETE FROM site_opt_outs WHERE site_id = $1 AND visitor_key = $2', [this.siteId, key]);
      }
      if (rows.count > 0) await tx.query(INSERT_VIEWS, this.viewColumns(rows, learned), 'trackz_insert_views');
    }, { relaxed: true });
    for (const [key, id] of learned) this.sessionIds.set(key, id);
    if (cursor && move) settle(cursor.held, move);
    for (const key of rows.evicted) this.sessionIds.delete(key);
  }

  private async writeSessions(tx: Sql, rows: SiteRows, learned: Map<number, number>): Promise<void> {
    if (rows.sessionCount === 0) return;
    const s = rows.sessions;
    const entries = rows.sessionEntries.split('\n');
    const fresh = new Map<number, SessionValues>();
    const changed = new Map<number, SessionValues>();
    const newKeys: number[] = [];
    for (let i = 0; i < rows.sessionCount; i++) {
      const o = i * SESSION_WIDTH;
      const key = s[o]!;
      const values: SessionValues = { visitorId: s[o + 2]!, startedAt: s[o + 3]!, endedAt: s[o + 4]!, requests: s[o + 5]!, pageViews: s[o + 6]!, entry: entries[i] || null };
      const id = s[o + 1]! >= 0 ? s[o + 1]! : (learned.get(key) ?? this.sessionIds.get(key));
      if (id !== undefined) {
        // A session met twice in one batch: the later values win, on the insert when it is new.
        if (fresh.has(id)) fresh.set(id, values);
        else changed.set(id, values);
        learned.set(key, id);
        continue;
      }
      const slot = -1 - newKeys.length;
      newKeys.push(key);
      fresh.set(slot, values);
      learned.set(key, slot);
    }
    if (newKeys.length) {
      const { rows: reserved } = await tx.query<{ id: number }>(`SELECT nextval('site_sessions_id_seq') AS id FROM generate_series(1, $1)`, [newKeys.length]);
      // Slots (-1, -2, …) stand for the ids reserved now.
      const real = (slot: number) => (slot < 0 ? reserved[-1 - slot]!.id : slot);
      for (const [key, id] of learned) learned.set(key, real(id));
      const inserts = new Map([...fresh].map(([slot, values]) => [real(slot), values]));
      await tx.query(INSERT_SESSIONS, [
        this.siteId,
        numberArray([...inserts.keys()]),
        numberArray(column(inserts, (v) => v.visitorId)),
        numberArray(column(inserts, (v) => v.startedAt)),
        numberArray(column(inserts, (v) => v.endedAt)),
        numberArray(column(inserts, (v) => v.requests)),
        numberArray(column(inserts, (v) => v.pageViews)),
        textArray(column(inserts, (v) => v.entry)),
      ]);
    }
    if (changed.size) {
      await tx.query(UPDATE_SESSIONS, [
        numberArray([...changed.keys()]),
        numberArray(column(changed, (v) => v.startedAt)),
        numberArray(column(changed, (v) => v.endedAt)),
        numberArray(column(changed, (v) => v.requests)),
        numberArray(column(changed, (v) => v.pageViews)),
        textArray(column(changed, (v) => v.entry)),
      ]);
    }
  }

  /** The statement's parameters: the site, then one array per column. */
  private viewColumns(rows: SiteRows, learned: Map<number, number>): unknown[] {
    const n = rows.numbers;
    const count = rows.count;
    const pick = (offset: number, map?: (value: number) => number | null) => {
      const out = new Array<number | null>(count);
      for (let row = 0; row < count; row++) {
        const value = n[row * ROW_WIDTH + offset]!;
        out[row] = map ? map(value) : value;
      }
      return numberArray(out);
    };
    const text = (name: RowText, emptyIsNull: boolean) => {
      const values: (string | null)[] = rows.texts[name].split('\n');
      if (emptyIsNull) for (let i = 0; i < values.length; i++) if (values[i] === '') values[i] = null;
      return textArray(values);
    };
    const sessionOf = (key: number) => (key < 0 ? null : (learned.get(key) ?? this.sessionIds.get(key)!));
    return [
      this.siteId,
      pick(0),
      pick(1),
      pick(2, sessionOf),
      text('path', false),
      pick(3),
      text('referrer', true),
      pick(4),
      pick(5),
      text('browser', true),
      text('os', true),
      text('country', true),
      pick(6),
      text('ip', true),
    ];
  }
}
