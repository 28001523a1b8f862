/**
 * PostgreSQL against SQLite in the same run, end to end through the real binary: (1) `trackz check`
 * of 1,000 uptime monitors (a local nginx) storing its results, (2) `trackz import` of a
 * million-line access log, and (3) `trackz storage migrate` of a SQLite file holding a million
 * results and that import into PostgreSQL, whose `history` and `activity --json` must then answer as
 * the SQLite file did. PostgreSQL is a real server started here (initdb, the server's durable
 * defaults) on loopback; each part uses a workspace (schema) of its own in one database.
 */
import { build } from 'esbuild';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, startNginxTarget, timed } from '../lib/peers.mjs';
import { writeAccessLog } from '../../test/fixtures/activity/generate-access-log.mjs';

export const name = 'storage-postgres';
export const description = 'end to end: check of 1,000 monitors and a 1M-line import into PostgreSQL vs SQLite; migrating 1M results + 1M requests';

const MONITORS = 1_000;
const CONCURRENCY = 64;
const CHECK_ROUNDS = 3;
const LINES = 1_000_000;
const RESULTS = 1_000_000;
const DAY = 86_400_000;

/** The PostgreSQL test server and the SQLite adapter, bundled from the sources (not part of dist/). */
async function bundle(root, out) {
  await build({
    entryPoints: { server: join(root, 'test/helpers/postgres-server.ts'), sqlite: join(root, 'src/storage/sqlite/sqlite-storage.ts') },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.18',
    outdir: out,
    splitting: true,
    external: ['better-sqlite3', 'pg-native', 'pg'],
    banner: { js: "import { createRequire as __req } from 'node:module'; const require = __req(import.meta.url);" },
    logLevel: 'warning',
  });
  const load = (file) => import(pathToFileURL(join(out, `${file}.js`)).href);
  return { server: await load('server'), sqlite: await load('sqlite') };
}

/** A folder with a config; `storage` is the YAML of the storage block. */
function configDir(tmp, dir, workspace, storage, body) {
  const path = join(tmp, dir);
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'trackz.config.yaml'), `workspace: ${workspace}\nstorage: ${storage}\n${body}`);
  return path;
}

