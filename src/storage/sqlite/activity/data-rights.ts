/**
 * Data requests in SQLite: the declared RowSets (src/privacy plans them) as WHERE clauses, OR-ed per
 * source and kind so a row matched two ways (hash and stored IP) counts once; then counted, deleted
 * in one transaction (children before parents, opt-outs never), or exported row by row.
 */
import type { DataCounts, DataKind, ExportedRow, RowSet, TimeRange } from '../../ports/activity.js';
import type { SqliteConnection } from '../connection.js';
import type { Scope } from '../gate.js';

interface Clause {
  kind: DataKind;
  source: string;
  table: string;
  where: string;
  params: unknown[];
}

const TABLES: Record<DataKind, string> = { requests: 'site_page_views', sessions: 'site_sessions', events: 'agent_events', buckets: 'agent_buckets', devices: 'agent_devices', optOuts: 'site_opt_outs' };

function range(column: string, range: TimeRange): { sql: string; params: number[] } {
  let sql = '';
  const params: number[] = [];
  if (range.since !== undefined) {
    sql += ` AND ${column} >= ?`;
    params.push(range.since);
  }
  if (range.until !== undefined) {
    sql += ` AND ${column} < ?`;
    params.push(range.until);
  }
  return { sql, params };
}

/** The User-Agent family narrows matches on a stored IP when the plan gives one (null is "unknown"). */
function family(visitor: { browser?: string | null; os?: string | null }): { sql: string; params: unknown[] } {
  if (visitor.browser === undefined && visitor.os === undefined) return { sql: '', params: [] };
  return { sql: ' AND browser IS ? AND os IS ?', params: [visitor.browser ?? null, visitor.os ?? null] };
}

function clauseOf(set: RowSet): Clause {
  const base = { kind: set.kind, source: set.source, table: TABLES[set.kind] };
  switch (set.kind) {
    case 'requests': {
      const when = range('ts', set.range);
      const v = set.visitor;
      if (!v) return { ...base, where: `site_id = ?${when.sql}`, params: [set.siteId, ...when.params] };
      if ('id' in v) return { ...base, where: `site_id = ? AND ts >= ? AND ts < ? AND visitor_id = ?${when.sql}`, params: [set.siteId, v.day[0], v.day[1], v.id, ...when.params] };
      const same = family(v);
      return { ...base, where: `site_id = ? AND ip = ? AND visitor_id IS NOT NULL${same.sql}${when.sql}`, params: [set.siteId, v.ip, ...same.params, ...when.params] };
    }
    case 'sessions': {
      const when = range('started_at', set.range);
      const v = set.visitor;
      if (!v) return { ...base, where: `site_id = ?${when.sql}`, params: [set.siteId, ...when.params] };
      if ('id' in v) return { ...base, where: `site_id = ? AND visitor_id = ?${when.sql}`, params: [set.siteId, v.id, ...when.params] };
      const same = family(v);
      return { ...base, where: `site_id = ? AND id IN (SELECT session_id FROM site_page_views WHERE site_id = ? AND ip = ?${same.sql})${when.sql}`, params: [set.siteId, set.siteId, v.ip, ...same.params, ...when.params] };
    }
    case 'optOuts':
      return set.visitorKey === undefined ? { ...base, where: 'site_id = ?', params: [set.siteId] } : { ...base, where: 'site_id = ? AND visitor_key = ?', params: [set.siteId, set.visitorKey] };
    case 'events': {
      const when = range('start_at', set.range);
      return { ...base, where: `bucket_id IN (SELECT id FROM agent_buckets WHERE device_id = ?)${when.sql}`, params: [set.deviceId, ...when.params] };
    }
    case 'buckets':
      return { ...base, where: 'device_id = ?', params: [set.deviceId] };
    case 'devices':
      return { ...base, where: 'id = ?', params: [set.deviceId] };
  }
}

/** One clause per source and kind, in the order they first appear. */
function merged(sets: readonly RowSet[]): Clause[] {
  const groups = new Map<string, Clause>();
  for (const set of sets) {
    const clause = clauseOf(set);
    const key = `${clause.source}\u0000${clause.kind}`;
    const group = groups.get(key);
    if (!group) groups.set(key, { ...clause, where: `(${clause.where})` });
    else {
      group.where += ` OR (${clause.where})`;
      group.params.push(...clause.params);
    }
  }
  return [...groups.values()];
}

