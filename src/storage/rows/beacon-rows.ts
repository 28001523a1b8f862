/** Beacon records (clicks, scroll depths, custom events) as both backends select, bound and export them. */
import type { TimeRange } from '../ports/activity.js';
import type { BeaconCounts, BeaconKind } from '../ports/heatmaps.js';

export const BEACON_TABLES: Record<BeaconKind, string> = { clicks: 'site_clicks', scrollDepths: 'site_scrolls', customEvents: 'site_events' };

export const noBeaconCounts = (): BeaconCounts => ({ clicks: 0, scrollDepths: 0, customEvents: 0 });

/**
 * `site_id = <p1> AND ts >= <p2> AND ts < <p3>` for a site and a range, with the dialect's placeholders
 * (`?` or `$n`); open ends add nothing.
 */
export function siteRangeWhere(siteId: number, range: TimeRange, placeholder: (index: number) => string): { where: string; params: number[] } {
  const params = [siteId];
  let where = `site_id = ${placeholder(1)}`;
  if (range.since !== undefined) where += ` AND ts >= ${placeholder(params.push(range.since))}`;
  if (range.until !== undefined) where += ` AND ts < ${placeholder(params.push(range.until))}`;
  return { where, params };
}

const iso = (ms: unknown) => new Date(Number(ms)).toISOString();

/** The site owner's properties as they were sent: a JSON object (kept as text if it ever is not JSON). */
function propsOf(text: unknown): unknown {
  try {
    return JSON.parse(String(text));
  } catch {
    return text;
  }
}

export const BEACON_EXPORTS: Record<BeaconKind, { select: string; map: (row: Record<string, unknown>) => Record<string, unknown> }> = {
  clicks: { select: 'ts, path, selector, x, y, width', map: (r) => ({ at: iso(r.ts), path: r.path, selector: r.selector, x: r.x, y: r.y, width: r.width }) },
  scrollDepths: { select: 'ts, path, depth, width', map: (r) => ({ at: iso(r.ts), path: r.path, depth: r.depth, width: r.width }) },
  customEvents: { select: 'ts, path, name, props', map: (r) => ({ at: iso(r.ts), path: r.path, name: r.name, props: propsOf(r.props) }) },
};
