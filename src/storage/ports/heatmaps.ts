/**
 * What the beacon records beside page views (which go through the activity port's site writer):
 * custom events, clicks and scroll depth for heatmaps. None of these rows carry a visitor or a
 * session: a click is (page path, CSS selector, offset inside the element as fractions, viewport width
 * bucket), a scroll is the deepest fraction of the page reached in one page view. They are kept as
 * long as the site's page views (retention) and go with the site or a time range of it (data
 * export and delete); a visitor's or a device's request never touches them.
 */
import type { TimeRange } from './activity.js';

/** The three kinds of beacon record, as data requests count and export them. */
export type BeaconKind = 'clicks' | 'scrollDepths' | 'customEvents';
export const BEACON_KINDS: readonly BeaconKind[] = ['clicks', 'scrollDepths', 'customEvents'];
export type BeaconCounts = Record<BeaconKind, number>;

export interface HeatClick {
  ts: number;
  path: string;
  /** A stable CSS selector: `#id`, else a short `tag:nth-of-type(n)` path. */
  selector: string;
  /** Offset inside the element, 0..1 of its width and height. */
  x: number;
  y: number;
  /** Viewport width bucket (px, rounded down to a multiple of WIDTH_BUCKET_PX). */
  width: number;
}

export interface HeatScroll {
  ts: number;
  path: string;
  /** Deepest point reached, 0..1 of the page height. */
  depth: number;
  width: number;
}

export interface SiteEvent {
  ts: number;
  path: string;
  name: string;
  /** The properties as a JSON object text (bounded by the beacon). */
  props: string;
}

export interface BeaconRecords {
  clicks: HeatClick[];
  scrolls: HeatScroll[];
  events: SiteEvent[];
}

/** Viewport widths are grouped so one heatmap gathers comparable layouts. */
export const WIDTH_BUCKET_PX = 320;

export function widthBucket(width: number): number {
  return Math.max(0, Math.floor(width / WIDTH_BUCKET_PX) * WIDTH_BUCKET_PX);
}

export interface HeatmapQuery {
  siteId: number;
  path: string;
  width: number;
  since?: number;
}

/** One page at one width bucket that has heatmap data: how many clicks and scroll depths are stored for it. */
export interface HeatmapPageCounts {
  path: string;
  width: number;
  clicks: number;
  /** Page views that reported a scroll depth. */
  scrollViews: number;
}

export interface HeatmapPort {
  /** Writes one flush's records in one transaction. */
  writeBeaconRecords(siteId: number, records: BeaconRecords): Promise<void>;
  /** Clicks on a page at a width bucket, grouped by selector and offset (rounded to 1%). */
  clicks(query: HeatmapQuery): Promise<{ selector: string; x: number; y: number; count: number }[]>;
  /** Scroll depths on a page at a width bucket (one per page view). */
  scrollDepths(query: HeatmapQuery): Promise<number[]>;
  /**
   * The pages of a site with heatmap data, one row per page and width bucket, most clicks first
   * (then most scroll views, path, width); at most `limit` rows.
   */
  pages(siteId: number, options: { limit: number; since?: number }): Promise<HeatmapPageCounts[]>;
  /** Custom events by name in [from, to). */
  eventCounts(siteId: number, from: number, to: number): Promise<{ name: string; count: number }[]>;
  /** A site's records whose `ts` lies in the range ([since, until), either end open), by kind. */
  countRecords(siteId: number, range?: TimeRange): Promise<BeaconCounts>;
  /**
   * Deletes them, all kinds in one transaction (a savepoint inside the caller's); returns what went.
   * Retention is `{ until: now - age }`; a data request passes its own range.
   */
  deleteRecords(siteId: number, range?: TimeRange): Promise<BeaconCounts>;
  /** One kind of them in insertion order, streamed, already in their JSON shape (ISO times). */
  exportRecords(siteId: number, kind: BeaconKind, range?: TimeRange): AsyncIterable<Record<string, unknown>>;
}
