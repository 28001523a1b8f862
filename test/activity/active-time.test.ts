import { describe, expect, it } from 'vitest';
import { clip, intersectionLength, KeyedActiveTime, mergeIntervals, overlapLength, totalLength } from '../../src/activity/agents/active-time.js';

describe('interval arithmetic', () => {
  it('merges overlapping and touching intervals in any order', () => {
    expect(mergeIntervals([[5, 7], [0, 2], [1, 3], [7, 9], [10, 10]])).toEqual([[0, 3], [5, 9]]);
    expect(totalLength(mergeIntervals([[0, 10], [2, 4]]))).toBe(10);
  });
  it('measures overlap with a merged set', () => {
    const set = mergeIntervals([[0, 10], [20, 30], [40, 50]]);
    expect(overlapLength(5, 25, set)).toBe(10);
    expect(overlapLength(10, 20, set)).toBe(0);
    expect(overlapLength(-5, 100, set)).toBe(30);
    expect(intersectionLength([[0, 15], [10, 25]], [[5, 20]])).toBe(15);
  });
  it('active time per key: overlapping events of a key count once, only while not AFK', () => {
    const notAfk = mergeIntervals([[0, 100], [200, 300]]);
    const apps = new KeyedActiveTime(notAfk);
    apps.add('editor', 0, 50);
    apps.add('editor', 40, 120); // overlaps the first; 100-120 is AFK
    apps.add('browser', 90, 210); // 90-100 and 200-210 count
    apps.add('editor', 250, 260);
    expect(apps.result()).toEqual([
      ['editor', 110],
      ['browser', 20],
    ]);
    const whole = new KeyedActiveTime(undefined);
    whole.add('x', 0, 10);
    whole.add('x', 5, 15);
    expect(whole.result()).toEqual([['x', 15]]);
  });
  it('clips to a window', () => {
    expect(clip(0, 10, 5, 20)).toEqual([5, 10]);
    expect(clip(0, 10, 10, 20)).toBeUndefined();
  });
});
