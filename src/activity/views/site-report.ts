/**
 * What `trackz activity --site` shows, read through the activity port: visitors, sessions, page views, top
 * pages, referrers, status codes, browsers and systems over a window. Visitors are counted per day
 * (the hash rotates daily), so a 7-day figure is the sum of daily visitors.
 */
import type { ActivityPort } from '../../storage/ports/activity.js';

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

export async function siteReport(activity: ActivityPort, site: { name: string; domain?: string; visitorId: string }, from: number, to: number): Promise<SiteReport> {
  const id = (await activity.findSource('site', site.name)) ?? -1;
  const own = (site.domain ?? '').toLowerCase().replace(/^www\./, '');
  const figures = await activity.siteFigures(id, from, to, { ownHost: own, top: TOP });
  const tracked = site.visitorId !== 'none';
  return {
    kind: 'site',
    site: site.name,
    from,
    to,
    visitors: tracked ? figures.visitors : null,
    sessions: tracked ? figures.sessions : null,
    pageViews: figures.pageViews,
    requests: figures.requests,
    botRequests: figures.botRequests,
    bounceRate: tracked && figures.sessions ? figures.bounces / figures.sessions : null,
    avgSessionMs: tracked && figures.sessionsAvgMs !== null ? Math.round(figures.sessionsAvgMs) : null,
    topPages: figures.topPages,
    referrers: figures.referrers,
    statusCodes: figures.statusCodes,
    browsers: figures.browsers,
    systems: figures.systems,
    countries: figures.countries,
  };
}
