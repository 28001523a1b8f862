/**
 * What a site's heatmap view and its card's link read, kept for a minute like the activity cards, so
 * repeated requests cost a lookup: per site, its pages with heatmap data (one read a minute however
 * many requests come), and per page and width bucket in that list, the composed view. Only pages in
 * the list are kept, so hostile query strings cannot grow the memory. A page outside the list has no
 * data (nothing is read) unless the list was cut at its row limit; only then is it read, uncached
 * (two queries on the tables' (site, path, width, ts) indexes).
 */
import { clickedElements, heatmapPageList, scrollReach, type HeatmapPageSummary } from '../../activity/heatmap/heatmap-figures.js';
import { widthBucket } from '../../storage/ports/heatmaps.js';
import type { StoragePorts } from '../../storage/ports/index.js';
import type { HeatmapShown, HeatmapViewData } from '../views/heatmap-page.js';

const KEEP_MS = 60_000;
/** Rows of (page, width bucket) read per site, most clicks first. */
const PAGE_ROWS = 200;
const MAX_VIEWS_KEPT = 1_000;
/** A page asked for without a width and without data: `trackz heatmap`'s default width. */
const DEFAULT_WIDTH = 1280;

interface SitePages {
  siteId: number | undefined;
  pages: HeatmapPageSummary[];
  /** The read stopped at PAGE_ROWS: a page missing from the list may still have data. */
  cut: boolean;
}

interface Kept<T> {
  at: number;
  value: Promise<T>;
}

/** The value kept under `key` if younger than a minute, else `read()` kept (a failed read is not kept). */
function keep<T>(map: Map<string, Kept<T>>, key: string, now: number, read: () => Promise<T>): Promise<T> {
  const entry = map.get(key);
  if (entry && now - entry.at < KEEP_MS) return entry.value;
  if (map.size >= MAX_VIEWS_KEPT) for (const [k, e] of map) if (now - e.at >= KEEP_MS) map.delete(k);
  if (map.size >= MAX_VIEWS_KEPT) map.delete(map.keys().next().value!);
  const fresh = { at: now, value: read() };
  map.set(key, fresh);
  fresh.value.catch(() => {
    if (map.get(key) === fresh) map.delete(key);
  });
  return fresh.value;
}

export class HeatmapReads {
  private readonly sites = new Map<string, Kept<SitePages>>();
  private readonly views = new Map<string, Kept<HeatmapViewData>>();

  constructor(private readonly storage: Pick<StoragePorts, 'activity' | 'heatmaps'>) {}

  /** The site's pages with heatmap data, most clicked first (each with its width buckets, most clicked first). */
  async pages(site: string, now: number): Promise<HeatmapPageSummary[]> {
    return (await this.sitePages(site, now)).pages;
  }

  /** The view of one page at one width; without a path, the most-clicked page; without a width, that page's most-clicked bucket. */
  async view(site: string, dashboardTitle: string, want: { path?: string; width?: number }, now: number): Promise<HeatmapViewData> {
    const list = await this.sitePages(site, now);
    const path = want.path ?? list.pages[0]?.path;
    if (path === undefined) return { site, dashboardTitle, pages: [], shown: null };
    const page = list.pages.find((p) => p.path === path);
    const width = widthBucket(want.width ?? page?.widths[0]?.width ?? DEFAULT_WIDTH);
    const compose = (shown: HeatmapShown): HeatmapViewData => ({ site, dashboardTitle, pages: list.pages, shown });
    const listed = page?.widths.some((w) => w.width === width) ?? false;
    if (!listed && (!list.cut || list.siteId === undefined)) return compose({ path, width, totalClicks: 0, elements: [], reach: scrollReach([]) });
    const read = async () => compose(await this.read(list.siteId!, path, width));
    return listed ? keep(this.views, `${site}\0${dashboardTitle}\0${width}\0${path}`, now, read) : read();
  }

  private sitePages(site: string, now: number): Promise<SitePages> {
    return keep(this.sites, site, now, async () => {
      const siteId = await this.storage.activity.findSource('site', site);
      if (siteId === undefined) return { siteId, pages: [], cut: false };
      const rows = await this.storage.heatmaps.pages(siteId, { limit: PAGE_ROWS });
      return { siteId, pages: heatmapPageList(rows), cut: rows.length >= PAGE_ROWS };
    });
  }

  private async read(siteId: number, path: string, width: number): Promise<HeatmapShown> {
    const query = { siteId, path, width };
    const [clicks, depths] = await Promise.all([this.storage.heatmaps.clicks(query), this.storage.heatmaps.scrollDepths(query)]);
    return { path, width, totalClicks: clicks.reduce((n, c) => n + c.count, 0), elements: clickedElements(clicks), reach: scrollReach(depths) };
  }
}
