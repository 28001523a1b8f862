/**
 * Data requests: which stored activity rows belong to a person (by IP and User-Agent, hashed with
 * every salt still held — older rows cannot be tied to anyone, by design), a device, a site or agent,
 * a date range, or the whole workspace; then count, export (JSON, streamed) or delete them.
 * Opt-outs are exported but not deleted: deleting one would start tracking that person again.
 * Import cursors are kept, so deleted log lines are not imported again from the same files.
 */
import type { Database } from 'better-sqlite3';
import { UserError } from '../core/errors.js';
import { canonicalIp } from './ip-address.js';
import { DAY_MS, optOutId, visitorHash } from './visitor-hasher.js';
import { SaltStore } from './salt-store.js';

export interface DataSelector {
  /** A visitor, by what the web server saw. */
  visitor?: { ip: string; userAgent: string };
  device?: string;
  site?: string;
  agent?: string;
  /** Every site and agent. */
  all?: boolean;
  /** Epoch ms bounds on when things happened: [since, until). */
  since?: number;
  until?: number;
}

/** The browser and OS family of the visitor's User-Agent: narrows matches on a stored IP (`visitorId: plain`). */
export interface AgentFamily {
  browser: string | null;
  os: string | null;
}

/** One set of rows: a table and a WHERE clause. */
export interface RowSet {
  kind: 'pageViews' | 'sessions' | 'events' | 'buckets' | 'devices' | 'optOuts';
  source: string;
  table: string;
  where: string;
  params: unknown[];
}

export interface DataPlan {
  selector: DataSelector;
  sets: RowSet[];
}

/** Checks the combination of selectors a person gave; returns a sentence describing it. */
export function describeSelector(selector: DataSelector): string {
  const chosen = [selector.visitor && 'visitor', selector.device && 'device', selector.all && 'all'].filter(Boolean);
  if (selector.visitor && selector.agent) throw new UserError('--visitor identifies web visitors: combine it with --site, not --agent');
  if (selector.device && selector.site) throw new UserError('--device identifies an agent device: combine it with --agent, not --site');
  if (selector.all && (selector.site || selector.agent)) throw new UserError('--all means every site and agent: leave out --site and --agent');
  if (chosen.length > 1) throw new UserError('choose one of --visitor, --device or --all');
  if (chosen.length === 0 && !selector.site && !selector.agent) throw new UserError('say whose data: --visitor IP --user-agent UA, --device NAME, --site NAME, --agent NAME, or --all');
  if (selector.site && selector.agent && !selector.visitor && !selector.device) throw new UserError('give --site or --agent, not both');
  const who = selector.visitor
    ? `the visitor ${selector.visitor.ip} with that User-Agent${selector.site ? ` on site ${selector.site}` : ' on every site'}`
    : selector.device
      ? `the device ${selector.device}${selector.agent ? ` of agent ${selector.agent}` : ''}`
      : selector.all
        ? 'every site and agent'
        : selector.site
          ? `site ${selector.site}`
          : `agent ${selector.agent}`;
  const when = [selector.since !== undefined && `since ${new Date(selector.since).toISOString()}`, selector.until !== undefined && `until ${new Date(selector.until).toISOString()}`].filter(Boolean).join(' ');
  return when ? `${who}, ${when}` : who;
}

