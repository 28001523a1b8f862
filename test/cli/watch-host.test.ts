/**
 * What watch's host reads for the screen, against a real SQLite file: the store seeded from storage,
 * the detail view (recent results, phases, last error, assertions, incident, silence, maintenance,
 * Lighthouse), the dashboard `s` would share, and the stats file the bench reads (watch's hidden --stats-file).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialAlertState } from '../../src/alerts/alert-state.js';
import type { LoadedConfig } from '../../src/config/load.js';
import type { Monitor } from '../../src/core/monitor.js';
import { loadMonitorDetail, targetOf } from '../../src/cli/watch/monitor-detail.js';
import { chooseDashboard, startShare } from '../../src/cli/watch/share.js';
import { writeStatsFile } from '../../src/cli/watch/stats-file.js';
import { seedFromStorage, seedsOf } from '../../src/cli/watch/store-feed.js';
import { createLogger } from '../../src/core/log.js';
import { EventStream } from '../../src/runtime/event-stream.js';
import { LagStats } from '../../src/runtime/lag-stats.js';
import type { Runtime } from '../../src/runtime/runtime-api.js';
import { WatchStore } from '../../src/tui/watch-store.js';
import type { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { record } from '../helpers/records.js';
import { openSqlite } from '../helpers/storage.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-watch-host-');
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
let storage: SqliteStorage;

const monitor = (name: string, options: Record<string, unknown> = {}, type = 'uptime'): Monitor => ({
  name, type, tags: ['web'], enabled: true, intervalMs: 60_000, timeoutMs: 5000, retries: 0, retryDelayMs: 0, dependsOn: [], options,
});
const MONITORS = [monitor('web', { url: 'https://user:secret@example.com/health' }), monitor('perf', { url: 'https://example.com/' }, 'lighthouse'), monitor('fresh', { host: 'mail.example.com', port: 587 }, 'smtp')];

beforeAll(async () => {
  storage = openSqlite(ws.path('trackz.db'));
  const phases = { dns_ms: 2, connect_ms: 3, tls_ms: 9, ttfb_ms: 20, transfer_ms: 1, total_ms: 35 };
  await storage.results.saveResults([
    record('web', NOW - 3 * 60_000, 'up', { latencyMs: 30, metrics: phases }),
    record('web', NOW - 2 * 60_000, 'down', { latencyMs: null as unknown as undefined, message: 'status 503, expected 2xx (the whole long reason)', assertions: [{ name: 'status', status: 'down', message: 'status 503, expected 2xx' }], metrics: {} }),
    record('web', NOW - 60_000, 'up', { latencyMs: 35, metrics: phases }),
    record('perf', NOW - 60_000, 'up', { type: 'lighthouse', metrics: { performance_score: 0.91, accessibility_score: 1, lcp_ms: 1800, cls: 0.02 } }),
  ]);
  await storage.alerts.putState({ ...initialAlertState('web', 'main'), phase: 'down', incident: 3, since: NOW - 2 * 60_000 }, NOW);
  await storage.alerts.addSilence('web', NOW - 1000, NOW + 3_600_000, 'deploying', null);
});
afterAll(async () => storage?.close());

describe('the store seeded from storage', () => {
  it('has each stored monitor with its latest result, its recent latencies oldest first and its uptime', async () => {
    const store = new WatchStore({ workspace: 'w', monitors: seedsOf(MONITORS, new Set(['perf'])) }, { throttleMs: 0 });
    await seedFromStorage(store, storage.results, MONITORS, 24, NOW);
    store.flush();
    const rows = Object.fromEntries(store.getSnapshot().monitors.map((row) => [row.name, row]));
    expect(rows.web).toMatchObject({ status: 'up', latencyMs: 35, recentLatencies: [30, null, 35], lastResultAt: NOW - 60_000 });
    expect(rows.web!.uptime24h).toBeCloseTo(66.67, 1);
    expect(rows.perf).toMatchObject({ paused: true, keyFigure: { text: 'perf 91', tone: 'up' } });
    expect(rows.fresh).toMatchObject({ status: 'pending', uptime24h: null, tags: ['web'] });
  });
});

describe('the detail view', () => {
  const sources = (latest = new Map()) => ({ storage, monitors: () => MONITORS, latest, maintenance: async () => [] });

  it('reads recent results, phases, the last error in full, the incident and the silence', async () => {
    const detail = await loadMonitorDetail('web', sources(), NOW);
    expect(detail.target).toBe('https://***@example.com/health');
    expect(detail.recent.map((r) => r.status)).toEqual(['up', 'down', 'up']);
    expect(detail.phases).toEqual({ dns: 2, connect: 3, tls: 9, ttfb: 20, transfer: 1, total: 35 });
    expect(detail.lastError).toEqual({ at: NOW - 2 * 60_000, message: 'status 503, expected 2xx (the whole long reason)' });
    expect(detail.alert).toEqual({ incident: { phase: 'down', since: NOW - 2 * 60_000, number: 3 }, silence: { until: NOW + 3_600_000, reason: 'deploying' }, maintenance: null });
  });

  it('prefers the newest record seen in this process: every assertion, not only the failed ones', async () => {
    const live = record('web', NOW, 'degraded', { latencyMs: 900, message: 'slow', assertions: [{ name: 'status', status: 'up', message: '200' }, { name: 'latency', status: 'degraded', message: '900ms > 800ms' }] });
    const detail = await loadMonitorDetail('web', sources(new Map([['web', live]])), NOW);
    expect(detail.recent[0]).toEqual({ ts: NOW, status: 'degraded', latencyMs: 900, message: 'slow' });
    expect(detail.assertions.map((a) => a.name)).toEqual(['status', 'latency']);
    expect(detail.lastError).toEqual({ at: NOW, message: 'slow' });
  });

  it('gives Lighthouse its scores and Web Vitals, and a host:port target', async () => {
    const perf = await loadMonitorDetail('perf', sources(), NOW);
    expect(perf.lighthouse).toEqual({ scores: { performance: 0.91, accessibility: 1 }, vitals: { lcp_ms: 1800, cls: 0.02 } });
    expect(targetOf(MONITORS[2])).toBe('mail.example.com:587');
    const fresh = await loadMonitorDetail('fresh', sources(), NOW);
    expect(fresh).toMatchObject({ recent: [], phases: null, lastError: null, lighthouse: null, alert: { incident: null, silence: null, maintenance: null } });
  });
});

describe('sharing', () => {
  const config = (root: Record<string, unknown>) => ({ monitors: MONITORS, root }) as unknown as LoadedConfig;

  it('shares --dashboard NAME, else the first dashboard, else one of every monitor', () => {
    const two = config({ dashboards: [{ name: 'status' }, { name: 'internal' }] });
    expect(chooseDashboard(two, 'internal')).toEqual({ kind: 'named', name: 'internal' });
    expect(chooseDashboard(two)).toEqual({ kind: 'named', name: 'status' });
    expect(chooseDashboard(config({}))).toEqual({ kind: 'implicit', monitors: ['web', 'perf', 'fresh'] });
    expect(() => chooseDashboard(two, 'statsu')).toThrow('--dashboard statsu: the config has no dashboard named "statsu" (known: status, internal)');
  });

  it('serves the dashboard from this process under its own link, and revokes it when sharing stops', async () => {
    const live = async () => (await storage.access.dashboardLinks()).filter((link) => link.dashboard === 'watch' && !link.revokedAt);
    const session = await startShare({ config: { ...config({}), workspace: 'acme', file: ws.path('trackz.config.yaml') } as LoadedConfig, storage, port: 0 });
    try {
      expect(session.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/d\/[A-Za-z0-9_-]{22,}$/);
      const page = await fetch(session.url);
      expect(page.status).toBe(200);
      const html = await page.text();
      for (const name of ['web', 'perf', 'fresh']) expect(html).toContain(name);
      expect(html).not.toContain('secret');
      expect(await live()).toHaveLength(1);
    } finally {
      await session.stop();
    }
    expect(await live()).toHaveLength(0);
    await expect(fetch(session.url)).rejects.toThrow();
  });
});

describe('the stats file', () => {
  it('holds lag percentiles of scheduled starts (not run-now ones), results, CPU and RSS', () => {
    const events = new EventStream(createLogger('test', 'silent'));
    const runtime = { events, lag: () => new LagStats().snapshot() } as unknown as Runtime;
    const path = ws.path('stats.json');
    const stats = writeStatsFile(path, runtime);
    const monitorRef = { name: 'web', type: 'uptime', tags: [] };
    for (let lag = 1; lag <= 100; lag++) events.emit({ type: 'check.started', monitor: monitorRef, startedAt: NOW + lag, scheduledAt: NOW, lagMs: lag });
    // A run-now starts when asked: no lag to count.
    events.emit({ type: 'check.started', monitor: monitorRef, startedAt: NOW, scheduledAt: NOW, lagMs: 0 });
    events.emit({ type: 'check.result', record: record('web', NOW) });
    stats.stop();
    const written = JSON.parse(readFileSync(path, 'utf8'));
    expect(written.lag).toMatchObject({ count: 100, p50Ms: 50, p99Ms: 99, maxMs: 100 });
    expect(written.results).toBe(1);
    expect(written.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(written.peakRssBytes).toBeGreaterThanOrEqual(written.rssBytes);
    expect(written.cpu.userMs).toBeGreaterThan(0);
  });
});
