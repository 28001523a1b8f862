/**
 * Everything under /d/<token>: the page, its SSE stream, status.json, the Atom feed, the badges and
 * the heatmap view of each listed site with heatmaps (heatmap-route.ts).
 * A token that is malformed, unknown, revoked or rotated away, and a monitor outside the dashboard,
 * all get `miss()`: the same 404 as an unknown path. Only the dashboard's own monitors are read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DASHBOARD_TOKEN_RE, findByHash, hashToken } from '../../access/tokens.js';
import { miss, type ServerContext } from '../context.js';
import { JSON_TYPE, send, unavailable } from '../http/respond.js';
import { UPTIME_WINDOWS, type DashboardData, type UptimeWindow } from '../views/dashboard-data.js';
import { renderBadge, renderBadgeEndpoint, type BadgeSpec } from '../views/badge.js';
import { renderDashboardPage } from '../views/dashboard-page.js';
import { renderIncidentFeed } from '../views/incident-feed.js';
import { certBadge, latencyBadge, statusBadge, uptimeBadge } from '../views/monitor-badges.js';
import { DASHBOARD_PAGE_HEADERS } from '../views/page-headers.js';
import { perSnapshot, statusJsonBytes } from '../views/render-cache.js';
import { gatherDashboard } from './gather.js';
import type { ResolvedDashboard } from './resolve.js';
import { ActivityFigures, withHeatmapLinks } from './activity-figures.js';
import { handleHeatmap, heatmapReadsOf, HEATMAP_REST_RE, showsHeatmap } from './heatmap-route.js';

/** A link's last-used time is written at most this often (not on every badge fetch). */
const TOUCH_EVERY_MS = 60_000;
const touched = new WeakMap<ServerContext, Map<string, number>>();

export async function gatherFor(ctx: ServerContext, dashboard: ResolvedDashboard): Promise<DashboardData> {
  return ctx.snapshots.get(dashboard.name, async () => {
    const now = ctx.now();
    const data = await gatherDashboard(dashboard, ctx.storage, ctx.figures, now);
    return { ...data, ...(await activityOf(ctx).cards(ctx.config, dashboard, now)) };
  });
}

const activityCards = new WeakMap<ServerContext, ActivityFigures>();
function activityOf(ctx: ServerContext): ActivityFigures {
  let figures = activityCards.get(ctx);
  if (!figures) activityCards.set(ctx, (figures = new ActivityFigures(ctx.storage.activity, heatmapReadsOf(ctx))));
  return figures;
}

function touch(ctx: ServerContext, tokenHash: string): void {
  const map = touched.get(ctx) ?? new Map<string, number>();
  touched.set(ctx, map);
  const now = ctx.now();
  if (now - (map.get(tokenHash) ?? 0) < TOUCH_EVERY_MS) return;
  map.set(tokenHash, now);
  ctx.storage.access.touchLink(tokenHash, now).catch((error: unknown) => ctx.log.warn(`could not record a link's use: ${String(error)}`));
}

const SVG_TYPE = 'image/svg+xml; charset=utf-8';

function badge(res: ServerResponse, spec: BadgeSpec, format: string): void {
  if (format === 'svg') send(res, 200, renderBadge(spec), { 'Content-Type': SVG_TYPE });
  else send(res, 200, renderBadgeEndpoint(spec), { 'Content-Type': JSON_TYPE });
}

/** The status and certificate badges drawn from one snapshot, as bytes: READMEs fetch them all day. */
const badgesOf = perSnapshot((_data: DashboardData) => new Map<string, Buffer>());

function snapshotBadge(res: ServerResponse, data: DashboardData, key: string, spec: () => BadgeSpec, format: string): void {
  const drawn = badgesOf(data);
  const id = `${key}\0${format}`;
  let bytes = drawn.get(id);
  if (!bytes) drawn.set(id, (bytes = Buffer.from(format === 'svg' ? renderBadge(spec()) : renderBadgeEndpoint(spec()))));
  send(res, 200, bytes, { 'Content-Type': format === 'svg' ? SVG_TYPE : JSON_TYPE });
}

