/**
 * The storage layer, PostgreSQL against SQLite in the same run, on the same data: (1) 1,000 check
 * results saved the way `check` saves them (batches of up to 500), and (2) a million access-log
 * requests with their sessions written the way a site import writes them (batches of 5,000 rows, a
 * cursor moved with each). PostgreSQL is a real server started here (initdb, the server's durable
 * defaults) on loopback; trackz commits bulk data without waiting for the WAL flush, the durability
 * SQLite's WAL with synchronous=NORMAL gives.
 *
 * Until the commands open storage through src/storage/open.ts, this measures the adapters directly
 * (the PostgreSQL adapter against the SQLite store and site writer the commands use today), and the
 * writes alone: in a real import they overlap with parsing and deciding in the worker thread.
 */
import { build } from 'esbuild';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const name = 'storage-postgres';
export const description = 'storage layer: 1,000 results and 1M access-log rows into PostgreSQL vs SQLite';

const RESULTS = 1_000;
const RESULT_ROUNDS = 7;
const ROWS = 1_000_000;
const BATCH = 5_000;
const T0 = Date.UTC(2026, 0, 5);

async function bundle(root, out) {
  await build({
    entryPoints: {
      pg: join(root, 'src/storage/postgres/open.ts'),
      server: join(root, 'test/helpers/postgres-server.ts'),
      store: join(root, 'src/store/sqlite/sqlite-store.ts'),
      writer: join(root, 'src/activity/sites/site-writer.ts'),
      cursor: join(root, 'src/activity/input/cursor-store.ts'),
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.18',
    outdir: out,
    splitting: true,
    external: ['better-sqlite3', 'pg-native'],
    banner: { js: "import { createRequire as __req } from 'node:module'; const require = __req(import.meta.url);" },
    logLevel: 'warning',
  });
  const load = (file) => import(pathToFileURL(join(out, `${file}.js`)).href);
  return { pg: await load('pg'), server: await load('server'), store: await load('store'), writer: await load('writer'), cursor: await load('cursor') };
}

function records(round) {
  return Array.from({ length: RESULTS }, (_, i) => ({
    monitor: `monitor-${String(i).padStart(4, '0')}`,
    type: 'uptime',
    tags: [],
    startedAt: T0 + round * 60_000 + i,
    durationMs: 12 + (i % 7),
    attempts: 1,
    status: i % 50 === 0 ? 'down' : 'up',
    latencyMs: 10 + (i % 90),
    message: i % 50 === 0 ? 'HTTP 503 Service Unavailable' : 'HTTP 200 in 12 ms',
    metrics: { dns_ms: 0.4, connect_ms: 0.2, ttfb_ms: 8.1, total_ms: 10 + (i % 90) },
    details: i % 50 === 0 ? { status: 503, headers: { server: 'nginx' } } : undefined,
  }));
}

const PATHS = ['/', '/blog', '/blog/postgres-vs-sqlite', '/about', '/static/app.css', '/static/app.js', '/img/logo.png', '/feed.xml', '/contact', '/search'];
const BROWSERS = ['Firefox', 'Chrome', 'Safari', 'Edge', ''];
const SYSTEMS = ['Linux', 'Windows', 'macOS', 'iOS', 'Android'];

/** Batches shaped like a site import's: requests in columns, sessions started and continued, a few bots. */
function siteBatches() {
  const batches = [];
  let sessionKey = 0;
  const open = [];
  for (let b = 0; b < ROWS / BATCH; b++) {
    const numbers = new Float64Array(BATCH * 7);
    const texts = { path: [], referrer: [], browser: [], os: [], country: [], ip: [] };
    const touched = new Map();
    for (let r = 0; r < BATCH; r++) {
      const ts = T0 + (b * BATCH + r) * 170;
      const bot = r % 23 === 0;
      let session = -1;
      let visitor = NaN;
      if (!bot) {
        if (open.length < 300 || r % 6 === 0) open.push({ key: ++sessionKey, visitor: (sessionKey * 2_654_435_761) % 9_007_199_254_740_000, started: ts, requests: 0, views: 0, stored: false });
        const s = open[(r * 7) % open.length];
        s.requests++;
        const path = PATHS[(r + b) % PATHS.length];
        const view = path.startsWith('/static') || path.startsWith('/img') ? 0 : 1;
        s.views += view;
        s.ended = ts;
        touched.set(s.key, s);
        session = s.key;
        visitor = s.visitor;
        numbers.set([ts, visitor, session, view, 200, 2000 + r, 0], r * 7);
      } else numbers.set([ts, NaN, -1, 1, 200, 512, 1], r * 7);
      texts.path.push(PATHS[(r + b) % PATHS.length]);
      texts.referrer.push(r % 5 === 0 ? 'news.example.com' : '');
      texts.browser.push(BROWSERS[r % BROWSERS.length]);
      texts.os.push(SYSTEMS[r % SYSTEMS.length]);
      texts.country.push(r % 4 === 0 ? 'NL' : '');
      texts.ip.push('');
    }
    const sessions = new Float64Array(touched.size * 7);
    [...touched.values()].forEach((s, i) => sessions.set([s.key, -1, s.visitor, s.started, s.ended, s.requests, s.views], i * 7));
    const evicted = open.splice(0, Math.max(0, open.length - 300)).map((s) => s.key);
    batches.push({
      task: 0,
      count: BATCH,
      numbers,
      texts: Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, v.join('\n')])),
      sessionCount: touched.size,
      sessions,
      sessionEntries: [...touched.values()].map(() => '/').join('\n'),
      evicted,
      optOuts: [],
    });
  }
  return batches;
}

