/** The results port: what any backend must answer after results are saved, paged, summed and rolled up. */
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './factory.js';
import { record } from './factory.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);

export function resultsContract(ctx: ContractContext): void {
  describe(`results port (${ctx.backend})`, () => {
    it('saves a batch and reads it back newest first, keeping details and failing assertions only for results that were not up', async () => {
      const storage = await ctx.open(ctx.fresh('results-save'));
      const runId = await storage.results.beginRun({ command: 'check', startedAt: T0 });
      await storage.results.saveResults(
        [
          record('home', T0, 'up', { details: { cert: 'ok' }, assertions: [{ name: 'status', status: 'up', message: 'HTTP 200' }] }),
          record('home', T0 + 1000, 'down', {
            latencyMs: undefined,
            details: { body: 'maintenance' },
            metrics: { dns_ms: 1.5, total_ms: 30 },
            assertions: [
              { name: 'status', status: 'down', message: 'HTTP 503 is not 200', actual: 503, expected: 200 },
              { name: 'body.contains', status: 'up', message: 'found' },
            ],
          }),
        ],
        runId,
      );
      await storage.results.finishRun(runId, { total: 2, up: 1, degraded: 0, down: 1, unknown: 0 }, T0 + 2000);
      const recent = await storage.results.recentResults('home');
      expect(recent.map((r) => [r.ts, r.status])).toEqual([
        [T0 + 1000, 'down'],
        [T0, 'up'],
      ]);
      expect(recent[0]).toMatchObject({
        monitor: 'home',
        type: 'uptime',
        latencyMs: null,
        durationMs: 12.5,
        attempts: 1,
        message: 'down: HTTP 503',
        metrics: { dns_ms: 1.5, total_ms: 30 },
        assertions: [{ name: 'status', status: 'down', message: 'HTTP 503 is not 200', actual: 503, expected: 200 }],
        details: { body: 'maintenance' },
      });
      expect(recent[1]).toMatchObject({ latencyMs: 10, assertions: [], details: undefined });
      expect(recent[0]!.id).toBeGreaterThan(recent[1]!.id);
      // The latest details are kept whatever the status, as an artifact.
      expect(await storage.results.latestDetails('home')).toEqual({ body: 'maintenance' });
      expect(await storage.results.recentResults('nobody')).toEqual([]);
      await storage.results.saveResults([]);
    });

    it('pages backwards by id, and filters by since and until', async () => {
      const storage = await ctx.open(ctx.fresh('results-paging'));
      await storage.results.saveResults(Array.from({ length: 25 }, (_, i) => record('api', T0 + i * 60_000)));
      const first = await storage.results.recentResults('api', { limit: 10 });
      expect(first).toHaveLength(10);
      expect(first[0]!.ts).toBe(T0 + 24 * 60_000);
      const second = await storage.results.recentResults('api', { limit: 10, beforeId: first.at(-1)!.id });
      expect(second.map((r) => r.ts)).toEqual(Array.from({ length: 10 }, (_, i) => T0 + (14 - i) * 60_000));
      const third = await storage.results.recentResults('api', { limit: 10, beforeId: second.at(-1)!.id });
      expect(third).toHaveLength(5);
      expect((await storage.results.recentResults('api')).length).toBe(25);
      const window = await storage.results.recentResults('api', { since: T0 + 5 * 60_000, until: T0 + 8 * 60_000 });
      expect(window.map((r) => r.ts)).toEqual([T0 + 7 * 60_000, T0 + 6 * 60_000, T0 + 5 * 60_000]);
    });

    it('knows the newest result of every monitor, its status, and every monitor name in order', async () => {
      const storage = await ctx.open(ctx.fresh('results-latest'));
      await storage.results.saveResults([record('b-site', T0, 'down'), record('a-site', T0), record('b-site', T0 + 5000, 'degraded'), record('A-upper', T0)]);
      await storage.results.saveResults([record('a-site', T0 + 9000, 'unknown', { type: 'tcp' })]);
      const latest = await storage.results.latestResults();
      expect(latest.map((r) => [r.monitor, r.status, r.type])).toEqual([
        ['A-upper', 'up', 'uptime'],
        ['a-site', 'unknown', 'tcp'],
        ['b-site', 'degraded', 'uptime'],
      ]);
      expect(await storage.results.latestStatus('b-site')).toBe('degraded');
      expect(await storage.results.latestStatus('none')).toBeUndefined();
      // Bytewise order, as SQLite sorts: upper case before lower case.
      expect(await storage.results.monitorNames()).toEqual(['A-upper', 'a-site', 'b-site']);
    });

    it('keeps the newest artifact of each kind; an older result never overwrites a newer one', async () => {
      const storage = await ctx.open(ctx.fresh('results-artifacts'));
      await storage.results.saveResults([
        record('perf', T0 + 2000, 'up', { artifacts: { 'lighthouse-report': '{"run":2}' } }),
        record('perf', T0 + 1000, 'up', { artifacts: { 'lighthouse-report': '{"run":1}' } }),
      ]);
      expect(await storage.results.artifact('perf', 'lighthouse-report')).toEqual({ ts: T0 + 2000, content: '{"run":2}' });
      await storage.results.saveResults([record('perf', T0 + 500, 'up', { artifacts: { 'lighthouse-report': '{"run":0}' } })]);
      expect((await storage.results.artifact('perf', 'lighthouse-report'))?.content).toBe('{"run":2}');
      await storage.results.saveResults([record('perf', T0 + 3000, 'up', { artifacts: { 'lighthouse-report': '{"run":3}' } })]);
      expect((await storage.results.artifact('perf', 'lighthouse-report'))?.content).toBe('{"run":3}');
      expect(await storage.results.artifact('perf', 'other')).toBeUndefined();
      expect(await storage.results.latestDetails('perf')).toBeUndefined();
    });

    it('sums a window: counts, uptime (degraded counts as up, unknown not at all) and nearest-rank percentiles', async () => {
      const storage = await ctx.open(ctx.fresh('results-window'));
      const statuses = ['up', 'up', 'degraded', 'down', 'unknown'] as const;
      await storage.results.saveResults(
        Array.from({ length: 20 }, (_, i) => record('w', T0 + i * 1000, statuses[i % 5], { latencyMs: i === 19 ? undefined : (i + 1) * 10 })),
      );
      const stats = await storage.results.windowStats('w', T0, T0 + 20_000);
      expect(stats.counts).toEqual({ total: 20, up: 8, degraded: 4, down: 4, unknown: 4 });
      expect(stats.uptimePercent).toBeCloseTo(75);
      // 19 latencies 10…190: ranks ceil(0.5·19)=10, ceil(0.95·19)=19, ceil(0.99·19)=19.
      expect([stats.p50, stats.p95, stats.p99]).toEqual([100, 190, 190]);
      expect(stats.approximate).toBe(false);
      const part = await storage.results.windowStats('w', T0 + 5000, T0 + 7000);
      expect(part.counts.total).toBe(2);
      const none = await storage.results.windowStats('missing', T0, T0 + 1);
      expect(none).toEqual({ from: T0, to: T0 + 1, counts: { total: 0, up: 0, degraded: 0, down: 0, unknown: 0 }, uptimePercent: null, p50: null, p95: null, p99: null, approximate: false });
    });

    it('rolls results past retention up into hours, once an hour unless forced, and the window still counts them', async () => {
      const name = ctx.fresh('results-retention');
      const storage = await ctx.open(name);
      const old = T0 - 10 * 24 * HOUR;
      await storage.results.saveResults([
        ...Array.from({ length: 6 }, (_, i) => record('r', old + i * 60_000, i === 0 ? 'down' : 'up', { latencyMs: 100 + i })),
        ...Array.from({ length: 3 }, (_, i) => record('r', old + HOUR + i * 60_000, 'up', { latencyMs: 50 })),
        record('r', T0, 'up', { latencyMs: 7 }),
      ]);
      const policy = { resultsMs: 7 * 24 * HOUR, rollupsMs: 30 * 24 * HOUR };
      const outcome = await storage.results.applyRetention(T0, policy);
      expect(outcome).toEqual({ rolledUpHours: 2, deletedResults: 9, deletedRollups: 0 });
      expect(await storage.results.applyRetention(T0 + 60_000, policy)).toBeUndefined();
      expect((await storage.results.recentResults('r')).map((r) => r.ts)).toEqual([T0]);
      const stats = await storage.results.windowStats('r', old - HOUR, T0 + 1);
      expect(stats.counts).toEqual({ total: 10, up: 9, degraded: 0, down: 1, unknown: 0 });
      expect(stats.approximate).toBe(true);
      // Weighted by count: hour one p50 102 (6 values), hour two 50 (3), raw 7 (1).
      expect(stats.p50).toBeCloseTo((102 * 6 + 50 * 3 + 7) / 10);
      // Forced: runs again at once; roll-ups older than their own retention go.
      const later = await storage.results.applyRetention(T0 + 25 * 24 * HOUR, { resultsMs: 30 * 24 * HOUR, rollupsMs: 20 * 24 * HOUR }, { force: true });
      expect(later).toEqual({ rolledUpHours: 0, deletedResults: 0, deletedRollups: 2 });
      // Another process on the same data does not run it again within the hour.
      const other = await ctx.open(name);
      expect(await other.results.applyRetention(T0 + 25 * 24 * HOUR + 60_000, policy)).toBeUndefined();
    });
  });
}
