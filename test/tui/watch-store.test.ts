import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SPARK_POINTS, WatchStore } from '../../src/tui/watch-store.js';
import { manySeeds, result, T0 } from './fixtures.js';

describe('WatchStore', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('a burst of a thousand results is published once', () => {
    const store = new WatchStore({ workspace: 'w', monitors: manySeeds(1000) });
    const before = store.getSnapshot();
    let published = 0;
    store.subscribe(() => published++);
    for (const seed of manySeeds(1000)) store.applyResult(result(seed.name, 'up', 5));
    expect(published).toBe(0);
    expect(store.getSnapshot()).toBe(before);
    vi.runAllTimers();
    expect(published).toBe(1);
    expect(store.getSnapshot().monitors.every((m) => m.status === 'up')).toBe(true);
  });

  it('publishes at most once per 100 ms, and every change lands', () => {
    const store = new WatchStore({ workspace: 'w', monitors: manySeeds(2) });
    const times: number[] = [];
    store.subscribe(() => times.push(Date.now() - T0));
    store.applyResult(result('svc-0001', 'up', 5));
    vi.advanceTimersByTime(0);
    for (let ms = 0; ms < 250; ms += 10) {
      store.applyResult(result('svc-0002', 'up', ms));
      vi.advanceTimersByTime(10);
    }
    vi.runAllTimers();
    expect(times[0]).toBe(0);
    for (let at = 1; at < times.length; at++) expect(times[at]! - times[at - 1]!).toBeGreaterThanOrEqual(100);
    expect(store.getSnapshot().monitors[1]!.latencyMs).toBe(240);
  });

  it('keeps the row objects of monitors that did not change (so their lines are not rendered again)', () => {
    const store = new WatchStore({ workspace: 'w', monitors: manySeeds(3) });
    const [a, b, c] = store.getSnapshot().monitors;
    store.applyResult(result('svc-0002', 'down', undefined));
    store.flush();
    const after = store.getSnapshot().monitors;
    expect(after[0]).toBe(a);
    expect(after[1]).not.toBe(b);
    expect(after[2]).toBe(c);
  });

  it('fills a row from results: status, latency, sparkline (capped), key figure, message, times', () => {
    const store = new WatchStore({ workspace: 'w', monitors: [{ name: 'cert', type: 'ssl', tags: ['tls'] }] });
    expect(store.getSnapshot().monitors[0]).toMatchObject({ status: 'pending', lastResultAt: null });
    for (let i = 0; i < SPARK_POINTS + 5; i++) store.applyResult(result('cert', 'up', i, { type: 'ssl', metrics: { days_left: 40 }, startedAt: T0 + i }), { uptime24h: 99.5 });
    store.applyResult(result('cert', 'down', undefined, { type: 'ssl', message: 'expired', startedAt: T0 - 5 }));
    store.flush();
    const row = store.getSnapshot().monitors[0]!;
    expect(row).toMatchObject({ status: 'down', latencyMs: null, message: 'expired', uptime24h: 99.5, keyFigure: null, tags: ['tls'], lastResultAt: T0 - 5 });
    expect(row.recentLatencies).toHaveLength(SPARK_POINTS);
    expect(row.recentLatencies.at(-1)).toBeNull();
    expect(row.recentLatencies[0]).toBe(6);
    // The newest result overall, not the last applied.
    expect(store.getSnapshot().lastResultAt).toBe(T0 + SPARK_POINTS + 4);
  });

  it('adds a monitor it did not know when a result for it arrives', () => {
    const store = new WatchStore({ workspace: 'w', monitors: [] });
    store.applyResult(result('late', 'up', 3, { tags: ['x'] }));
    store.flush();
    expect(store.getSnapshot().monitors.map((m) => [m.name, m.tags])).toEqual([['late', ['x']]]);
  });

  it('a config change keeps what is known of monitors that stay', () => {
    const store = new WatchStore({ workspace: 'w', monitors: manySeeds(2) });
    store.applyResult(result('svc-0001', 'degraded', 900));
    store.setMonitors([{ name: 'svc-0001', type: 'uptime', tags: ['new'] }, { name: 'fresh', type: 'tcp' }], 'w2');
    store.flush();
    const model = store.getSnapshot();
    expect(model.workspace).toBe('w2');
    expect(model.monitors.map((m) => [m.name, m.status, m.tags])).toEqual([
      ['svc-0001', 'degraded', ['new']],
      ['fresh', 'pending', []],
    ]);
  });

  it('paused flags, uptime and the share link publish only when they change', () => {
    const store = new WatchStore({ workspace: 'w', monitors: manySeeds(1) });
    let published = 0;
    store.subscribe(() => published++);
    store.setPaused('svc-0001', false);
    store.setShareLink(null);
    store.setPaused('nobody', true);
    vi.runAllTimers();
    expect(published).toBe(0);
    store.setPaused('svc-0001', true);
    store.setUptime('svc-0001', 97);
    store.setShareLink('http://127.0.0.1:1/d/x');
    vi.runAllTimers();
    expect(published).toBe(1);
    expect(store.getSnapshot()).toMatchObject({ shareLink: 'http://127.0.0.1:1/d/x', monitors: [{ paused: true, uptime24h: 97 }] });
  });
});
