/**
 * What a site import reads before deciding (opt-outs, sessions a later request may continue) and the
 * figures `trackz activity --site` shows for a window, in SQLite.
 */
import type { SiteFigures, StoredSession } from '../../ports/activity.js';
import type { SqliteConnection } from '../connection.js';

export function optOuts(c: SqliteConnection, siteId: number): number[] {
  return c.value('SELECT visitor_key FROM site_opt_outs WHERE site_id = ?').all(siteId) as number[];
}

export function openSessions(c: SqliteConnection, siteId: number, sessionTimeoutMs: number): StoredSession[] {
  // Sessions that ended within a timeout of the newest stored one may be continued by the next lines.
  const storedUntil = c.value('SELECT MAX(ended_at) FROM site_sessions WHERE site_id = ?').get(siteId) as number | null;
  if (storedUntil === null) return [];
  return c
    .sql('SELECT id, visitor_id AS visitorId, started_at AS startedAt, ended_at AS endedAt, requests, page_views AS pageViews, entry_path AS entryPath FROM site_sessions WHERE site_id = ? AND ended_at >= ? ORDER BY ended_at')
    .all(siteId, storedUntil - sessionTimeoutMs) as StoredSession[];
}

export function siteFigures(c: SqliteConnection, siteId: number, from: number, to: number, options: { ownHost: string; top: number }): SiteFigures {
  const window = 'site_id = ? AND ts >= ? AND ts < ?';
  const args = [siteId, from, to];
  const people = `${window} AND bot = 0`;
  const top = Math.max(0, Math.floor(options.top));
  const totals = c
    .sql(`SELECT COUNT(*) AS requests, COALESCE(SUM(bot), 0) AS bots, COALESCE(SUM(page_view AND NOT bot), 0) AS views, COUNT(DISTINCT visitor_id) AS visitors FROM site_page_views WHERE ${window}`)
    .get(...args) as { requests: number; bots: number; views: number; visitors: number };
  const sessions = c
    .sql('SELECT COUNT(*) AS n, AVG(ended_at - started_at) AS avg, COALESCE(SUM(page_views <= 1), 0) AS bounces FROM site_sessions WHERE site_id = ? AND started_at >= ? AND started_at < ?')
    .get(...args) as { n: number; avg: number | null; bounces: number };
  return {
    visitors: totals.visitors,
    sessions: sessions.n,
    sessionsAvgMs: sessions.avg,
    bounces: sessions.bounces,
    pageViews: totals.views,
    requests: totals.requests,
    botRequests: totals.bots,
    topPages: c.sql(`SELECT path, COUNT(*) AS views, COUNT(DISTINCT visitor_id) AS visitors FROM site_page_views WHERE ${people} AND page_view = 1 GROUP BY path ORDER BY views DESC, path LIMIT ${top}`).all(...args) as SiteFigures['topPages'],
    referrers: c
      .sql(`SELECT referrer_host AS host, COUNT(*) AS views FROM site_page_views WHERE ${people} AND page_view = 1 AND referrer_host IS NOT NULL AND referrer_host != ? GROUP BY referrer_host ORDER BY views DESC, host LIMIT ${top}`)
      .all(...args, options.ownHost) as SiteFigures['referrers'],
    statusCodes: c.sql(`SELECT status, COUNT(*) AS requests FROM site_page_views WHERE ${window} GROUP BY status ORDER BY requests DESC, status`).all(...args) as SiteFigures['statusCodes'],
    browsers: c
      .sql(`SELECT COALESCE(browser, 'unknown') AS browser, COUNT(DISTINCT visitor_id) AS visitors, SUM(page_view) AS views FROM site_page_views WHERE ${people} GROUP BY 1 ORDER BY visitors DESC, views DESC LIMIT ${top}`)
      .all(...args) as SiteFigures['browsers'],
    systems: c
      .sql(`SELECT COALESCE(os, 'unknown') AS os, COUNT(DISTINCT visitor_id) AS visitors, SUM(page_view) AS views FROM site_page_views WHERE ${people} GROUP BY 1 ORDER BY visitors DESC, views DESC LIMIT ${top}`)
      .all(...args) as SiteFigures['systems'],
    countries: c
      .sql(`SELECT country, COUNT(DISTINCT visitor_id) AS visitors, SUM(page_view) AS views FROM site_page_views WHERE ${people} AND country IS NOT NULL GROUP BY 1 ORDER BY visitors DESC, views DESC LIMIT ${top}`)
      .all(...args) as SiteFigures['countries'],
  };
}
