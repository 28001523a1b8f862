/**
 * Degraded/down thresholds, the one place that decides "how bad is this number".
 * `above`: bigger is worse (latency). `below`: smaller is worse (days left, a score).
 */
import type { AssertionResult, Status } from '../core/result.js';

export interface Thresholds {
  degraded?: number;
  down?: number;
}

export type Direction = 'above' | 'below';

export function levelFor(value: number, thresholds: Thresholds, direction: Direction): Status {
  const bad = (limit: number | undefined) => limit !== undefined && (direction === 'above' ? value >= limit : value < limit);
  if (bad(thresholds.down)) return 'down';
  if (bad(thresholds.degraded)) return 'degraded';
  return 'up';
}

/**
 * An assertion for a thresholded number. `format` renders values in the metric's unit.
 * The message says by how much a limit was crossed, which is what a CI log reader wants.
 * `noun` names the limit in that message: a `threshold` (default) or a `budget` (Lighthouse budgets).
 */
export function thresholdAssertion(
  name: string,
  label: string,
  value: number,
  thresholds: Thresholds,
  direction: Direction,
  format: (n: number) => string = String,
  noun = 'threshold',
): AssertionResult {
  const status = levelFor(value, thresholds, direction);
  // The limit that decided: the crossed one, or for a pass the first one that would be crossed.
  const limit = status === 'down' ? thresholds.down : status === 'degraded' ? thresholds.degraded : (thresholds.degraded ?? thresholds.down);
  let message: string;
  if (status === 'up') {
    // "latency 120ms is under 800ms", "performance 0.95 meets 0.9"
    const relation = direction === 'above' ? 'is under' : 'meets';
    message = limit === undefined ? `${label} ${format(value)}` : `${label} ${format(value)} ${relation} ${format(limit)}`;
  } else {
    const word = direction === 'above' ? 'at or above' : 'below';
    const by = Math.abs(value - limit!);
    message = `${label} ${format(value)} is ${word} the ${status} ${noun} ${format(limit!)} (by ${format(by)})`;
  }
  return { name, status, message, actual: value, expected: limit ?? null };
}
