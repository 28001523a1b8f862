/**
 * Realistic dashboard data for the renderers' tests, the page size check and the screenshot script:
 * deterministic (a seeded generator), every kind of monitor, incidents, maintenance and activity.
 * `manyMonitors` builds the 20-monitor page the size budget is about.
 */
import type { DailyBar, DashboardData, DashboardMonitor, LatencyPoint, Status, UptimeWindow } from '../../../src/server/views/index.js';

export const SAMPLE_NOW = Date.UTC(2025, 4, 14, 9, 30, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function dailyBars(rand: () => number, now: number, badDays: number[], startDaysAgo = 89): DailyBar[] {
  const bars: DailyBar[] = [];
  for (let ago = startDaysAgo; ago >= 0; ago--) {
    const day = new Date(now - ago * DAY).toISOString().slice(0, 10);
    const total = ago === 0 ? 570 : 1440;
    const down = badDays.includes(ago) ? Math.round(5 + rand() * 60) : rand() < 0.04 ? 1 : 0;
    const degraded = rand() < 0.1 ? Math.round(rand() * 12) : 0;
    const up = total - down - degraded;
    bars.push({ day, uptimePercent: ((up + degraded) / total) * 100, counts: { up, degraded, down, unknown: 0 } });
  }
  return bars;
}

function latencyPoints(rand: () => number, now: number, base: number, spikeAt: number | null, downAt: number | null): LatencyPoint[] {
  const points: LatencyPoint[] = [];
  for (let i = 287; i >= 0; i--) {
    const ts = now - i * 5 * MINUTE;
    const wave = Math.sin(i / 30) * base * 0.15;
    let ms = base + wave + rand() * base * 0.3;
    let status: Status = 'up';
    if (spikeAt !== null && Math.abs(i - spikeAt) < 6) {
      ms *= 4;
      status = 'degraded';
    }
    if (downAt !== null && i <= downAt && i > downAt - 8) {
      points.push({ ts, ms: null, status: 'down' });
      continue;
    }
    points.push({ ts, ms: Math.round(ms * 10) / 10, status });
  }
  return points;
}

const uptime = (d: number | null, w: number | null, m: number | null, y: number | null, approximateYear = true): Record<UptimeWindow, { percent: number | null; approximate?: boolean }> => ({
  '24h': { percent: d },
  '7d': { percent: w },
  '30d': { percent: m },
  '1y': { percent: y, approximate: approximateYear },
});

export function sampleMonitors(now = SAMPLE_NOW, seed = 7): DashboardMonitor[] {
  const rand = random(seed);
  return [
    {
      name: 'homepage',
      type: 'uptime',
      description: 'https://example.com/ — the public site',
      now: { status: 'up', message: '200 OK in 142ms', checkedAt: now - 40_000, latencyMs: 142.3 },
      uptime: uptime(100, 99.98, 99.95, 99.93),
      daily: dailyBars(rand, now, [61]),
      latency: latencyPoints(rand, now, 140, null, null),
      cert: { daysLeft: 61, validTo: now + 61 * DAY },
      openIncident: null,
    },
    {
      name: 'api',
      type: 'uptime',
      description: 'Public REST API behind the load balancer',
      now: { status: 'degraded', message: 'latency 1.2s is above the degraded budget 800ms', checkedAt: now - 25_000, latencyMs: 1204 },
      uptime: uptime(99.65, 99.91, 99.97, 99.96),
      daily: dailyBars(rand, now, [33, 12]),
      latency: latencyPoints(rand, now, 230, 3, null),
      cert: { daysLeft: 23, validTo: now + 23 * DAY },
      openIncident: { kind: 'degraded', since: now - 18 * MINUTE },
    },
    {
      name: 'api-cert',
      type: 'ssl',
      description: 'api.example.com:443 certificate chain',
      now: { status: 'degraded', message: 'certificate expires in 23 days (degraded under 30)', checkedAt: now - 5 * MINUTE, latencyMs: 48 },
      uptime: uptime(100, 100, 100, 100),
      daily: dailyBars(rand, now, []),
      latency: latencyPoints(rand, now, 45, null, null),
      cert: { daysLeft: 23, validTo: now + 23 * DAY },
    },
    {
      name: 'checkout',
      type: 'uptime',
      description: 'Payment flow health endpoint',
      now: { status: 'down', message: 'connect ECONNREFUSED 10.0.4.12:443 while connecting', checkedAt: now - 30_000, latencyMs: null },
      uptime: uptime(97.2, 99.6, 99.88, 99.9),
      daily: dailyBars(rand, now, [0, 45]),
      latency: latencyPoints(rand, now, 310, null, 7),
      openIncident: { kind: 'down', since: now - 37 * MINUTE },
    },
    {
      name: 'mail',
      type: 'smtp',
      description: 'mail.example.com:587 STARTTLS',
      now: { status: 'up', message: '250 ready, STARTTLS TLSv1.3', checkedAt: now - 70_000, latencyMs: 96 },
      uptime: uptime(100, 100, 99.99, 99.97),
      daily: dailyBars(rand, now, []),
      latency: latencyPoints(rand, now, 95, null, null),
    },
    {
      name: 'homepage-perf',
      type: 'lighthouse',
      description: 'Lighthouse, mobile, median of 3 runs',
      now: { status: 'up', message: 'performance 94, accessibility 100, best-practices 96, seo 92', checkedAt: now - 3 * HOUR, latencyMs: 16_800 },
      uptime: uptime(100, 100, 100, null),
      daily: dailyBars(rand, now, [], 40),
      latency: [],
      lighthouse: {
        scores: { performance: 0.94, accessibility: 1, 'best-practices': 0.96, seo: 0.92 },
        vitals: { lcp_ms: 1840, cls: 0.012, fcp_ms: 920, tbt_ms: 40, ttfb_ms: 180 },
        auditedAt: now - 3 * HOUR,
      },
    },
    {
      name: 'backups',
      type: 'command',
      description: 'check_disk on the backup volume',
      now: { status: 'up', message: 'DISK OK - free space: / 48213 MB (41% inode=97%)', checkedAt: now - 4 * MINUTE, latencyMs: 31 },
      uptime: uptime(100, 100, 99.5, 99.8),
      daily: dailyBars(rand, now, [20, 21]),
      latency: latencyPoints(rand, now, 30, null, null),
    },
    {
      name: 'status-page',
      type: 'uptime',
      description: 'Added this morning',
      now: null,
      uptime: uptime(null, null, null, null, false),
      daily: [],
      latency: [],
    },
  ];
}

export function sampleDashboard(now = SAMPLE_NOW): DashboardData {
  return {
    title: 'Acme status',
    description: 'Live status of Acme’s public services. Times are UTC.',
    generatedAt: now,
    monitors: sampleMonitors(now),
    openIncidents: [
      { id: 'checkout/default/4', monitor: 'checkout', kind: 'down', startedAt: now - 37 * MINUTE, endedAt: null, message: 'connect ECONNREFUSED 10.0.4.12:443 while connecting', acknowledged: true },
      { id: 'api/default/9', monitor: 'api', kind: 'degraded', startedAt: now - 18 * MINUTE, endedAt: null, message: 'latency 1.2s is above the degraded budget 800ms', acknowledged: false },
    ],
    incidentHistory: [
      { id: 'api/default/8', monitor: 'api', kind: 'down', startedAt: now - 12 * DAY - 3 * HOUR, endedAt: now - 12 * DAY - 2 * HOUR - 14 * MINUTE, message: '503 Service Unavailable', acknowledged: true },
      { id: 'backups/default/2', monitor: 'backups', kind: 'down', startedAt: now - 20 * DAY - 5 * HOUR, endedAt: now - 20 * DAY + 2 * HOUR, message: 'DISK CRITICAL - free space: / 2011 MB (2%)', acknowledged: true },
      { id: 'homepage/default/3', monitor: 'homepage', kind: 'down', startedAt: now - 61 * DAY - 4 * HOUR, endedAt: now - 61 * DAY - 3 * HOUR - 40 * MINUTE, message: 'timeout after 10s waiting for the response headers', acknowledged: false },
    ],
    maintenance: [{ monitors: ['checkout', 'api'], startsAt: now + 2 * DAY, endsAt: now + 2 * DAY + 30 * MINUTE, reason: 'Database upgrade to PostgreSQL 16' }],
    sites: [
      {
        name: 'blog',
        window: '7d',
        visitors: 12_840,
        pageViews: 31_207,
        topPages: [
          { label: '/', count: 9_120 },
          { label: '/posts/zero-downtime-deploys', count: 4_410 },
          { label: '/posts/sqlite-in-production', count: 2_980 },
        ],
        referrers: [
          { label: 'news.ycombinator.com', count: 3_210 },
          { label: 'duckduckgo.com', count: 1_044 },
        ],
        countries: [
          { label: 'DE', count: 3_120 },
          { label: 'US', count: 2_870 },
          { label: 'FR', count: 1_230 },
        ],
        heatmapUrl: '/d/example/sites/blog/heatmap?path=%2F&width=1280',
      },
    ],
    agents: [
      {
        name: 'laptops',
        window: '7d',
        activeMs: 131 * HOUR + 20 * MINUTE,
        topApps: [
          { label: 'Code', count: 52 * HOUR },
          { label: 'Firefox', count: 38 * HOUR },
          { label: 'Terminal', count: 21 * HOUR },
        ],
      },
    ],
  };
}

/** The 20-monitor page of the size budget: the sample monitors repeated under new names, all with data. */
export function manyMonitors(count = 20, now = SAMPLE_NOW): DashboardData {
  const base = sampleMonitors(now).filter((m) => m.now !== null && m.type !== 'lighthouse');
  const monitors = Array.from({ length: count }, (_, i) => ({ ...base[i % base.length]!, name: `service-${String(i + 1).padStart(2, '0')}` }));
  return { ...sampleDashboard(now), monitors };
}

export const HOSTILE = {
  img: '<img src=x onerror=alert(1)>',
  script: '"><script>alert(1)</script>',
  attr: `' onmouseover='alert(1)' x='`,
  control: 'bell\u0007 and a lone \uD800 surrogate',
};

/** Every string field holds markup that must come out as text. */
export function hostileDashboard(now = SAMPLE_NOW): DashboardData {
  const data = sampleDashboard(now);
  const evil = `${HOSTILE.img} ${HOSTILE.script}`;
  data.title = `Acme ${HOSTILE.script}`;
  data.description = `${HOSTILE.img} ${HOSTILE.attr}`;
  const first = data.monitors[0]!;
  first.name = `web ${HOSTILE.script}`;
  first.description = evil;
  first.type = HOSTILE.attr;
  first.now = { ...first.now!, status: 'down', message: `${evil} ${HOSTILE.control}` };
  data.openIncidents[0] = { ...data.openIncidents[0]!, monitor: first.name, message: evil };
  data.incidentHistory[0] = { ...data.incidentHistory[0]!, monitor: evil };
  data.maintenance[0] = { ...data.maintenance[0]!, monitors: [evil], reason: evil };
  data.sites![0] = { ...data.sites![0]!, name: evil, window: HOSTILE.attr, topPages: [{ label: evil, count: 1 }], heatmapUrl: 'javascript:alert(1)' };
  data.agents![0] = { ...data.agents![0]!, name: evil, topApps: [{ label: evil, count: 1000 }] };
  return data;
}
