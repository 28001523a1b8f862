/**
 * The figures `trackz activity --site` shows for a window, in PostgreSQL: the same queries as the
 * SQLite report, so both backends answer alike (ties broken by bytewise name order: the text
 * columns are COLLATE "C").
 */
import type { SiteFigures } from '../../ports/activity.js';
import type { Sql } from '../sql-session.js';

export async function siteFigures(sql: Sql, siteId: number, from: number, to: number, options: { ownHost: string; top: number }): Promise<SiteFigures> {
  const window = 'site_id = $1 AND ts >= $2 AND ts < $3';
  const people = `${window} AND bot = 0`;
  const args = [siteId, from, to];
  const top = Math.max(0, Math.floor(options.top));
  const all = async <R extends Record<string, unknown>>(text: string, values: unknown[] = args) => (await sql.query<R>(text, values)).rows;
  const [totals, sessions, topPages, referrers, statusCodes, browsers, systems, countries] = await Promise.all([
    all<{ requests: number; bots: number; views: number; visitors: number }>(
      `SELECT COUNT(*) AS requests, COALESCE(SUM(bot), 0) AS bots, COUNT(*) FILTER (WHERE page_view = 1 AND bot = 0) AS views, COUNT(DISTINCT visitor_id) AS visitors
       FROM site_page_views WHERE ${window}`,
    ),
    all<{ n: number; avg: number | null; bounces: number }>(
      'SELECT COUNT(*) AS n, AVG(ended_at - started_at) AS avg, COUNT(*) FILTER (WHERE page_views <= 1) AS bounces FROM site_sessions WHERE site_id = $1 AND started_at >= $2 AND started_at < $3',
    ),
    all<SiteFigures['topPages'][number]>(
      `SELECT path, COUNT(*) AS views, COUNT(DISTINCT visitor_id) AS visitors FROM site_page_views WHERE ${people} AND page_view = 1 GROUP BY path ORDER BY views DESC, path LIMIT ${top}`,
    ),
    all<SiteFigures['referrers'][number]>(
      `SELECT referrer_host AS host, COUNT(*) AS views FROM site_page_views WHERE ${people} AND page_view = 1 AND referrer_host IS NOT NULL AND referrer_host != $4
       GROUP BY referrer_host ORDER BY views DESC, host LIMIT ${top}`,
      [...args, options.ownHost],
    ),
    all<SiteFigures['statusCodes'][number]>(`SELECT status, COUNT(*) AS requests FROM site_page_views WHERE ${window} GROUP BY status ORDER BY requests DESC, status`),
    all<SiteFigures['browsers'][number]>(
      `SELECT COALESCE(browser, 'unknown') AS browser, COUNT(DISTINCT visitor_id) AS visitors, SUM(page_view) AS views FROM site_page_views WHERE ${people}
       GROUP BY 1 ORDER BY visitors DESC, views DESC, 1 LIMIT ${top}`,
    ),
    all<SiteFigures['systems'][number]>(
      `SELECT COALESCE(os, 'unknown') AS os, COUNT(DISTINCT visitor_id) AS visitors, SUM(page_view) AS views FROM site_page_views WHERE ${people}
       GROUP BY 1 ORDER BY visitors DESC, views DESC, 1 LIMIT ${top}`,
    ),
    all<SiteFigures['countries'][number]>(
      `SELECT country, COUNT(DISTINCT visitor_id) AS visitors, SUM(page_view) AS views FROM site_page_views WHERE ${people} AND country IS NOT NULL
       GROUP BY 1 ORDER BY visitors DESC, views DESC, 1 LIMIT ${top}`,
    ),
  ]);
  const t = totals[0]!;
  const s = sessions[0]!;
  return {
    visitors: t.visitors,
    sessions: s.n,
    sessionsAvgMs: s.avg,
    bounces: s.bounces,
    pageViews: t.views,
    requests: t.requests,
    botRequests: t.bots,
    topPages,
    referrers,
    statusCodes,
    browsers,
    systems,
    countries,
  };
}
