/** Pure figures over results: percentiles and uptime. */
import type { StatusCounts } from '../core/result.js';

/** Nearest-rank percentile of an ascending array; null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Degraded is a warning, not downtime; unknown (trackz could not tell) is left out. */
export function uptimePercent(counts: Pick<StatusCounts, 'up' | 'degraded' | 'down'>): number | null {
  const judged = counts.up + counts.degraded + counts.down;
  return judged === 0 ? null : ((counts.up + counts.degraded) / judged) * 100;
}

/** A count-weighted mean of per-hour percentiles: the approximation used for rolled-up periods. */
export function weightedPercentile(parts: readonly { count: number; value: number | null }[]): number | null {
  let weight = 0;
  let sum = 0;
  for (const part of parts) {
    if (part.value === null || part.count === 0) continue;
    weight += part.count;
    sum += part.value * part.count;
  }
  return weight === 0 ? null : sum / weight;
}
