/**
 * The numbers behind a heatmap: clicks on a page at a viewport width bucket, grouped by element and
 * offset, and how far page views scrolled (the depth that 100/75/50/25 % of them reached); the pages
 * of a site that have such data, and its clicks per element (the dashboard's heatmap view). Pure.
 */
import { WIDTH_BUCKET_PX } from '../../storage/ports/heatmaps.js';

export interface HeatmapClickGroup {
  selector: string;
  x: number;
  y: number;
  count: number;
}

export interface ScrollReach {
  views: number;
  /** Share of page views (percent) → the depth (0..1 of the page) at least that share reached. */
  reached: { share: number; depth: number }[];
}

export const REACH_SHARES = [100, 75, 50, 25] as const;

export function scrollReach(depths: readonly number[]): ScrollReach {
  const sorted = [...depths].sort((a, b) => b - a);
  if (sorted.length === 0) return { views: 0, reached: [] };
  return {
    views: sorted.length,
    reached: REACH_SHARES.map((share) => ({ share, depth: sorted[Math.max(0, Math.ceil((share / 100) * sorted.length) - 1)]! })),
  };
}

/** One page's heatmap data over its width buckets (the buckets most-clicked first). */
export interface HeatmapPageSummary {
  path: string;
  clicks: number;
  scrollViews: number;
  widths: { width: number; clicks: number; scrollViews: number }[];
}

/** Rows of (path, width bucket) grouped per page: most clicks first, then most scroll views, then path. */
export function heatmapPageList(rows: readonly { path: string; width: number; clicks: number; scrollViews: number }[]): HeatmapPageSummary[] {
  const byPath = new Map<string, HeatmapPageSummary>();
  for (const row of rows) {
    const page = byPath.get(row.path) ?? { path: row.path, clicks: 0, scrollViews: 0, widths: [] };
    page.clicks += row.clicks;
    page.scrollViews += row.scrollViews;
    page.widths.push({ width: row.width, clicks: row.clicks, scrollViews: row.scrollViews });
    byPath.set(row.path, page);
  }
  const pages = [...byPath.values()];
  for (const page of pages) page.widths.sort((a, b) => b.clicks - a.clicks || b.scrollViews - a.scrollViews || a.width - b.width);
  return pages.sort((a, b) => b.clicks - a.clicks || b.scrollViews - a.scrollViews || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export interface ClickedElement {
  selector: string;
  clicks: number;
  /** Of all clicks on the page at this width, 0..1. */
  share: number;
}

/** Click groups (per selector and offset) summed per element, most clicked first. */
export function clickedElements(groups: readonly HeatmapClickGroup[]): ClickedElement[] {
  const bySelector = new Map<string, number>();
  let total = 0;
  for (const group of groups) {
    bySelector.set(group.selector, (bySelector.get(group.selector) ?? 0) + group.count);
    total += group.count;
  }
  return [...bySelector]
    .map(([selector, clicks]) => ({ selector, clicks, share: total ? clicks / total : 0 }))
    .sort((a, b) => b.clicks - a.clicks || (a.selector < b.selector ? -1 : a.selector > b.selector ? 1 : 0));
}

/** A width bucket as people read it: 1280 → "1280–1599 px", 0 → "under 320 px" (also beacons that sent no width). */
export function widthBucketLabel(bucket: number): string {
  return bucket === 0 ? `under ${WIDTH_BUCKET_PX} px` : `${bucket}–${bucket + WIDTH_BUCKET_PX - 1} px`;
}
