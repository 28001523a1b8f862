/**
 * What `trackz activity --site` shows, read from the database: visitors, sessions, page views, top
 * pages, referrers, status codes, browsers and systems over a window. Visitors are counted per day
 * (the hash rotates daily), so a 7-day figure is the sum of daily visitors.
 */
import type { Database } from 'better-sqlite3';
import { findSourceId } from '../activity-db.js';

export interface SiteReport {
  kind: 'site';
  site: string;
  from: number;
  to: number;
  /** null when the site keeps nothing per visitor (`visitorId: none`). */
  visitors: number | null;
  sessions: number | null;
  pageViews: number;
  requests: number;
  botRequests: number;
  /** Share of sessions with at most one page view. */
  bounceRate: number | null;
  avgSessionMs: number | null;
  topPages: { path: string; views: number; visitors: number }[];
  referrers: { host: string; views: number }[];
  statusCodes: { status: number; requests: number }[];
  browsers: { browser: string; visitors: number; views: number }[];
  systems: { os: string; visitors: number; views: number }[];
  countries: { country: string; visitors: number; views: number }[];
}

const TOP = 10;

export function siteReport(db: Database, site: { name: string; domain?: string; visitorId: string }, from: number, to: number): SiteReport {
  const id = findSourceId(db, 'site', site.name) ?? -1;
  const window = 'site_id = ? AND ts >= ? AND ts < ?';
  const args = [id, from, to];
  const people = `${window} AND bot = 0`;
  const totals = db
    .prepare(`SELECT COUNT(*) AS requests, COALESCE(SUM(bot), 0) AS bots, COALESCE(SUM(page_view AND NOT bot), 0) AS views, COUNT(DISTINCT visitor_id) AS visitors FROM site_page_views WHERE ${window}`)
    .get(...args) as { requests: number; bots: number; views: number; visitors: number };
  const sessions = db
    .prepare('SELECT COUNT(*) AS n, AVG(ended_at - started_at) AS avg, COALESCE(SUM(page_views <= 1), 0) AS bounces FROM site_sessions WHERE site_id = ? AND started_at >= ? AND started_at < ?')
    .get(...args) as { n: number; avg: number | null; bounces: number };
  const tracked = site.visitorId !== 'none';
  const own = (site.domain ?? '').toLowerCase().replace(/^www\./, '');
  return {
    kind: 'site',
    site: site.name,
    from,
    to,
    visitors: tracked ? totals.visitors : null,
    sessions: tracked ? sessions.n : null,
    pageViews: totals.views,
    requests: totals.requests,
    botRequests: totals.bots,
    bounceRate: tracked && sessions.n ? sessions.bounces / sessions.n : null,
    avgSessionMs: tracked && sessions.avg !== null ? Math.round(sessions.avg) : null,
    topPages: db.prepare(`SELECT path, COUNT(*) AS views, COUNT(DISTINCT visitor_id) AS visitors FROM site_page_views WHERE ${people} AND page_view = 1 GROUP BY path ORDER BY views DESC, path LIMIT ${TOP}`).all(...args) as SiteReport['topPages'],
    referrers: db
      .prepare(`SELECT referrer_host AS host, COUNT(*) AS views FROM site_page_views WHERE ${people} AND page_view = 1 AND referrer_host IS NOT NULL AND referrer_host != ? GROUP BY referrer_host ORDER BY views DESC, host LIMIT ${TOP}`)
      .all(...args, own) as SiteReport['referrers'],
    statusCodes: db.prepare(`SELECT status, COUNT(*) AS requests FROM site_page_views WHERE ${window} GROUP BY status ORDER BY requests DESC, status`).all(...args) as SiteReport['statusCodes'],
    browsers: db
      .prepare(`SELECT COALESCE(browser, 'unknown') AS browser, COUNT(DISTINCT visitor_id) AS visitors, SUM(page_view) AS views FROM site_page_views WHERE ${people} GROUP BY 1 ORDER BY visitors DESC, views DESC LIMIT ${TOP}`)
      .all(...args) as SiteReport['browsers'],
    systems: db
      .prepare(`SELECT COALESCE(os, 'unknown') AS os, COUNT(DISTINCT visitor_id) AS visitors, SUM(page_view) AS views FROM site_page_views WHERE ${people} GROUP BY 1 ORDER BY visitors DESC, views DESC LIMIT ${TOP}`)
      .all(...args) as SiteReport['systems'],
    countries: db
      .prepare(`SELECT country, COUNT(DISTINCT visitor_id) AS visitors, SUM(page_view) AS views FROM site_page_views WHERE ${people} AND country IS NOT NULL GROUP BY 1 ORDER BY visitors DESC, views DESC LIMIT ${TOP}`)
      .all(...args) as SiteReport['countries'],
  };
}
