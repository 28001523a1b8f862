#!/usr/bin/env node
/**
 * The `trackz watch` screen on a made-up workspace, to look at by hand (no config, no network, no
 * database): `node scripts/tui-preview.mjs [--monitors 1000] [--every 1000]` after `npm run build`.
 * Results arrive every second; `api-health` goes down and comes back every 20 s. Keys work as in
 * watch: r, p, m and s answer at once, Enter shows a detail built from the results seen so far.
 *
 *   tmux new-session -d -s tui -x 80 -y 24 'node scripts/tui-preview.mjs'; tmux capture-pane -p -t tui
 *
 * `--measure` draws into an off-screen 80×24 terminal instead and times a model update in which every
 * monitor has a new result: the store taking the results, then from the store publishing to the new
 * frame written (React's render, Ink's layout and output: what the person at the terminal waits for).
 */
import { existsSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';

const entry = new URL('../dist/src/tui/index.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('dist/src/tui/index.js is missing: run `npm run build` first.');
  process.exit(2);
}
const { values } = parseArgs({ options: { monitors: { type: 'string', default: '40' }, every: { type: 'string', default: '1000' }, measure: { type: 'boolean', default: false }, rounds: { type: 'string', default: '60' } } });
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

if (values.measure) {
  clearInterval(timer);
  await measure();
  process.exit(0);
}

/** An 80×24 terminal nobody sees: a TTY to Ink, noting when each frame is written. */
function offscreen() {
  const writes = { count: 0, bytes: 0, last: 0 };
  const stdout = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        writes.count++;
        writes.bytes += chunk.length;
        writes.last = performance.now();
        done();
      },
    }),
    { isTTY: true, columns: 80, rows: 24 },
  );
  const stdin = Object.assign(new Readable({ read() {} }), { isTTY: true, isRaw: false, setRawMode(mode) { this.isRaw = mode; return this; }, ref() { return this; }, unref() { return this; } });
  return { stdout, stdin, writes };
}

async function measure() {
  const { stdout, stdin, writes } = offscreen();
  const screen = renderWatch(store, actions, { stdin, stdout, stderr: stdout, color: true });
  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const apply = [];
  const redraw = [];
  const rounds = Number(values.rounds);
  await wait(200);
  for (let round = 0; round < rounds + 5; round++) {
    const now = Date.now() + round * 1000;
    const results = seeds.map((seed) => resultFor(seed, now));
    let started = performance.now();
    for (const result of results) store.applyResult(result, { uptime24h: 99.9 });
    const applied = performance.now() - started;
    const before = writes.count;
    started = performance.now();
    store.flush();
    while (writes.count === before) await new Promise((resolve) => setImmediate(resolve));
    const drawn = writes.last - started;
    // The first rounds warm V8 up and are not counted; the pause keeps clear of Ink's 30 fps limit.
    if (round >= 5) {
      apply.push(applied);
      redraw.push(drawn);
    }
    await wait(60);
  }
  screen.unmount();
  await screen.waitUntilExit();
  const at = (list, q) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(q * list.length))].toFixed(1);
  console.log(`${seeds.length} monitors, ${rounds} updates with a new result for every monitor, 80×24:`);
  console.log(`  store takes ${seeds.length} results   median ${at(apply, 0.5)} ms  p95 ${at(apply, 0.95)} ms`);
  console.log(`  publish to frame written  median ${at(redraw, 0.5)} ms  p95 ${at(redraw, 0.95)} ms`);
  console.log(`  ${(writes.bytes / writes.count / 1024).toFixed(1)} KiB per frame`);
}

const screen = renderWatch(store, actions);
try {
  await screen.waitUntilExit();
} finally {
  clearInterval(timer);
  store.close();
}
