/**
 * Data rights in PostgreSQL: the declared row sets (a visitor's requests, a device's events, a whole
 * site…) become WHERE clauses here; sets of one source and kind are OR-ed into one statement, so a
 * row matched two ways (by hash and by stored IP) counts, exports and deletes once. Deletes run in
 * one transaction, children before parents. Exports are streamed through a server-side cursor, never
 * the whole selection in memory.
 */
import type { DataCounts, DataKind, ExportedRow, RowSet, TimeRange } from '../../ports/activity.js';
import type { Sql } from '../sql-session.js';

const TABLES: Record<DataKind, string> = {
  requests: 'site_page_views',
  sessions: 'site_sessions',
  events: 'agent_events',
  buckets: 'agent_buckets',
  devices: 'agent_devices',
  optOuts: 'site_opt_outs',
};

const emptyCounts = (): DataCounts => ({ requests: 0, pageViews: 0, sessions: 0, events: 0, buckets: 0, devices: 0, optOuts: 0 });

/** Numbered parameters, shared by every clause of one statement. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function range(column: string, r: TimeRange, p: Params): string {
  return (r.since !== undefined ? ` AND ${column} >= ${p.add(r.since)}` : '') + (r.until !== undefined ? ` AND ${column} < ${p.add(r.until)}` : '');
}

/** A stored IP narrowed by the User-Agent's family, when one is given (null matches null). */
function sameFamily(visitor: { browser?: string | null; os?: string | null }, p: Params): string {
  if (visitor.browser === undefined && visitor.os === undefined) return '';
  return ` AND browser IS NOT DISTINCT FROM ${p.add(visitor.browser ?? null)}::text AND os IS NOT DISTINCT FROM ${p.add(visitor.os ?? null)}::text`;
}

function clause(set: RowSet, p: Params): string {
  switch (set.kind) {
    case 'requests': {
      let where = `site_id = ${p.add(set.siteId)}${range('ts', set.range, p)}`;
      const v = set.visitor;
      if (v && 'id' in v) where += ` AND ts >= ${p.add(v.day[0])} AND ts < ${p.add(v.day[1])} AND visitor_id = ${p.add(v.id)}`;
      else if (v) where += ` AND ip = ${p.add(v.ip)} AND visitor_id IS NOT NULL${sameFamily(v, p)}`;
      return where;
    }
    case 'sessions': {
      let where = `site_id = ${p.add(set.siteId)}${range('started_at', set.range, p)}`;
      const v = set.visitor;
      if (v && 'id' in v) where += ` AND visitor_id = ${p.add(v.id)}`;
      else if (v) where += ` AND id IN (SELECT session_id FROM site_page_views WHERE site_id = ${p.add(set.siteId)} AND ip = ${p.add(v.ip)}${sameFamily(v, p)})`;
      return where;
    }
    case 'optOuts':
      return `site_id = ${p.add(set.siteId)}${set.visitorKey !== undefined ? ` AND visitor_key = ${p.add(set.visitorKey)}` : ''}`;
    case 'events':
      return `bucket_id IN (SELECT id FROM agent_buckets WHERE device_id = ${p.add(set.deviceId)})${range('start_at', set.range, p)}`;
    case 'buckets':
      return `device_id = ${p.add(set.deviceId)}`;
    case 'devices':
      return `id = ${p.add(set.deviceId)}`;
  }
}

interface Group {
  source: string;
  kind: DataKind;
  sets: RowSet[];
}

/** Sets grouped by source and kind, in the order they were first given. */
function groups(sets: readonly RowSet[]): Group[] {
  const byKey = new Map<string, Group>();
  for (const set of sets) {
    const key = `${set.source}\0${set.kind}`;
    const group = byKey.get(key);
    if (group) group.sets.push(set);
    else byKey.set(key, { source: set.source, kind: set.kind, sets: [set] });
  }
  return [...byKey.values()];
}

function where(group: Group, p: Params): string {
  return group.sets.map((set) => `(${clause(set, p)})`).join(' OR ');
}

