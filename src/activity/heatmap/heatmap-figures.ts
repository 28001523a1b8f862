/**
 * The numbers behind a heatmap: clicks on a page at a viewport width bucket, grouped by element and
 * offset, and how far page views scrolled (the depth that 100/75/50/25 % of them reached). Pure.
 */
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
