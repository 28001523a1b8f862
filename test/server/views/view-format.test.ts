import { describe, expect, it } from 'vitest';
import { certText, countText, percentText, shortDayText, utcText } from '../../../src/server/views/view-format.js';
import { dayBand, overallStatus } from '../../../src/server/views/status-words.js';

describe('how the dashboard writes figures', () => {
  it('floors percentages so a day with one failure never reads 100%', () => {
    expect(percentText(100)).toBe('100%');
    expect(percentText(99.999)).toBe('99.99%');
    expect(percentText(97.5)).toBe('97.50%');
    expect(percentText(null)).toBe('–');
    expect(percentText(Number.NaN)).toBe('–');
  });

  it('writes counts, days, UTC times and certificate days the same on every server', () => {
    expect(countText(1_234_567)).toBe('1,234,567');
    expect(countText(999)).toBe('999');
    expect(shortDayText('2025-05-03')).toBe('3 May');
    expect(shortDayText('garbage')).toBe('garbage');
    expect(utcText(Date.UTC(2025, 0, 2, 3, 4))).toBe('2025-01-02 03:04 UTC');
    expect(certText(23.9)).toBe('23 days');
    expect(certText(1.2)).toBe('1 day');
    expect(certText(-0.5)).toBe('expired');
  });

  it('bands days by uptime and takes the worst status as the overall one', () => {
    expect([100, 99.9, 99.5, 98, null].map(dayBand)).toEqual(['u', 'u', 'w', 'x', 'n']);
    expect(overallStatus([])).toBe('nodata');
    expect(overallStatus([{ now: null }])).toBe('nodata');
    const now = (status: 'up' | 'degraded' | 'down' | 'unknown') => ({ now: { status, message: '', checkedAt: 0, latencyMs: null } });
    expect(overallStatus([now('up'), { now: null }, now('degraded')])).toBe('degraded');
    expect(overallStatus([now('up'), now('down'), now('unknown')])).toBe('down');
  });
});