const cursorAt = (offset, line) => ({ fingerprint: 'bench', fpLen: 1024, path: '/var/log/nginx/access.log', dev: 1, ino: 2, size: offset, mtimeMs: T0, gzip: false, offset, line, lastTs: T0 + line, done: false });

export async function run({ root, tmp, log }) {
  // Inside the checkout, so the bundle finds node_modules (better-sqlite3 stays external).
  const m = await bundle(root, join(root, '.bench', 'storage-bundle'));
  const pgDir = join(tmp, 'pg');
  mkdirSync(pgDir);
  // The server runs as the postgres user when we are root: it must reach its directory.
  chmodSync(tmp, 0o755);
  const server = await m.server.startPostgresServer(pgDir, { durable: true });
  try {
    const url = server.url();
    const rows = [];

    // — 1,000 results —
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const timeResults = async (save) => {
      const times = [];
      for (let round = 0; round < RESULT_ROUNDS; round++) {
        const batch = records(round);
        const t = performance.now();
        await save(batch.slice(0, 500));
        await save(batch.slice(500));
        times.push(performance.now() - t);
      }
      return RESULTS / (median(times.slice(1)) / 1000);
    };
    const sqlite = new m.store.SqliteStore(join(tmp, 'results.db'));
    const sqliteRate = await timeResults(async (batch) => sqlite.saveResults(batch));
    sqlite.close();
    log(`results  sqlite        ${sqliteRate.toFixed(0)}/s`);
    {
      const storage = await m.pg.openPostgresStorage({ target: { backend: 'postgres', url }, workspace: 'results' });
      const rate = await timeResults((batch) => storage.results.saveResults(batch));
      await storage.close();
      log(`results  postgres      ${rate.toFixed(0)}/s`);
      rows.push({ metric: '1,000 results saved, postgres', value: rate, unit: 'results/s', peer: { name: 'sqlite', value: sqliteRate }, ratio: rate / sqliteRate, aim: 'writes alone; ≥ 0.8× is the aim for check end to end' });
    }

    // — a million access-log requests —
    const batches = siteBatches();
    log(`generated ${ROWS.toLocaleString('en-US')} requests in ${batches.length} batches`);
    const db = new m.store.SqliteStore(join(tmp, 'site.db')).db;
    db.prepare("INSERT INTO activity_sources (kind, name, created_at) VALUES ('site', 'bench', 0)").run();
    const writer = new m.writer.SiteWriter(db, 1);
    const held = { id: undefined, expectedOffset: 0 };
    let t = performance.now();
    batches.forEach((batch, i) => {
      db.transaction(() => {
        writer.apply(batch);
        m.cursor.advanceCursor(db, 1, held, cursorAt((i + 1) * 1_000_000, (i + 1) * BATCH), T0);
      }).immediate();
    });
    const sqliteRows = ROWS / ((performance.now() - t) / 1000);
    db.close();
    log(`requests sqlite        ${sqliteRows.toFixed(0)}/s`);
    {
      const storage = await m.pg.openPostgresStorage({ target: { backend: 'postgres', url }, workspace: 'site' });
      const siteId = await storage.activity.sourceId('site', 'bench', T0);
      const pgWriter = storage.activity.siteWriter(siteId);
      const pgHeld = { id: undefined, expectedOffset: 0 };
      t = performance.now();
      for (const [i, batch] of batches.entries()) await pgWriter.write(batch, { held: pgHeld, to: cursorAt((i + 1) * 1_000_000, (i + 1) * BATCH) }, T0);
      const rate = ROWS / ((performance.now() - t) / 1000);
      const stored = (await storage.info()).rows.site_page_views;
      await storage.close();
      if (stored !== ROWS) throw new Error(`postgres stored ${stored} requests, expected ${ROWS}`);
      log(`requests postgres      ${rate.toFixed(0)}/s`);
      rows.push({ metric: '1M requests written, postgres', value: rate, unit: 'rows/s', peer: { name: 'sqlite', value: sqliteRows }, ratio: rate / sqliteRows, aim: 'writes alone; ≥ 0.5× is the aim for the import end to end' });
    }
    return rows;
  } finally {
    server.stop('fast');
  }
}
