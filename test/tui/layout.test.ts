import { describe, expect, it } from 'vitest';
import { formatAge, formatClock, formatLatency, formatUptime } from '../../src/tui/format.js';
import { frameHeight, listColumns, listHeight, tooSmall } from '../../src/tui/layout.js';
import { PHASE_CHAR, phaseSegments } from '../../src/tui/phase-segments.js';
import { NO_VALUE, sparkline } from '../../src/tui/sparkline.js';

const lineWidth = (c: ReturnType<typeof listColumns>) =>
  c.lead + 1 + c.name + (['type', 'latency', 'spark', 'uptime', 'key'] as const).reduce((s, k) => s + (c[k] ? c[k] + 1 : 0), 0);

describe('layout', () => {
  it('a frame is one line shorter than the terminal (a full-height frame makes Ink clear the screen on every redraw)', () => {
    expect(frameHeight({ columns: 80, rows: 24 })).toBe(23);
    expect(listHeight({ columns: 80, rows: 24 }, false)).toBe(19);
    expect(listHeight({ columns: 80, rows: 24 }, true)).toBe(18);
  });

  it('columns fill the width exactly, dropping the sparkline, type, key figure and uptime as it narrows', () => {
    for (const width of [40, 50, 60, 70, 80, 100, 120, 200]) expect(lineWidth(listColumns(width)), `width ${width}`).toBe(width);
    expect(listColumns(80)).toMatchObject({ name: 25, type: 10, spark: 12, key: 10 });
    expect(listColumns(60)).toMatchObject({ spark: 0, type: 10 });
    expect(listColumns(45)).toMatchObject({ spark: 0, type: 0, key: 10, uptime: 7 });
    expect(listColumns(40)).toMatchObject({ spark: 0, type: 0, key: 0, uptime: 7, name: 20 });
    expect(listColumns(120).spark).toBe(24);
  });

  it('says when the terminal is too small', () => {
    expect(tooSmall({ columns: 80, rows: 24 })).toBe(false);
    expect(tooSmall({ columns: 39, rows: 24 })).toBe(true);
    expect(tooSmall({ columns: 80, rows: 7 })).toBe(true);
  });
});

describe('cells', () => {
  it('sparkline: newest points right-aligned, height from zero, a dot for a result without latency', () => {
    expect(sparkline([10, 20, 40, 80], 4)).toBe('▂▃▅█');
    expect(sparkline([50, null, 50], 5)).toBe(`  █${NO_VALUE}█`);
    expect(sparkline([1, 2, 3, 4, 5, 6], 3)).toBe('▆▇█');
    expect(sparkline([0, 0], 2)).toBe('▁▁');
    expect(sparkline([5], 0)).toBe('');
  });

  it('phase segments fill the width, each phase that took time gets a cell', () => {
    const segments = phaseSegments({ dns: 0.2, connect: 10, tls: 20, ttfb: 69, transfer: 1, total: 100 }, 50);
    expect(segments.map((s) => s.phase)).toEqual(['dns', 'connect', 'tls', 'ttfb', 'transfer']);
    expect(segments.reduce((sum, s) => sum + s.cells, 0)).toBe(50);
    expect(segments.every((s) => s.cells >= 1)).toBe(true);
    expect(segments.find((s) => s.phase === 'ttfb')!.cells).toBeGreaterThan(30);
    expect(phaseSegments({ total: 10 }, 20)).toEqual([]);
    expect(new Set(Object.values(PHASE_CHAR)).size).toBe(5);
  });

  it('formats latency, uptime, clock time and age', () => {
    expect([formatLatency(null), formatLatency(950), formatLatency(1234)]).toEqual(['–', '950ms', '1.23s']);
    expect([formatUptime(null), formatUptime(100), formatUptime(99.996), formatUptime(99.951), formatUptime(87.34)]).toEqual(['–', '100%', '100%', '99.95%', '87.3%']);
    expect(formatClock(Date.UTC(2026, 0, 2, 3, 4, 5))).toBe('03:04:05');
    expect([formatAge(1000, 1500), formatAge(0, 65_000)]).toEqual(['just now', '1m05s ago']);
  });
});