/** `rest` is what follows `/d/<token>`: '', '/events', '/status.json', '/feed.xml', '/badge/…', '/sites/<site>/heatmap'; `search` what follows `?`. */
export async function handleDashboard(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, token: string, rest: string, search = ''): Promise<void> {
  if (!DASHBOARD_TOKEN_RE.test(token)) return miss(ctx, req, res);
  const tokenHash = hashToken(token);
  const link = findByHash(await ctx.links.get(), (l) => l.tokenHash, tokenHash);
  const dashboard = link && ctx.dashboards.get(link.dashboard);
  if (!dashboard) return miss(ctx, req, res);
  const base = `/d/${token}`;

  if (rest === '' || rest === '/') {
    touch(ctx, tokenHash);
    const page = renderDashboardPage(withHeatmapLinks(await gatherFor(ctx, dashboard), base, (site) => showsHeatmap(ctx, dashboard, site)), { eventsUrl: `${base}/events`, statusJsonUrl: `${base}/status.json`, feedUrl: `${base}/feed.xml` });
    return send(res, 200, page.html, { ...DASHBOARD_PAGE_HEADERS });
  }
  if (rest === '/events') {
    touch(ctx, tokenHash);
    if (!ctx.hub.open(dashboard.name, tokenHash, res, await gatherFor(ctx, dashboard))) unavailable(res);
    return;
  }
  if (rest === '/status.json') return send(res, 200, statusJsonBytes(await gatherFor(ctx, dashboard)), { 'Content-Type': JSON_TYPE });
  if (rest === '/feed.xml') {
    const feed = renderIncidentFeed(await gatherFor(ctx, dashboard), { feedId: `urn:trackz:${ctx.config.workspace}:dashboard:${dashboard.name}` });
    return send(res, 200, feed, { 'Content-Type': 'application/atom+xml; charset=utf-8' });
  }
  const site = HEATMAP_REST_RE.exec(rest);
  if (site) {
    touch(ctx, tokenHash);
    return handleHeatmap(ctx, req, res, dashboard, site[1]!, search);
  }
  const match = /^\/badge\/([^/]+?)(?:\/(uptime|latency)\/([^/]+?)|\/(cert))?\.(svg|json)$/.exec(rest);
  const monitor = match && dashboard.monitors.find((m) => m.name === match[1]);
  if (!match || !monitor) return miss(ctx, req, res);
  const [, , kind, window, cert, format] = match;
  if (kind && !(UPTIME_WINDOWS as readonly string[]).includes(window!)) return miss(ctx, req, res);
  const now = ctx.now();
  if (kind === 'latency') return badge(res, latencyBadge(window!, await ctx.figures.median(monitor.name, window as UptimeWindow, now)), format!);
  if (kind === 'uptime') return badge(res, uptimeBadge(await ctx.figures.figures(monitor.name, now), window as UptimeWindow), format!);
  if (ctx.snapshots.enabled) {
    // The snapshot already holds each monitor's newest result and days left.
    const data = await gatherFor(ctx, dashboard);
    const shown = () => data.monitors.find((m) => m.name === monitor.name);
    if (cert) return snapshotBadge(res, data, `cert\0${monitor.name}`, () => certBadge({ cert: shown()?.cert ?? null }), format!);
    return snapshotBadge(res, data, `status\0${monitor.name}`, () => statusBadge({ name: monitor.name, now: shown()?.now ?? null }), format!);
  }
  const [latest] = await ctx.storage.results.recentResults(monitor.name, { limit: 1 });
  if (cert) {
    const daysLeft = latest?.metrics.days_left;
    return badge(res, certBadge({ cert: typeof daysLeft === 'number' ? { daysLeft } : null }), format!);
  }
  const now_ = latest ? { status: latest.status, message: latest.message, checkedAt: latest.ts, latencyMs: latest.latencyMs } : null;
  return badge(res, statusBadge({ name: monitor.name, now: now_ }), format!);
}
