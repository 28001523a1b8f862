/** Monitors, results, a detail and an activity summary for the TUI's tests and the preview. */
import type { ActivitySummary, MonitorDetail, MonitorRow } from '../../src/tui/model.js';
import type { MonitorSeed, ResultUpdate } from '../../src/tui/watch-store.js';
import type { Status } from '../../src/core/result.js';

export const T0 = Date.UTC(2026, 2, 14, 11, 59, 0);

/** `count` uptime monitors named svc-0001…, tagged by tens. */
export function manySeeds(count: number): MonitorSeed[] {
  return Array.from({ length: count }, (_, at) => ({ name: `svc-${String(at + 1).padStart(4, '0')}`, type: 'uptime', tags: [`rack-${Math.floor(at / 10)}`] }));
}

export function result(monitor: string, status: Status, latencyMs: number | undefined, extra: Partial<ResultUpdate> = {}): ResultUpdate {
  return {
    monitor,
    type: 'uptime',
    status,
    latencyMs,
    message: status === 'up' ? `200 in ${latencyMs}ms` : `it is ${status}`,
    metrics: latencyMs === undefined ? {} : { total_ms: latencyMs },
    startedAt: T0,
    ...extra,
  };
}

/** A small mixed workspace: one of each type, one down, one degraded. */
export const MIXED: MonitorSeed[] = [
  { name: 'homepage', type: 'uptime', tags: ['web', 'public'] },
  { name: 'api-health', type: 'uptime', tags: ['api'] },
  { name: 'api-cert', type: 'ssl', tags: ['api'] },
  { name: 'mail', type: 'smtp', tags: ['mail'] },
  { name: 'homepage-perf', type: 'lighthouse', tags: ['web'] },
  { name: 'blog-logs', type: 'activity', tags: [] },
];

export const MIXED_RESULTS: ResultUpdate[] = [
  result('homepage', 'up', 120),
  result('homepage', 'up', 80),
  result('homepage', 'up', 240),
  result('api-health', 'down', undefined, { message: 'connect ECONNREFUSED 127.0.0.1:9' }),
  result('api-cert', 'degraded', 31, { type: 'ssl', metrics: { days_left: 12 }, assertions: [{ name: 'daysLeft', status: 'degraded', message: '12 days left' }] }),
  result('mail', 'up', 310, { type: 'smtp', metrics: { days_left: 88, total_ms: 310 }, assertions: [{ name: 'starttls', status: 'up', message: 'STARTTLS upgraded to TLSv1.3' }] }),
  result('homepage-perf', 'up', 1800, { type: 'lighthouse', metrics: { performance_score: 0.93, lcp_ms: 1800 } }),
  result('blog-logs', 'up', 40, { type: 'activity', metrics: { lag_s: 180 } }),
];

export function sampleDetail(name: string): MonitorDetail {
  return {
    name,
    type: 'uptime',
    target: 'http://127.0.0.1:8080/health',
    recent: [
      { ts: T0, status: 'down', latencyMs: null, message: 'connect ECONNREFUSED 127.0.0.1:9' },
      { ts: T0 - 60_000, status: 'up', latencyMs: 42, message: '200 in 42ms' },
    ],
    phases: { dns: 2, connect: 8, tls: 30, ttfb: 50, transfer: 10, total: 100 },
    lastError: { at: T0, message: 'connect ECONNREFUSED 127.0.0.1:9 (is the service running?)' },
    assertions: [
      { name: 'status', status: 'up', message: '200 is one of 200' },
      { name: 'body.contains', status: 'down', message: 'body does not contain "Welcome"' },
    ],
    alert: { incident: { phase: 'down', since: T0 - 120_000, number: 4 }, silence: { until: T0 + 3_600_000, reason: 'deploy' }, maintenance: null },
    lighthouse: null,
  };
}

export const SAMPLE_ACTIVITY: ActivitySummary = {
  from: T0 - 86_400_000,
  to: T0,
  sites: [{ name: 'blog', visitors: 1234, pageViews: 5678, topPages: [{ path: '/', views: 3000 }, { path: '/about', views: 700 }] }],
  agents: [{ name: 'laptops', activeMs: 6 * 3_600_000, topApps: [{ app: 'code', activeMs: 3 * 3_600_000 }, { app: 'firefox', activeMs: 7_200_000 }] }],
};

/** A list row as the store would hold it. */
export function monitorRow(name: string, extra: Partial<MonitorRow> = {}): MonitorRow {
  return {
    name,
    type: 'uptime',
    tags: [],
    status: 'up',
    paused: false,
    latencyMs: 42,
    recentLatencies: [40, 44, 42],
    uptime24h: 100,
    keyFigure: null,
    message: '200 in 42ms',
    lastResultAt: T0,
    ...extra,
  };
}
