/**
 * `/d/<token>/sites/<site>/heatmap?path=/pricing&width=1280`: a site's heatmap numbers under a
 * dashboard's link. A site the dashboard does not list, or one without `heatmaps: true`, is a miss
 * (the unknown path's 404), so the link tells nothing about what else exists. The query is a
 * visitor's: `path` must be a page path (starts with /, at most as long as the beacon stores) and
 * `width` a whole number of px up to the widest viewport the beacon stores, else 400 with a fixed line.
 * Nothing heavy runs here: no browser, only two indexed reads a minute per page (heatmap-reads.ts),
 * and the HTML is rendered once per kept view.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { miss, type ServerContext } from '../context.js';
import { send } from '../http/respond.js';
import { MAX_URL, MAX_WIDTH_PX } from '../collect/beacon-body.js';
import { heatmapQuery, renderHeatmapPage, type HeatmapViewData } from '../views/heatmap-page.js';
import { DASHBOARD_PAGE_HEADERS } from '../views/page-headers.js';
import { perSnapshot } from '../views/render-cache.js';
import { HeatmapReads } from './heatmap-reads.js';
import type { ResolvedDashboard } from './resolve.js';

/** What follows `/d/<token>`; the site name needs no escaping (config names are letters, digits and `._:-`). */
export const HEATMAP_REST_RE = /^\/sites\/([^/]+)\/heatmap$/;

/** The view's URL under a dashboard's link (`base` is `/d/<token>`). */
export function heatmapViewUrl(base: string, site: string, page: { path: string; width: number }): string {
  return `${base}/sites/${site}/heatmap${heatmapQuery(page.path, page.width)}`;
}

/** The page and width asked for (each optional), or why the query is refused (never an echo of it). */
export function parseHeatmapQuery(search: string): { path?: string; width?: number } | string {
  const params = new URLSearchParams(search);
  const path = params.get('path');
  const width = params.get('width');
  if (path !== null && !(path.startsWith('/') && path.length <= MAX_URL)) return `path must be a page path starting with / (at most ${MAX_URL} characters)`;
  if (width !== null && !(/^\d{1,6}$/.test(width) && Number(width) <= MAX_WIDTH_PX)) return `width must be a whole number of px, 0-${MAX_WIDTH_PX}`;
  return { ...(path !== null ? { path } : {}), ...(width !== null ? { width: Number(width) } : {}) };
}

const reads = new WeakMap<ServerContext, HeatmapReads>();
export function heatmapReadsOf(ctx: ServerContext): HeatmapReads {
  let found = reads.get(ctx);
  if (!found) reads.set(ctx, (found = new HeatmapReads(ctx.storage)));
  return found;
}

const pageBytes: (data: HeatmapViewData) => Buffer = perSnapshot((data: HeatmapViewData) => Buffer.from(renderHeatmapPage(data)));

/** Is `name` a site this dashboard lists, with heatmaps on? */
export function showsHeatmap(ctx: ServerContext, dashboard: ResolvedDashboard, name: string): boolean {
  return dashboard.sites.includes(name) && (ctx.config.root.sites ?? []).some((site) => site.name === name && site.heatmaps);
}

export async function handleHeatmap(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, dashboard: ResolvedDashboard, site: string, search: string): Promise<void> {
  if (!showsHeatmap(ctx, dashboard, site)) return miss(ctx, req, res);
  const want = parseHeatmapQuery(search);
  if (typeof want === 'string') return send(res, 400, `Bad request: ${want}\n`);
  const data = await heatmapReadsOf(ctx).view(site, dashboard.title, want, ctx.now());
  send(res, 200, pageBytes(data), { ...DASHBOARD_PAGE_HEADERS });
}
