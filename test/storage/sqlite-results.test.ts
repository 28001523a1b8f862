/**
 * The results port of the SQLite storage on real files: saving and reading results, window figures
 * (uptime %, nearest-rank percentiles), artifacts, and retention (hourly roll-ups blended into the figures).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckRecord, Status } from '../../src/core/result.js';
import type { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { percentile, uptimePercent, weightedPercentile } from '../../src/storage/stats.js';
import { record } from '../helpers/records.js';
import { openSqlite } from '../helpers/storage.js';
import { useWorkspace } from '../helpers/workspace.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 1); // on an hour boundary

const workspace = useWorkspace('trackz-store-');
let files = 0;
const open: SqliteStorage[] = [];
function freshStore(): SqliteStorage {
  const store = openSqlite(workspace.path(`s${++files}`, 'trackz.db'));
  open.push(store);
  return store;
}
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});

describe('results', () => {
  it('recentResults: newest first, with limit and since, every field read back', async () => {
    const store = freshStore();
    await store.results.saveResults([
      record('home', T0, 'up', { latencyMs: 11, durationMs: 13, metrics: { total_ms: 11, status_code: 200 }, assertions: [{ name: 'status', status: 'up', message: 'status 200' }], details: { finalUrl: 'x' } }),
      record('home', T0 + 60_000, 'down', {
        latencyMs: undefined,
        attempts: 3,
        message: 'connection refused',
        metrics: {},
        assertions: [
          { name: 'status', status: 'up', message: 'status 200' },
          { name: 'body.contains', status: 'down', message: 'body does not contain "ok"', expected: 'ok' },
        ],
        details: { phase: 'connect' },
      }),
      record('home', T0 + 120_000, 'degraded'),
      record('api', T0 + 30_000, 'up'),
    ]);
    const recent = await store.results.recentResults('home');
    expect(recent.map((r) => [r.ts, r.status])).toEqual([
      [T0 + 120_000, 'degraded'],
      [T0 + 60_000, 'down'],
      [T0, 'up'],
    ]);
    expect(recent[1]).toMatchObject({
      monitor: 'home',
      type: 'uptime',
      latencyMs: null,
      attempts: 3,
      message: 'connection refused',
      metrics: {},
      // Only what was not up is kept, and details only for results that were not up.
      assertions: [{ name: 'body.contains', status: 'down', message: 'body does not contain "ok"', expected: 'ok' }],
      details: { phase: 'connect' },
    });
    expect(recent[2]).toMatchObject({ latencyMs: 11, durationMs: 13, metrics: { total_ms: 11, status_code: 200 }, assertions: [], details: undefined });
    expect((await store.results.recentResults('home', { limit: 1 })).map((r) => r.ts)).toEqual([T0 + 120_000]);
    expect((await store.results.recentResults('home', { since: T0 + 60_000 })).map((r) => r.ts)).toEqual([T0 + 120_000, T0 + 60_000]);
    expect(await store.results.recentResults('nobody')).toEqual([]);
  });

  it('latestResults: the newest of each monitor; latestDetails: the newest details, up or not', async () => {
    const store = freshStore();
    await store.results.saveResults([record('b', T0, 'down', { details: { n: 1 } }), record('a', T0 + 5, 'up', { details: { n: 2 } })]);
    await store.results.saveResults([record('b', T0 + 10, 'up', { details: { n: 3 } })]);
    expect((await store.results.latestResults()).map((r) => [r.monitor, r.ts, r.status])).toEqual([
      ['a', T0 + 5, 'up'],
      ['b', T0 + 10, 'up'],
    ]);
    expect(await store.results.latestDetails('b')).toEqual({ n: 3 });
    expect(await store.results.latestDetails('nobody')).toBeUndefined();
    expect(await store.results.monitorNames()).toEqual(['a', 'b']);
  });

  it('a monitor whose type changed keeps its history under the new type', async () => {
    const store = freshStore();
    await store.results.saveResults([record('x', T0)]);
    await store.results.saveResults([record('x', T0 + 1, 'up', { type: 'tcp' })]);
    // A second process (or a later run) sees the change too.
    const other = openSqlite(store.location);
    open.push(other);
    expect((await other.results.recentResults('x')).map((r) => r.type)).toEqual(['tcp', 'tcp']);
  });

  it('a batch that fails is rolled back whole, and the store stays usable for the monitors it named', async () => {
    const store = freshStore();
    const bad = record('broken', T0, 'meh' as Status);
    await expect(store.results.saveResults([record('new-monitor', T0), bad])).rejects.toThrow(/CHECK constraint failed/);
    expect(await store.results.monitorNames()).toEqual([]);
    await store.results.saveResults([record('new-monitor', T0 + 1)]);
    expect((await store.results.recentResults('new-monitor')).map((r) => r.ts)).toEqual([T0 + 1]);
  });

  it('artifacts: one per monitor and kind, the latest wins, an older write does not replace a newer one', async () => {
    const store = freshStore();
    await store.results.saveResults([record('perf', T0, 'up', { artifacts: { 'lighthouse-report': 'v1' } })]);
    await store.results.saveResults([record('perf', T0 + 2, 'up', { artifacts: { 'lighthouse-report': 'v2' } })]);
    await store.results.saveResults([record('perf', T0 + 1, 'up', { artifacts: { 'lighthouse-report': 'late but older' } })]);
    expect(await store.results.artifact('perf', 'lighthouse-report')).toEqual({ ts: T0 + 2, content: 'v2' });
    expect(store.db.prepare("SELECT COUNT(*) FROM artifacts WHERE kind = 'lighthouse-report'").pluck().get()).toBe(1);
    expect(await store.results.artifact('perf', 'other')).toBeUndefined();
  });

  it('runs: begun and finished with the counts', async () => {
    const store = freshStore();
    const runId = await store.results.beginRun({ command: 'check', startedAt: T0 });
    await store.results.saveResults([record('a', T0)], runId);
    await store.results.finishRun(runId, { total: 1, up: 1, degraded: 0, down: 0, unknown: 0 }, T0 + 500);
    expect(store.db.prepare('SELECT command, pid, started_at, finished_at, total, up FROM runs WHERE id = ?').get(runId)).toEqual({ command: 'check', pid: process.pid, started_at: T0, finished_at: T0 + 500, total: 1, up: 1 });
    expect(store.db.prepare('SELECT run_id FROM results').pluck().all()).toEqual([runId]);
  });

  it('an empty batch writes nothing', async () => {
    const store = freshStore();
    await store.results.saveResults([]);
    expect(store.db.prepare('SELECT COUNT(*) FROM results').pluck().get()).toBe(0);
  });
});

describe('windowStats', () => {
  it('uptime % excludes unknown and counts degraded as up; the window is [from, to)', async () => {
    const store = freshStore();
    const statuses: Status[] = [...Array(6).fill('up'), ...Array(2).fill('degraded'), ...Array(2).fill('down'), ...Array(5).fill('unknown')];
    await store.results.saveResults(statuses.map((status, i) => record('m', T0 + i * 1000, status)));
    await store.results.saveResults([record('m', T0 - 1, 'down'), record('m', T0 + 15_000, 'down')]); // just outside
    const stats = await store.results.windowStats('m', T0, T0 + 15_000);
    expect(stats.counts).toEqual({ total: 15, up: 6, degraded: 2, down: 2, unknown: 5 });
    expect(stats.uptimePercent).toBe(80);
    expect(stats.approximate).toBe(false);
  });

  it('nearest-rank percentiles over the latencies that exist', async () => {
    const store = freshStore();
    // 20 latencies 1..20 in a shuffled order, plus results without a latency.
    const latencies = [7, 3, 20, 1, 15, 9, 12, 4, 18, 6, 2, 11, 19, 5, 14, 8, 16, 10, 13, 17];
    await store.results.saveResults(latencies.map((latencyMs, i) => record('m', T0 + i, 'up', { latencyMs })));
    await store.results.saveResults([record('m', T0 + 100, 'down', { latencyMs: undefined })]);
    const stats = await store.results.windowStats('m', T0, T0 + HOUR);
    expect([stats.p50, stats.p95, stats.p99]).toEqual([10, 19, 20]);
    expect(stats.counts.total).toBe(21);
  });

  it('nothing checked: nulls, not zeros', async () => {
    const store = freshStore();
    expect(await store.results.windowStats('ghost', T0, T0 + HOUR)).toEqual({ from: T0, to: T0 + HOUR, counts: { total: 0, up: 0, degraded: 0, down: 0, unknown: 0 }, uptimePercent: null, p50: null, p95: null, p99: null, approximate: false });
    await store.results.saveResults([record('m', T0, 'unknown')]);
    expect(await store.results.windowStats('m', T0, T0 + HOUR)).toMatchObject({ uptimePercent: null, p50: 10 });
  });
});

describe('stats', () => {
  it('percentile: nearest rank', async () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([5], 99)).toBe(5);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 51)).toBe(3);
    expect(percentile([1, 2, 3, 4], 100)).toBe(4);
    expect(percentile([1, 2, 3, 4], 0)).toBe(1);
  });

  it('uptimePercent and weightedPercentile', async () => {
    expect(uptimePercent({ up: 0, degraded: 0, down: 0 })).toBeNull();
    expect(uptimePercent({ up: 1, degraded: 1, down: 2 })).toBe(50);
    expect(weightedPercentile([{ count: 3, value: 10 }, { count: 1, value: 50 }, { count: 0, value: 1000 }, { count: 5, value: null }])).toBe(20);
    expect(weightedPercentile([])).toBeNull();
  });
});

describe('retention', () => {
  const policy = { resultsMs: 2 * DAY, rollupsMs: 30 * DAY };
  const now = T0 + 10 * DAY + 25 * 60_000; // not on an hour boundary
  const STATUS_CYCLE: Status[] = ['up', 'up', 'up', 'degraded', 'down', 'unknown', 'up'];

  /** Every 10 minutes for the 5 days before `now`: statuses cycle, latencies vary. */
  function history(monitor: string): CheckRecord[] {
    const records: CheckRecord[] = [];
    for (let i = 0, ts = now - 5 * DAY; ts < now; i++, ts += 10 * 60_000) {
      records.push(record(monitor, ts, STATUS_CYCLE[i % STATUS_CYCLE.length]!, { latencyMs: (i % 50) + 1 }));
    }
    return records;
  }

  function expectedCounts(records: CheckRecord[], from: number, to: number) {
    const counts = { total: 0, up: 0, degraded: 0, down: 0, unknown: 0 };
    for (const r of records) {
      if (r.startedAt < from || r.startedAt >= to) continue;
      counts.total++;
      counts[r.status]++;
    }
    return counts;
  }

  it('rolls results past the raw retention into hourly rows, deletes them, and the figures stay right', async () => {
    const store = freshStore();
    const records = history('web');
    await store.results.saveResults(records);
    const other = history('api').filter((_, i) => i % 2 === 0).map((r) => ({ ...r, status: 'down' as const }));
    await store.results.saveResults(other);
    const span = { from: now - 5 * DAY, to: now + 1 };
    const before = await store.results.windowStats('web', span.from, span.to);
    expect(before.approximate).toBe(false);
    expect(before.counts).toEqual(expectedCounts(records, span.from, span.to));

    const cutoff = Math.floor((now - policy.resultsMs) / HOUR) * HOUR;
    const due = records.filter((r) => r.startedAt < cutoff);
    const outcome = (await store.results.applyRetention(now, policy, { force: true }))!;
    expect(outcome.deletedResults).toBe(due.length + other.filter((r) => r.startedAt < cutoff).length);
    expect(outcome.rolledUpHours).toBe(2 * new Set(due.map((r) => Math.floor(r.startedAt / HOUR))).size);
    expect(store.db.prepare('SELECT COUNT(*) FROM results WHERE ts < ?').pluck().get(cutoff)).toBe(0);
    expect(await store.results.recentResults('web', { limit: 10_000 })).toHaveLength(records.length - due.length);

    // One hour's roll-up, exactly.
    const hour = cutoff - 7 * HOUR;
    const inHour = records.filter((r) => r.startedAt >= hour && r.startedAt < hour + HOUR);
    const latencies = inHour.map((r) => r.latencyMs!).sort((a, b) => a - b);
    expect(store.db.prepare('SELECT * FROM rollups_hourly WHERE hour = ? AND monitor_id = (SELECT id FROM monitors WHERE name = ?)').get(hour, 'web')).toMatchObject({
      ...(({ total: _total, ...counts }) => counts)(expectedCounts(records, hour, hour + HOUR)),
      latency_count: inHour.length,
      latency_sum: latencies.reduce((a, b) => a + b, 0),
      latency_min: latencies[0],
      latency_max: latencies.at(-1),
      latency_p50: percentile(latencies, 50),
      latency_p95: percentile(latencies, 95),
    });
    expect(store.db.prepare('SELECT COUNT(*) FROM rollups_hourly WHERE monitor_id = (SELECT id FROM monitors WHERE name = ?)').pluck().get('web')).toBe(new Set(due.map((r) => Math.floor(r.startedAt / HOUR))).size);

    // The figures over a span covering roll-ups and raw results: same counts and uptime, now approximate.
    const after = await store.results.windowStats('web', span.from, span.to);
    expect(after.counts).toEqual(before.counts);
    expect(after.uptimePercent).toBeCloseTo(before.uptimePercent!, 10);
    expect(after.approximate).toBe(true);
    expect(after.p50).toBeGreaterThan(0);
    // A window of raw results only is exact.
    const recent = await store.results.windowStats('web', now - DAY, now + 1);
    expect(recent.approximate).toBe(false);
    expect(recent.counts).toEqual(expectedCounts(records, now - DAY, now + 1));
    // A window of roll-ups only, on hour boundaries, has exact counts too.
    const old = await store.results.windowStats('web', cutoff - 48 * HOUR, cutoff);
    expect(old.counts).toEqual(expectedCounts(records, cutoff - 48 * HOUR, cutoff));
    expect(old.approximate).toBe(true);

    // Running it again finds nothing to do and changes nothing.
    expect(await store.results.applyRetention(now, policy, { force: true })).toEqual({ rolledUpHours: 0, deletedResults: 0, deletedRollups: 0 });
    expect((await store.results.windowStats('web', span.from, span.to)).counts).toEqual(before.counts);
  });

  it('a monitor whose raw results are all gone still has its roll-ups in the figures', async () => {
    const store = freshStore();
    const records = history('retired').filter((r) => r.startedAt < now - 3 * DAY);
    await store.results.saveResults(records);
    await store.results.applyRetention(now, policy, { force: true });
    expect(await store.results.recentResults('retired')).toEqual([]);
    const stats = await store.results.windowStats('retired', now - 5 * DAY, now + 1);
    expect(stats.counts).toEqual(expectedCounts(records, now - 5 * DAY, now + 1));
    expect(stats.approximate).toBe(true);
  });

  it('roll-ups older than their own retention are deleted', async () => {
    const store = freshStore();
    await store.results.saveResults(history('web'));
    await store.results.applyRetention(now, policy, { force: true });
    const later = now + 27 * DAY; // roll-ups before later - 30d (= now - 3d) go
    const oldRollups = store.db.prepare('SELECT COUNT(*) FROM rollups_hourly WHERE hour < ?').pluck().get(later - policy.rollupsMs) as number;
    expect(oldRollups).toBeGreaterThan(0);
    const outcome = (await store.results.applyRetention(later, policy, { force: true }))!;
    expect(outcome.deletedRollups).toBe(oldRollups);
    expect(store.db.prepare('SELECT COUNT(*) FROM rollups_hourly WHERE hour < ?').pluck().get(later - policy.rollupsMs)).toBe(0);
    expect(store.db.prepare('SELECT COUNT(*) FROM rollups_hourly').pluck().get()).toBeGreaterThan(0);
    expect(store.db.prepare('SELECT COUNT(*) FROM results').pluck().get()).toBe(0); // everything is past raw retention by then
  });

  it('runs at most hourly unless forced', async () => {
    const store = freshStore();
    await store.results.saveResults(history('web'));
    expect(await store.results.applyRetention(now, policy)).toBeDefined();
    expect(await store.results.applyRetention(now + 59 * 60_000, policy)).toBeUndefined();
    expect(await store.results.applyRetention(now + 59 * 60_000, policy, { force: true })).toBeDefined();
    expect(await store.results.applyRetention(now + 2 * HOUR, policy)).toBeDefined();
    // Another process sees when it last ran.
    const other = openSqlite(store.location);
    open.push(other);
    expect(await other.results.applyRetention(now + 2 * HOUR + 60_000, policy)).toBeUndefined();
  });
});
