import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/core/duration.js';
import { levelFor, thresholdAssertion } from '../../src/expect/thresholds.js';

describe('levelFor', () => {
  it('bigger is worse for "above" (latency): at the limit counts as crossed', () => {
    const t = { degraded: 800, down: 5000 };
    expect([799, 800, 4999, 5000].map((v) => levelFor(v, t, 'above'))).toEqual(['up', 'degraded', 'degraded', 'down']);
  });
  it('smaller is worse for "below" (days left, scores): at the limit is fine', () => {
    const t = { degraded: 30, down: 7 };
    expect([31, 30, 29.9, 7, 6.9].map((v) => levelFor(v, t, 'below'))).toEqual(['up', 'up', 'degraded', 'degraded', 'down']);
  });
  it('either level may be absent', () => {
    expect(levelFor(10_000, { down: 5000 }, 'above')).toBe('down');
    expect(levelFor(10_000, { degraded: 5000 }, 'above')).toBe('degraded');
    expect(levelFor(10_000, {}, 'above')).toBe('up');
  });
});

describe('thresholdAssertion messages say which limit and by how much', () => {
  it('a crossed limit', () => {
    const a = thresholdAssertion('latency', 'latency', 1200, { degraded: 800, down: 5000 }, 'above', formatDuration);
    expect(a).toEqual({ name: 'latency', status: 'degraded', message: 'latency 1.2s is at or above the degraded threshold 800ms (by 400ms)', actual: 1200, expected: 800 });
    const score = thresholdAssertion('budget.performance', 'performance', 0.72, { down: 0.9 }, 'below', (n) => n.toFixed(2), 'budget');
    expect(score.message).toBe('performance 0.72 is below the down budget 0.90 (by 0.18)');
  });
  it('a pass names the first limit it would cross', () => {
    expect(thresholdAssertion('latency', 'latency', 120, { degraded: 800, down: 5000 }, 'above', formatDuration).message).toBe('latency 120ms is under 800ms');
    expect(thresholdAssertion('score', 'performance', 0.95, { degraded: 0.9 }, 'below', (n) => n.toFixed(2)).message).toBe('performance 0.95 meets 0.90');
    expect(thresholdAssertion('x', 'x', 3, {}, 'above').message).toBe('x 3');
  });
});