function range(column: string, selector: DataSelector): { sql: string; params: number[] } {
  const parts: string[] = [];
  const params: number[] = [];
  if (selector.since !== undefined) {
    parts.push(`${column} >= ?`);
    params.push(selector.since);
  }
  if (selector.until !== undefined) {
    parts.push(`${column} < ?`);
    params.push(selector.until);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

export function planDataRequest(db: Database, selector: DataSelector, family?: AgentFamily): DataPlan {
  describeSelector(selector);
  const sets: RowSet[] = [];
  const dated = selector.since !== undefined || selector.until !== undefined;
  const wantSites = Boolean(selector.visitor || selector.all || (selector.site && !selector.device));
  const wantAgents = Boolean(selector.device || selector.all || (selector.agent && !selector.visitor));

  if (wantSites) {
    const sites = db.prepare(`SELECT id, name FROM activity_sources WHERE kind = 'site'${selector.site ? ' AND name = ?' : ''} ORDER BY name`).all(...(selector.site ? [selector.site] : [])) as { id: number; name: string }[];
    if (selector.site && sites.length === 0) throw new UserError(`no data stored for site "${selector.site}"`);
    const views = range('ts', selector);
    const started = range('started_at', selector);
    if (selector.visitor) {
      // However the address was typed, it is looked up in the spelling imports stored and hashed.
      const ip = canonicalIp(selector.visitor.ip);
      const userAgent = selector.visitor.userAgent;
      const salts = new SaltStore(db).heldSalts();
      const optOutKey = db.prepare("SELECT key FROM activity_keys WHERE name = 'opt-out'").pluck().get() as Buffer | undefined;
      for (const site of sites) {
        for (const { day, salt } of salts) {
          // The hash of a day's salt matches only that day's rows.
          const id = visitorHash(salt, site.name, ip, userAgent);
          sets.push({ kind: 'pageViews', source: site.name, table: 'site_page_views', where: `site_id = ? AND ts >= ? AND ts < ? AND visitor_id = ?${views.sql}`, params: [site.id, day * DAY_MS, (day + 1) * DAY_MS, id, ...views.params] });
          sets.push({ kind: 'sessions', source: site.name, table: 'site_sessions', where: `site_id = ? AND visitor_id = ?${started.sql}`, params: [site.id, id, ...started.params] });
        }
        // Sites with `visitorId: plain` stored the IP: those rows match whatever their day.
        const same = family ? ' AND browser IS ? AND os IS ?' : '';
        const familyParams = family ? [family.browser, family.os] : [];
        sets.push({ kind: 'pageViews', source: site.name, table: 'site_page_views', where: `site_id = ? AND ip = ? AND visitor_id IS NOT NULL${same}${views.sql}`, params: [site.id, ip, ...familyParams, ...views.params] });
        sets.push({
          kind: 'sessions',
          source: site.name,
          table: 'site_sessions',
          where: `site_id = ? AND id IN (SELECT session_id FROM site_page_views WHERE site_id = ? AND ip = ?${same})${started.sql}`,
          params: [site.id, site.id, ip, ...familyParams, ...started.params],
        });
        if (optOutKey) sets.push({ kind: 'optOuts', source: site.name, table: 'site_opt_outs', where: 'site_id = ? AND visitor_key = ?', params: [site.id, optOutId(optOutKey, site.name, ip, userAgent)] });
      }
    } else {
      for (const site of sites) {
        sets.push({ kind: 'pageViews', source: site.name, table: 'site_page_views', where: `site_id = ?${views.sql}`, params: [site.id, ...views.params] });
        sets.push({ kind: 'sessions', source: site.name, table: 'site_sessions', where: `site_id = ?${started.sql}`, params: [site.id, ...started.params] });
        if (!dated) sets.push({ kind: 'optOuts', source: site.name, table: 'site_opt_outs', where: 'site_id = ?', params: [site.id] });
      }
    }
  }

  if (wantAgents) {
    const agents = db.prepare(`SELECT id, name FROM activity_sources WHERE kind = 'agent'${selector.agent ? ' AND name = ?' : ''} ORDER BY name`).all(...(selector.agent ? [selector.agent] : [])) as { id: number; name: string }[];
    if (selector.agent && agents.length === 0) throw new UserError(`no data stored for agent "${selector.agent}"`);
    const events = range('start_at', selector);
    let found = 0;
    for (const agent of agents) {
      const devices = db.prepare(`SELECT id, name FROM agent_devices WHERE agent_id = ?${selector.device ? ' AND name = ?' : ''} ORDER BY name`).all(agent.id, ...(selector.device ? [selector.device] : [])) as { id: number; name: string }[];
      for (const device of devices) {
        found++;
        const label = `${agent.name}/${device.name}`;
        sets.push({ kind: 'events', source: label, table: 'agent_events', where: `bucket_id IN (SELECT id FROM agent_buckets WHERE device_id = ?)${events.sql}`, params: [device.id, ...events.params] });
        if (!dated) {
          sets.push({ kind: 'buckets', source: label, table: 'agent_buckets', where: 'device_id = ?', params: [device.id] });
          sets.push({ kind: 'devices', source: label, table: 'agent_devices', where: 'id = ?', params: [device.id] });
        }
      }
    }
    if (selector.device && found === 0) throw new UserError(`no data stored for device "${selector.device}"${selector.agent ? ` of agent ${selector.agent}` : ''}`);
  }
  return { selector, sets };
}

export type DataCounts = Record<RowSet['kind'], number>;

/** One query per source, kind and table: a row matched two ways (hash and stored IP) counts once. */
function merged(plan: DataPlan): RowSet[] {
  const groups = new Map<string, RowSet>();
  for (const set of plan.sets) {
    const key = `${set.source}\u0000${set.kind}\u0000${set.table}`;
    const group = groups.get(key);
    if (!group) groups.set(key, { ...set, where: `(${set.where})`, params: [...set.params] });
    else {
      group.where += ` OR (${set.where})`;
      group.params.push(...set.params);
    }
  }
  return [...groups.values()];
}

export function countPlan(db: Database, plan: DataPlan): DataCounts {
  const counts: DataCounts = { pageViews: 0, sessions: 0, events: 0, buckets: 0, devices: 0, optOuts: 0 };
  for (const set of merged(plan)) counts[set.kind] += db.prepare(`SELECT COUNT(*) FROM ${set.table} WHERE ${set.where}`).pluck().get(...set.params) as number;
  return counts;
}

/** Deletes every row of the plan in one transaction (opt-outs excepted); returns what went. */
export function deletePlan(db: Database, plan: DataPlan): DataCounts {
  const counts: DataCounts = { pageViews: 0, sessions: 0, events: 0, buckets: 0, devices: 0, optOuts: 0 };
  // Children before parents: events before buckets before devices.
  const order: RowSet['kind'][] = ['pageViews', 'sessions', 'events', 'buckets', 'devices'];
  db.transaction(() => {
    const sets = merged(plan);
    for (const kind of order) for (const set of sets.filter((s) => s.kind === kind)) counts[kind] += db.prepare(`DELETE FROM ${set.table} WHERE ${set.where}`).run(...set.params).changes;
  }).immediate();
  return counts;
}

const iso = (ms: number) => new Date(ms).toISOString();

const EXPORT_COLUMNS: Partial<Record<RowSet['kind'], { select: string; map: (row: Record<string, unknown>) => unknown }>> = {
  pageViews: {
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

/** Writes the plan's rows as one JSON document, row by row (no whole export in memory). */
export async function exportPlan(db: Database, plan: DataPlan, write: (text: string) => Promise<void> | void, meta: Record<string, unknown>): Promise<DataCounts> {
  const counts: DataCounts = { pageViews: 0, sessions: 0, events: 0, buckets: 0, devices: 0, optOuts: 0 };
  await write(`{\n  "exportedAt": ${JSON.stringify(new Date().toISOString())},\n  "selection": ${JSON.stringify(meta)},\n  "sources": [`);
  const all = merged(plan);
  const sources = [...new Set(all.map((s) => s.source))];
  for (const [i, source] of sources.entries()) {
    await write(`${i ? ',' : ''}\n    { "source": ${JSON.stringify(source)}`);
    for (const kind of ['pageViews', 'sessions', 'events', 'optOuts'] as const) {
      const sets = all.filter((s) => s.source === source && s.kind === kind);
      if (sets.length === 0) continue;
      await write(`, ${JSON.stringify(kind)}: [`);
      let first = true;
      const columns = EXPORT_COLUMNS[kind]!;
      for (const set of sets) {
        for (const row of db.prepare(`SELECT ${columns.select} FROM ${set.table} WHERE ${set.where}`).iterate(...set.params) as Iterable<Record<string, unknown>>) {
          await write(`${first ? '' : ','}\n      ${JSON.stringify(columns.map(row))}`);
          first = false;
          counts[kind]++;
        }
      }
      await write(first ? ']' : '\n    ]');
    }
    await write(' }');
  }
  await write(`\n  ],\n  "counts": ${JSON.stringify(counts)}\n}\n`);
  return counts;
}
