/** The schedule's arithmetic: slots on a fixed grid, and the per-monitor jitter. */
import { describe, expect, it } from 'vitest';
import { jitterMs, slotAtOrAfter, slotAtOrBefore, slotTime } from '../../src/runtime/slots.js';

const grid = { anchor: 1_000, intervalMs: 250 };

describe('slots', () => {
  it('slot k starts at anchor + k·interval', () => {
    expect([0, 1, 4].map((k) => slotTime(grid, k))).toEqual([1_000, 1_250, 2_000]);
  });

  it('the first slot at or after a time, and the last at or before it', () => {
    expect(slotAtOrAfter(grid, 0)).toBe(0);
    expect(slotAtOrAfter(grid, 1_000)).toBe(0);
    expect(slotAtOrAfter(grid, 1_001)).toBe(1);
    expect(slotAtOrAfter(grid, 1_250)).toBe(1);
    expect(slotAtOrBefore(grid, 999)).toBe(0);
    expect(slotAtOrBefore(grid, 1_249)).toBe(0);
    expect(slotAtOrBefore(grid, 1_250)).toBe(1);
    expect(slotAtOrBefore(grid, 2_100)).toBe(4);
  });

  it('exact boundaries hold with fractional times and long schedules', () => {
    const fractional = { anchor: 1_735_689_600_000.123, intervalMs: 333 };
    for (const k of [1, 7, 1_000, 123_456]) {
      const at = slotTime(fractional, k);
      expect(slotAtOrAfter(fractional, at)).toBe(k);
      expect(slotAtOrBefore(fractional, at)).toBe(k);
      expect(slotAtOrAfter(fractional, at + 0.001)).toBe(k + 1);
      expect(slotAtOrBefore(fractional, at - 0.001)).toBe(k - 1);
    }
  });
});

describe('jitter', () => {
  it('is the same for the same name, and within 10% of the interval, at most 5 s', () => {
    expect(jitterMs('homepage', 60_000)).toBe(jitterMs('homepage', 60_000));
    for (let i = 0; i < 200; i++) {
      expect(jitterMs(`m${i}`, 10_000)).toBeGreaterThanOrEqual(0);
      expect(jitterMs(`m${i}`, 10_000)).toBeLessThan(1_000);
      expect(jitterMs(`m${i}`, 3_600_000)).toBeLessThan(5_000);
    }
  });

  it('spreads monitors with one interval over the span', () => {
    const offsets = Array.from({ length: 100 }, (_, i) => jitterMs(`monitor-${i}`, 60_000));
    expect(new Set(offsets).size).toBeGreaterThan(90);
    // Both halves of the 5 s span are used: not all bunched at one end.
    expect(offsets.filter((ms) => ms < 2_500).length).toBeGreaterThan(25);
    expect(offsets.filter((ms) => ms >= 2_500).length).toBeGreaterThan(25);
  });

  it('can be turned off or bounded', () => {
    expect(jitterMs('a', 60_000, { ratio: 0 })).toBe(0);
    expect(jitterMs('a', 60_000, { maxMs: 10 })).toBeLessThan(10);
  });
});