/** Page views as the site figures count them: a page, not an asset, and not a bot. */
async function countPageViews(sql: Sql, group: Group): Promise<number> {
  const p = new Params();
  const { rows } = await sql.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${TABLES.requests} WHERE (${where(group, p)}) AND page_view = 1 AND bot = 0`, p.values);
  return rows[0]!.n;
}

export async function countRows(sql: Sql, sets: readonly RowSet[]): Promise<DataCounts> {
  const counts = emptyCounts();
  for (const group of groups(sets)) {
    const p = new Params();
    const { rows } = await sql.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${TABLES[group.kind]} WHERE ${where(group, p)}`, p.values);
    counts[group.kind] += rows[0]!.n;
    if (group.kind === 'requests') counts.pageViews += await countPageViews(sql, group);
  }
  return counts;
}

/** Every set but opt-outs (deleting one would start tracking that person again), children before parents. */
export async function deleteRows(sql: Sql, sets: readonly RowSet[]): Promise<DataCounts> {
  const counts = emptyCounts();
  const order: DataKind[] = ['requests', 'sessions', 'events', 'buckets', 'devices'];
  const all = groups(sets);
  await sql.transaction(async (tx) => {
    for (const kind of order) {
      for (const group of all.filter((g) => g.kind === kind)) {
        if (kind === 'requests') counts.pageViews += await countPageViews(tx, group);
        const p = new Params();
        const { rowCount } = await tx.query(`DELETE FROM ${TABLES[kind]} WHERE ${where(group, p)}`, p.values);
        counts[kind] += rowCount ?? 0;
      }
    }
  });
  return counts;
}

const iso = (ms: number) => new Date(ms).toISOString();

const EXPORTS: Record<ExportedRow['kind'], { select: string; order: string; map: (r: Record<string, unknown>) => Record<string, unknown> }> = {
  requests: {
    select: 'id, ts, path, page_view, referrer_host, status, bytes, browser, os, country, bot, visitor_id, session_id, ip',
    order: 'id',
    map: (r) => ({
      at: iso(r.ts as number),
      path: r.path,
      pageView: r.page_view === 1,
      referrerHost: r.referrer_host,
      status: r.status,
      bytes: r.bytes,
      browser: r.browser,
      os: r.os,
      country: r.country,
      bot: r.bot === 1,
      visitorId: r.visitor_id,
      sessionId: r.session_id,
      ...(r.ip ? { ip: r.ip } : {}),
    }),
  },
  sessions: {
    select: 'id, visitor_id, started_at, ended_at, requests, page_views, entry_path',
    order: 'id',
    map: (r) => ({ id: r.id, visitorId: r.visitor_id, startedAt: iso(r.started_at as number), endedAt: iso(r.ended_at as number), requests: r.requests, pageViews: r.page_views, entryPath: r.entry_path }),
  },
  events: {
    select: 'id, (SELECT name FROM agent_buckets b WHERE b.id = bucket_id) AS bucket, start_at, end_at, app, title, url, domain, status',
    order: 'id',
    map: (r) => ({ bucket: r.bucket, start: iso(r.start_at as number), end: iso(r.end_at as number), app: r.app, title: r.title, url: r.url, domain: r.domain, status: r.status }),
  },
  optOuts: { select: 'visitor_key, at', order: 'visitor_key', map: (r) => ({ optedOutAt: iso(r.at as number) }) },
};

export async function* exportRows(sql: Sql, sets: readonly RowSet[]): AsyncIterable<ExportedRow> {
  const all = groups(sets);
  for (const source of new Set(all.map((g) => g.source))) {
    for (const kind of ['requests', 'sessions', 'events', 'optOuts'] as const) {
      const group = all.find((g) => g.source === source && g.kind === kind);
      if (!group) continue;
      const { select, order, map } = EXPORTS[kind];
      const p = new Params();
      const condition = where(group, p);
      for await (const row of sql.stream<Record<string, unknown>>(`SELECT ${select} FROM ${TABLES[kind]} WHERE ${condition} ORDER BY ${order}`, p.values)) {
        yield { kind, source, row: map(row) };
      }
    }
  }
}