const noCounts = (): DataCounts => ({ requests: 0, pageViews: 0, sessions: 0, events: 0, buckets: 0, devices: 0, optOuts: 0 });

/** Page views as site-report.ts counts them: a page, not an asset, and not a bot. */
function countPageViews(c: SqliteConnection, clause: Clause): number {
  return c.value(`SELECT COUNT(*) FROM ${clause.table} WHERE (${clause.where}) AND page_view = 1 AND bot = 0`).get(...clause.params) as number;
}

export function countRows(c: SqliteConnection, sets: readonly RowSet[]): DataCounts {
  const counts = noCounts();
  for (const clause of merged(sets)) {
    counts[clause.kind] += c.value(`SELECT COUNT(*) FROM ${clause.table} WHERE ${clause.where}`).get(...clause.params) as number;
    if (clause.kind === 'requests') counts.pageViews += countPageViews(c, clause);
  }
  return counts;
}

export function deleteRows(c: SqliteConnection, sets: readonly RowSet[]): DataCounts {
  const counts = noCounts();
  // Children before parents: requests before sessions, events before buckets before devices.
  const order: DataKind[] = ['requests', 'sessions', 'events', 'buckets', 'devices'];
  c.immediate(() => {
    const clauses = merged(sets);
    for (const kind of order) {
      for (const clause of clauses.filter((s) => s.kind === kind)) {
        if (kind === 'requests') counts.pageViews += countPageViews(c, clause);
        counts[kind] += c.sql(`DELETE FROM ${clause.table} WHERE ${clause.where}`).run(...clause.params).changes;
      }
    }
  });
  return counts;
}

const iso = (ms: number) => new Date(ms).toISOString();

const EXPORT_COLUMNS: Record<ExportedRow['kind'], { select: string; map: (row: Record<string, unknown>) => Record<string, unknown> }> = {
  requests: {
    select: 'ts, path, page_view, referrer_host, status, bytes, browser, os, country, bot, visitor_id, session_id, ip',
    map: (r) => ({ at: iso(r.ts as number), path: r.path, pageView: r.page_view === 1, referrerHost: r.referrer_host, status: r.status, bytes: r.bytes, browser: r.browser, os: r.os, country: r.country, bot: r.bot === 1, visitorId: r.visitor_id, sessionId: r.session_id, ...(r.ip ? { ip: r.ip } : {}) }),
  },
  sessions: {
    select: 'id, visitor_id, started_at, ended_at, requests, page_views, entry_path',
    map: (r) => ({ id: r.id, visitorId: r.visitor_id, startedAt: iso(r.started_at as number), endedAt: iso(r.ended_at as number), requests: r.requests, pageViews: r.page_views, entryPath: r.entry_path }),
  },
  events: {
    select: '(SELECT name FROM agent_buckets b WHERE b.id = bucket_id) AS bucket, start_at, end_at, app, title, url, domain, status',
    map: (r) => ({ bucket: r.bucket, start: iso(r.start_at as number), end: iso(r.end_at as number), app: r.app, title: r.title, url: r.url, domain: r.domain, status: r.status }),
  },
  optOuts: { select: 'at', map: (r) => ({ optedOutAt: iso(r.at as number) }) },
};

const EXPORT_ORDER: ExportedRow['kind'][] = ['requests', 'sessions', 'events', 'optOuts'];

/**
 * The rows source by source, kind by kind. The statement's cursor stays open between rows, so the
 * connection is held (other callers wait) until the stream ends or the loop breaks out of it.
 */
export async function* exportRows(c: SqliteConnection, scope: Scope, sets: readonly RowSet[]): AsyncGenerator<ExportedRow> {
  const clauses = merged(sets).filter((clause) => clause.kind !== 'buckets' && clause.kind !== 'devices');
  const sources = [...new Set(clauses.map((clause) => clause.source))];
  const release = await scope.hold();
  try {
    for (const source of sources) {
      for (const kind of EXPORT_ORDER) {
        const columns = EXPORT_COLUMNS[kind];
        for (const clause of clauses.filter((s) => s.source === source && s.kind === kind)) {
          for (const row of c.db.prepare(`SELECT ${columns.select} FROM ${clause.table} WHERE ${clause.where}`).iterate(...clause.params) as Iterable<Record<string, unknown>>) {
            yield { kind, source, row: columns.map(row) };
          }
        }
      }
    }
  } finally {
    release();
  }
}