export async function run({ root, tmp, log }) {
  const bin = join(root, 'bin/run.js');
  const m = await bundle(root, join(root, '.bench', 'storage-bundle'));
  const pgDir = join(tmp, 'pg');
  mkdirSync(pgDir);
  // The server runs as the postgres user when we are root: it must reach its directory.
  chmodSync(tmp, 0o755);
  const server = await m.server.startPostgresServer(pgDir, { durable: true });
  const target = await startNginxTarget(tmp);
  const cli = async (cwd, args, { exitCodes = [0] } = {}) => {
    const result = await timed(process.execPath, [bin, ...args], { cwd, stdout: 'pipe', env: { NO_COLOR: '1' } });
    if (!exitCodes.includes(result.code)) throw new Error(`trackz ${args.join(' ')} (in ${cwd}) exited ${result.code}: ${result.stderr.slice(-2000)}`);
    return result;
  };
  try {
    const url = server.url();
    const rows = [];

    // — 1,000 monitors checked, results stored —
    const monitors = `monitors:\n${Array.from({ length: MONITORS }, (_, i) => `  - { name: m${i}, type: uptime, url: "http://127.0.0.1:${target.port}/m/${i}" }`).join('\n')}\n`;
    const checkSqlite = configDir(tmp, 'check-sqlite', 'check', '{ path: check.db }', `defaults: { timeout: 5s }\n${monitors}`);
    const checkPg = configDir(tmp, 'check-pg', 'check', `{ url: "${url}" }`, `defaults: { timeout: 5s }\n${monitors}`);
    const check = async (cwd) => {
      const result = await cli(cwd, ['check', '--concurrency', String(CONCURRENCY), '--reporter', 'json'], { exitCodes: [0, 1] });
      const report = JSON.parse(result.stdout);
      const failed = report.results.find((r) => r.status !== 'up');
      if (failed) throw new Error(`trackz check (in ${cwd}): ${report.summary.up}/${MONITORS} up; ${failed.monitor}: ${failed.message}`);
      return result;
    };
    // The first run of each creates the file or schema: not measured.
    await check(checkSqlite);
    await check(checkPg);
    const sqliteChecks = [];
    const pgChecks = [];
    for (let i = 0; i < CHECK_ROUNDS; i++) {
      sqliteChecks.push((await check(checkSqlite)).seconds);
      pgChecks.push((await check(checkPg)).seconds);
    }
    const sqliteCheckRate = MONITORS / median(sqliteChecks);
    const pgCheckRate = MONITORS / median(pgChecks);
    log(`check    sqlite ${sqliteCheckRate.toFixed(0)}/s, postgres ${pgCheckRate.toFixed(0)}/s`);
    rows.push({ metric: 'trackz check, 1,000 monitors, stored into postgres', value: pgCheckRate, unit: 'checks/s', peer: { name: 'sqlite', value: sqliteCheckRate }, ratio: pgCheckRate / sqliteCheckRate, aim: '≥ 0.8×', ok: pgCheckRate / sqliteCheckRate >= 0.8 });

    // — a million-line access log imported —
    const now = Date.now();
    const logFile = join(tmp, 'access.log');
    await writeAccessLog(logFile, { lines: LINES, seed: 42, startMs: now - 20 * DAY, endMs: now - 2 * DAY });
    const site = `sites:\n  - name: blog\n    logs: { path: ${logFile} }\n`;
    const importSqlite = configDir(tmp, 'import-sqlite', 'shop', '{ path: trackz.db }', `monitors:\n  - { name: home, type: uptime, url: "http://127.0.0.1:${target.port}/" }\n${site}`);
    const importPg = configDir(tmp, 'import-pg', 'import', `{ url: "${url}" }`, site);
    const sqliteImport = await cli(importSqlite, ['import', 'blog']);
    const pgImport = await cli(importPg, ['import', 'blog']);
    const sqliteLines = LINES / sqliteImport.seconds;
    const pgLines = LINES / pgImport.seconds;
    log(`import   sqlite ${sqliteLines.toFixed(0)} lines/s, postgres ${pgLines.toFixed(0)} lines/s`);
    rows.push({ metric: 'trackz import, 1M-line access log, into postgres', value: pgLines, unit: 'lines/s', peer: { name: 'sqlite', value: sqliteLines }, ratio: pgLines / sqliteLines, aim: '≥ 0.5×', ok: pgLines / sqliteLines >= 0.5 });

    // — a million results beside that import, migrated —
    const storage = new m.sqlite.SqliteStorage({ target: { backend: 'sqlite', path: join(importSqlite, 'trackz.db') }, workspace: 'shop' });
    // One a second, older than a week and inside 30 days: the windows of `history` move with the clock, the data stays inside or outside them.
    const start = now - 28 * DAY;
    for (let i = 0; i < RESULTS; i += 5_000) {
      const batch = Array.from({ length: 5_000 }, (_, j) => {
        const n = i + j;
        const status = n % 211 === 0 ? 'down' : 'up';
        return { monitor: n % 4 === 0 ? 'home' : `api-${n % 40}`, type: 'uptime', tags: [], startedAt: start + n * 1_000, durationMs: 12, attempts: 1, status, latencyMs: 5 + (n % 400), message: status === 'up' ? 'HTTP 200' : 'HTTP 503', metrics: { total_ms: 5 + (n % 400) } };
      });
      await storage.results.saveResults(batch);
    }
    const sourceRows = Object.values((await storage.info()).rows).reduce((sum, n) => sum + n, 0);
    await storage.close();
    const migrated = await cli(importSqlite, ['storage', 'migrate', '--to', url, '--json']);
    const outcome = JSON.parse(migrated.stdout);
    if (!outcome.verified) throw new Error(`the migration was not verified: ${migrated.stdout}`);
    const copied = outcome.tables.reduce((sum, t) => sum + t.target, 0);
    if (copied !== sourceRows) throw new Error(`copied ${copied} rows, the source holds ${sourceRows}`);
    const rate = copied / migrated.seconds;
    log(`migrate  ${copied.toLocaleString('en-US')} rows in ${migrated.seconds.toFixed(1)} s (${rate.toFixed(0)} rows/s)`);
    // The same questions, both places.
    const migratedPg = configDir(tmp, 'migrated-pg', 'shop', `{ url: "${url}" }`, `monitors:\n  - { name: home, type: uptime, url: "http://127.0.0.1:${target.port}/" }\n${site}`);
    const answers = async (cwd) => {
      const strip = (text) => JSON.stringify(JSON.parse(text, (key, value) => (key === 'from' || key === 'to' ? undefined : value)));
      const history = await cli(cwd, ['history', 'home', '--since', '30d', '--limit', '100', '--json']);
      const activity = await cli(cwd, ['activity', '--since', '30d', '--json']);
      return { history: strip(history.stdout), activity: strip(activity.stdout), seconds: history.seconds + activity.seconds };
    };
    const before = await answers(importSqlite);
    const after = await answers(migratedPg);
    if (before.history !== after.history) throw new Error('`trackz history` answers differently after the migration');
    if (before.activity !== after.activity) throw new Error('`trackz activity --json` answers differently after the migration');
    log(`history + activity: the same on both (sqlite ${before.seconds.toFixed(1)} s, postgres ${after.seconds.toFixed(1)} s)`);
    rows.push({ metric: `storage migrate sqlite → postgres, ${(copied / 1e6).toFixed(1)}M rows (1M results + 1M-line import), verified`, value: rate, unit: 'rows/s', aim: 'history and activity answer the same', ok: true });
    return rows;
  } finally {
    target.stop();
    server.stop('fast');
  }
}
