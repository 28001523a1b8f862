import { describe, expect, it } from 'vitest';
import { renderLatencyChart } from '../../../src/server/views/latency-chart.js';
import type { LatencyPoint } from '../../../src/server/views/dashboard-data.js';

const pathOf = (svg: string): string => /<path d="([^"]*)"/.exec(svg)?.[1] ?? '';
/** Each subpath's x range: where it starts (M x) and how far its relative steps take it. */
function runs(d: string): { from: number; to: number }[] {
  return d
    .split('M')
    .filter(Boolean)
    .map((sub) => {
      const from = Number(sub.split(' ')[0]);
      const steps = [...sub.matchAll(/l(-?\d+) -?\d+/g)].reduce((x, m) => x + Number(m[1]), 0);
      return { from, to: from + steps };
    });
}
const up = (ts: number, ms: number): LatencyPoint => ({ ts, ms, status: 'up' });
const down = (ts: number): LatencyPoint => ({ ts, ms: null, status: 'down' });

describe('the latency chart', () => {
  it("draws a fresh monitor's only result as a level line across the chart, not a block", () => {
    const d = pathOf(renderLatencyChart([up(0, 120)]));
    expect(runs(d)).toEqual([{ from: -1, to: 801 }]);
    expect(d).toMatch(/^M-1 (\d+)l802 0V102H-1Z$/);
  });

  it('bridges time without results, so a few unevenly spaced results make one line', () => {
    const d = pathOf(renderLatencyChart([up(0, 100), up(1_000, 110), up(100_000, 130)]));
    expect(runs(d)).toEqual([{ from: -1, to: 801 }]);
  });

  it('breaks the line where checks were down and marks them with a band', () => {
    const points = [...Array.from({ length: 40 }, (_, i) => up(i * 60_000, 100 + i)), down(40 * 60_000), ...Array.from({ length: 39 }, (_, i) => up((41 + i) * 60_000, 90))];
    const svg = renderLatencyChart(points);
    const parts = runs(pathOf(svg));
    expect(parts).toHaveLength(2);
    expect(parts[0]!.from).toBe(-1);
    expect(parts[1]!.to).toBe(801);
    expect(parts[0]!.to).toBeLessThan(parts[1]!.from);
    expect(svg.match(/<rect class="bd"/g)).toHaveLength(1);
  });
});
