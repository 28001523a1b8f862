/**
 * Time arithmetic for device activity, as pure functions over [start, end) intervals in ms:
 * active time is the union of window events intersected with the not-AFK periods (events may
 * overlap; a device that reports no AFK data counts all window time as active), and web time per
 * domain is the union of that domain's tab events intersected the same way.
 */

export type Interval = readonly [start: number, end: number];

/** Sorted, non-overlapping intervals covering the same time as the input (which may be in any order). */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

export function totalLength(merged: readonly Interval[]): number {
  return merged.reduce((sum, [s, e]) => sum + (e - s), 0);
}

/** How much of [start, end) lies within `merged` (sorted, non-overlapping). Binary search, then a walk. */
export function overlapLength(start: number, end: number, merged: readonly Interval[]): number {
  if (end <= start || merged.length === 0) return 0;
  let lo = 0;
  let hi = merged.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (merged[mid]![1] <= start) lo = mid + 1;
    else hi = mid;
  }
  let total = 0;
  for (let i = lo; i < merged.length && merged[i]![0] < end; i++) total += Math.min(end, merged[i]![1]) - Math.max(start, merged[i]![0]);
  return total;
}

/** Intersection length of two interval sets. */
export function intersectionLength(a: readonly Interval[], b: readonly Interval[]): number {
  return mergeIntervals(a).reduce((sum, [s, e]) => sum + overlapLength(s, e, mergeIntervals(b)), 0);
}

/**
 * Per-key time (apps, domains) from events arriving in start order, each key's events merged as they
 * come and intersected with `active` (or counted whole when `active` is undefined). Memory: one open
 * interval per key, whatever the number of events.
 */
export class KeyedActiveTime {
  private readonly open = new Map<string, [number, number]>();
  private readonly totals = new Map<string, number>();

  constructor(private readonly active: readonly Interval[] | undefined) {}

  /** Events must come in ascending start order. */
  add(key: string, start: number, end: number): void {
    if (end <= start) return;
    const current = this.open.get(key);
    if (current && start <= current[1]) {
      if (end > current[1]) current[1] = end;
      return;
    }
    if (current) this.close(key, current);
    this.open.set(key, [start, end]);
  }

  /** Totals by key, largest first. */
  result(): [string, number][] {
    for (const [key, interval] of this.open) this.close(key, interval);
    this.open.clear();
    return [...this.totals].filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1]);
  }

  private close(key: string, [start, end]: [number, number]): void {
    const ms = this.active ? overlapLength(start, end, this.active) : end - start;
    this.totals.set(key, (this.totals.get(key) ?? 0) + ms);
  }
}

/** Clips an interval to a window; undefined when it falls outside. */
export function clip(start: number, end: number, from: number, to: number): Interval | undefined {
  const s = Math.max(start, from);
  const e = Math.min(end, to);
  return e > s ? [s, e] : undefined;
}
