#!/usr/bin/env node
/**
 * The `trackz watch` screen on a made-up workspace, to look at by hand (no config, no network, no
 * database): `node scripts/tui-preview.mjs [--monitors 1000] [--every 1000]` after `npm run build`.
 * Results arrive every second; `api-health` goes down and comes back every 20 s. Keys work as in
 * watch: r, p, m and s answer at once, Enter shows a detail built from the results seen so far.
 *
 *   tmux new-session -d -s tui -x 80 -y 24 'node scripts/tui-preview.mjs'; tmux capture-pane -p -t tui
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

const entry = new URL('../dist/src/tui/index.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('dist/src/tui/index.js is missing: run `npm run build` first.');
  process.exit(2);
}
const { values } = parseArgs({ options: { monitors: { type: 'string', default: '40' }, every: { type: 'string', default: '1000' } } });
const count = Math.max(6, Number(values.monitors));
const everyMs = Math.max(50, Number(values.every));
const { renderWatch, WatchStore } = await import(entry.href);

const FIXED = [
  { name: 'homepage', type: 'uptime', tags: ['web', 'public'] },
  { name: 'api-health', type: 'uptime', tags: ['api'] },
  { name: 'api-cert', type: 'ssl', tags: ['api'] },
  { name: 'mail', type: 'smtp', tags: ['mail'] },
  { name: 'homepage-perf', type: 'lighthouse', tags: ['web'] },
  { name: 'blog-logs', type: 'activity', tags: [] },
];
const seeds = [...FIXED, ...Array.from({ length: count - FIXED.length }, (_, at) => ({ name: `svc-${String(at + 1).padStart(4, '0')}`, type: at % 7 === 0 ? 'tcp' : 'uptime', tags: [`rack-${Math.floor(at / 12)}`] }))];

// A small deterministic generator, so two runs look alike.
let state = 42;
const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);

const history = new Map();
const paused = new Set();
let sharing = false;

function resultFor(seed, now) {
  const latencyMs = Math.round(20 + random() * 80 + (seed.type === 'lighthouse' ? 1500 : 0));
  const base = { monitor: seed.name, type: seed.type, tags: seed.tags, startedAt: now, latencyMs, status: 'up', message: `200 in ${latencyMs}ms`, metrics: { dns_ms: 1, connect_ms: 3, tls_ms: 12, ttfb_ms: latencyMs - 20, transfer_ms: 4, total_ms: latencyMs } };
  if (seed.name === 'api-health' && Math.floor(now / 20_000) % 2 === 1) return { ...base, status: 'down', latencyMs: undefined, message: 'connect ECONNREFUSED 127.0.0.1:9', metrics: {} };
  if (seed.type === 'ssl') return { ...base, status: 'degraded', message: 'certificate expires in 12 days', metrics: { days_left: 12 }, assertions: [{ name: 'daysLeft', status: 'degraded', message: '12 days left' }] };
  if (seed.type === 'smtp') return { ...base, metrics: { days_left: 88, total_ms: latencyMs }, assertions: [{ name: 'starttls', status: 'up', message: 'STARTTLS upgraded to TLSv1.3' }] };
  if (seed.type === 'lighthouse') return { ...base, metrics: { performance_score: 0.91, accessibility_score: 1, seo_score: 0.9, lcp_ms: latencyMs, cls: 0.02, tbt_ms: 40 } };
  if (seed.type === 'activity') return { ...base, metrics: { lag_s: 95 } };
  if (random() < 0.02) return { ...base, status: 'degraded', message: `slow: ${latencyMs * 10}ms is above 800ms`, latencyMs: latencyMs * 10 };
  return base;
}

const store = new WatchStore({ workspace: 'preview', monitors: seeds });
function record(seed, now) {
  const result = resultFor(seed, now);
  const past = [result, ...(history.get(seed.name) ?? [])].slice(0, 50);
  history.set(seed.name, past);
  const up = past.filter((r) => r.status !== 'down').length;
  store.applyResult(result, { uptime24h: (100 * up) / past.length });
}
for (const seed of seeds) record(seed, Date.now());

const timer = setInterval(() => {
  const now = Date.now();
  for (const seed of seeds) if (!paused.has(seed.name) && (seed.name === 'api-health' || random() < 0.5)) record(seed, now);
}, everyMs);

const actions = {
  async runNow(name) {
    record(seeds.find((s) => s.name === name), Date.now());
  },
  async togglePause(name) {
    if (paused.has(name)) paused.delete(name);
    else paused.add(name);
    return paused.has(name);
  },
  async silence() {},
  async toggleShare() {
    sharing = !sharing;
    return sharing ? 'http://127.0.0.1:4848/d/pR3v13w-t0k3n-0nly-f0r-l00ks' : undefined;
  },
  async loadDetail(name) {
    const past = history.get(name) ?? [];
    const latest = past[0];
    const failed = past.find((r) => r.status !== 'up');
    const m = latest?.metrics ?? {};
    return {
      name,
      type: latest?.type ?? 'uptime',
      target: `http://127.0.0.1:8080/${name}`,
      recent: past.map((r) => ({ ts: r.startedAt, status: r.status, latencyMs: r.latencyMs ?? null, message: r.message })),
      phases: m.total_ms ? { dns: m.dns_ms, connect: m.connect_ms, tls: m.tls_ms, ttfb: m.ttfb_ms, transfer: m.transfer_ms, total: m.total_ms } : null,
      lastError: failed ? { at: failed.startedAt, message: failed.message } : null,
      assertions: latest?.assertions ?? [{ name: 'status', status: latest?.status ?? 'unknown', message: latest?.message ?? '' }],
      alert: { incident: latest?.status === 'down' ? { phase: 'down', since: failed.startedAt, number: 1 } : null, silence: null, maintenance: null },
      lighthouse: latest?.type === 'lighthouse' ? { scores: { performance: m.performance_score, accessibility: m.accessibility_score, seo: m.seo_score }, vitals: { lcp_ms: m.lcp_ms, cls: m.cls, tbt_ms: m.tbt_ms } } : null,
    };
  },
  async loadActivity() {
    const to = Date.now();
    return {
      from: to - 86_400_000,
      to,
      sites: [{ name: 'blog', visitors: 1234, pageViews: 5678, topPages: [{ path: '/', views: 3000 }, { path: '/posts/terminal-uis', views: 900 }, { path: '/about', views: 120 }] }],
      agents: [{ name: 'laptops', activeMs: 6.5 * 3_600_000, topApps: [{ app: 'code', activeMs: 3 * 3_600_000 }, { app: 'firefox', activeMs: 2 * 3_600_000 }, { app: 'tmux', activeMs: 3_600_000 }] }],
    };
  },
  quit() {
    clearInterval(timer);
  },
};

const screen = renderWatch(store, actions);
try {
  await screen.waitUntilExit();
} finally {
  clearInterval(timer);
  store.close();
}
