/**
 * `trackz storage info|migrate` through the built binary, against a real SQLite file and the real
 * PostgreSQL of the test run: a workspace with results, alerts, sealed secrets and both kinds of activity
 * goes to PostgreSQL and back, verified by counts and by `history`, `activity` and `secrets list`
 * answering the same; a target with data is refused; an interrupted copy (SIGINT, `kill -9`) continues;
 * mistakes give one line and the right exit code.
 */
import { execa } from 'execa';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialAlertState } from '../../src/alerts/alert-state.js';
import { loadSecretResolver } from '../../src/secrets/config-resolver.js';
import { openPostgresStorage } from '../../src/storage/postgres/open.js';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { ensureBuiltFor } from '../helpers/built.js';
import { BIN, trackz, type CliResult } from '../helpers/cli.js';
import { closedPort } from '../helpers/ports.js';
import { adminQuery, freshDatabase, sharedPostgres } from '../helpers/postgres.js';
import { startPostgresServer, type PostgresServer } from '../helpers/postgres-server.js';
import { useWorkspace } from '../helpers/workspace.js';
import { record } from './contract/factory.js';
// @ts-expect-error plain ESM fixture without types
import { writeAccessLog } from '../fixtures/activity/generate-access-log.mjs';
// @ts-expect-error plain ESM fixture without types
import { writeAwExport } from '../fixtures/activity/generate-aw-export.mjs';

const ws = useWorkspace('trackz-migrate-cli-');
const NOW = Date.now();
const RESULTS = 20_000;
const LINES = 20_000;
const SECRET = 'migrated-token-value-42';

const config = (storage: string) => `workspace: shop
storage: ${storage}
monitors:
  - { name: home, type: uptime, url: "http://127.0.0.1:9/" }
sites:
  - name: blog
    logs: { path: ../access.log }
agents:
  - name: laptops
    source: { type: activitywatch-export, path: ../export.json }
`;

const run = (args: string[], dir: string, extra: { input?: string; timeout?: number } = {}): Promise<CliResult> =>
  trackz(args, { cwd: ws.path(dir), timeout: extra.timeout ?? 120_000, ...(extra.input !== undefined ? { stdin: undefined, input: extra.input } : {}) });

/** The answers that must be the same wherever the data lives. */
async function answers(dir: string) {
  const history = await run(['history', 'home', '--since', '30d', '--limit', '50', '--json'], dir);
  const activity = await run(['activity', '--since', '30d', '--json'], dir);
  const secrets = await run(['secrets', 'list', '--json'], dir);
  for (const r of [history, activity, secrets]) expect(r.stderr).toBe('');
  // The window's own ends are the clock's, not the data's.
  const parse = (text: string) => JSON.parse(text, (key, value: unknown) => (key === 'from' || key === 'to' ? undefined : value)) as unknown;
  return { history: parse(history.stdout), activity: parse(activity.stdout), secrets: parse(secrets.stdout) };
}

const info = async (dir: string) => {
  const r = await run(['storage', 'info', '--json'], dir);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { backend: string; location: string; workspace: string; schemaVersion: number; rows: Record<string, number>; sizeBytes: number };
};

let pgUrl: string;
let sourceAnswers: Awaited<ReturnType<typeof answers>>;
let sourceRows: Record<string, number>;

beforeAll(async () => {
  ensureBuiltFor(['src', 'plugins']);
  pgUrl = await freshDatabase('migrate');
  await writeAccessLog(ws.path('access.log'), { lines: LINES, seed: 7, startMs: NOW - 5 * 86_400_000, endMs: NOW - 60_000, visitors: 2_000 });
  await writeAwExport(ws.path('export.json'), { hosts: ['laptop-1', 'laptop-2'], perHost: 200, startMs: NOW - 2 * 86_400_000 });
  ws.write('sqlite/trackz.config.yaml', config('{ path: trackz.db }'));
  expect((await run(['import', 'blog'], 'sqlite')).exitCode).toBe(0);
  expect((await run(['import', 'agent:laptops'], 'sqlite')).exitCode).toBe(0);
  expect((await run(['secrets', 'set', 'API_TOKEN'], 'sqlite', { input: `${SECRET}\n` })).exitCode).toBe(0);
  // Results straight through the port, in batches, as a year of `trackz check` would have left them.
  const storage = new SqliteStorage({ target: { backend: 'sqlite', path: ws.path('sqlite/trackz.db') }, workspace: 'shop' });
  try {
    // Older than a week: the 24h and 7d windows of `history`, which move with the clock, hold none of them.
    const start = NOW - 22 * 86_400_000;
    const runId = await storage.results.beginRun({ command: 'check', startedAt: start });
    for (let i = 0; i < RESULTS; i += 2_000) {
      const batch = Array.from({ length: 2_000 }, (_, j) => record(j % 2 ? 'home' : 'api', start + (i + j) * 60_000, (i + j) % 97 === 0 ? 'down' : 'up', { latencyMs: (i + j) % 300 }));
      await storage.results.saveResults(batch, runId);
    }
    await storage.results.finishRun(runId, { total: RESULTS, up: RESULTS, degraded: 0, down: 0, unknown: 0 }, NOW);
    await storage.results.saveResults([record('home', NOW - 8 * 86_400_000, 'up', { artifacts: { lighthouse: JSON.stringify({ score: 0.9 }) } })]);
    // Older than the results' retention: rolled up into hourly rows.
    await storage.results.saveResults(Array.from({ length: 300 }, (_, i) => record('old', NOW - 100 * 86_400_000 + i * 600_000)));
    expect(await storage.results.applyRetention(NOW, { resultsMs: 90 * 86_400_000, rollupsMs: 800 * 86_400_000 }, { force: true })).toMatchObject({ deletedResults: 300 });
    await storage.alerts.putState(initialAlertState('home', 'main'), NOW);
    await storage.alerts.addSilence('home', NOW, NOW + 3_600_000, 'deploy', 'test');
    const at = new Date(NOW).toISOString();
    const down = { id: `home/main/1.${NOW}/down`, kind: 'down', monitor: 'home', type: 'uptime', rule: 'main', incident: 1, status: 'down', message: 'HTTP 503', since: at, durationMs: 0, lastError: 'HTTP 503', workspace: 'shop', at } as const;
    expect(await storage.alerts.enqueue(down, 'oncall', NOW)).toBe(true);
  } finally {
    await storage.close();
  }
  sourceAnswers = await answers('sqlite');
  sourceRows = (await info('sqlite')).rows;
}, 300_000);

describe('trackz storage info', () => {
  it('shows backend, location, schema and rows per table; --json for scripts', async () => {
    const text = await run(['storage', 'info'], 'sqlite');
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/^backend\s+sqlite \(one file\)$/m);
    expect(text.stdout).toContain(ws.path('sqlite/trackz.db'));
    expect(text.stdout).toMatch(/^│ results\s+│ 20,001 │$/m);
    const json = await info('sqlite');
    expect(json).toMatchObject({ backend: 'sqlite', workspace: 'shop' });
    expect(json.rows.results).toBe(RESULTS + 1);
    expect(json.rows.secrets).toBe(1);
    // Every kind of row the copy must carry is there (opt-outs, keys, split-import salts and serve's
    // links, API keys, audit rows and incidents come with other configs and commands).
    const empty = Object.entries(json.rows).filter(([, n]) => n === 0).map(([name]) => name);
    expect(empty.sort()).toEqual(['account_events', 'activity_import_salts', 'activity_keys', 'api_audit', 'api_keys', 'dashboard_links', 'incidents', 'site_clicks', 'site_events', 'site_opt_outs', 'site_scrolls']);
  });

  it('says when nothing is stored yet: exit 2', async () => {
    ws.write('empty/trackz.config.yaml', config('{ path: trackz.db }'));
    const r = await run(['storage', 'info'], 'empty');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^trackz: nothing is stored yet [^\n]*$/);
  });
});

describe('SQLite → PostgreSQL → SQLite', () => {
  it('copies everything, verified by counts; history, activity and secrets answer the same on PostgreSQL', async () => {
    const r = await run(['storage', 'migrate', '--to', pgUrl, '--batch-size', '3000'], 'sqlite');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Migrated workspace "shop" from sqlite .* to postgres postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/trackz_migrate_\w+ in /);
    expect(r.stdout).toMatch(/^Verified: every table holds as many rows in the target as in the source \([\d,]+ rows in \d+ tables\)\.$/m);
    expect(r.stdout).not.toContain((await sharedPostgres()).password);
    expect(r.stdout).toContain(`Secrets: copied sealed; their key file was copied to ${ws.path('sqlite/.trackz/secret.key')} (mode 0600).`);
    // The same config, now with storage.url: the secret opens with the carried key.
    const resolve = await loadSecretResolver(ws.path('sqlite/trackz.config.yaml'), config(`{ url: "${pgUrl}" }`), {});
    expect(resolve('API_TOKEN')).toBe(SECRET);
    // The other commands run from a folder of their own; the key goes along, as it would with the config.
    ws.write('pg/trackz.config.yaml', config(`{ url: "${pgUrl}" }`));
    mkdirSync(ws.path('pg/.trackz'));
    copyFileSync(ws.path('sqlite/.trackz/secret.key'), ws.path('pg/.trackz/secret.key'));
    const pgInfo = await info('pg');
    expect(pgInfo.backend).toBe('postgres');
    expect(pgInfo.location).not.toContain((await sharedPostgres()).password);
    expect(pgInfo.rows).toEqual(sourceRows);
    expect(await answers('pg')).toEqual(sourceAnswers);
  });

  it('moved the sequences past the copied ids: new rows go in after them', async () => {
    const storage = await openPostgresStorage({ target: { backend: 'postgres', url: pgUrl }, workspace: 'shop' });
    try {
      await storage.results.saveResults([record('home', NOW, 'up'), record('brand-new', NOW, 'up')]);
      await storage.alerts.addSilence('api', NOW, NOW + 1, null, 'test');
      const runId = await storage.results.beginRun({ command: 'check', startedAt: NOW });
      // The copied outbox still knows what was queued: the same event is not queued again.
      const [queued] = await storage.alerts.outbox();
      expect(queued).toMatchObject({ monitor: 'home', channel: 'oncall', status: 'pending' });
      expect(runId).toBeGreaterThan(0);
    } finally {
      await storage.close();
    }
    expect((await info('pg')).rows.results).toBe(RESULTS + 3);
  });

  it('refuses to copy again into a finished migration, or into a workspace that holds data: exit 2', async () => {
    const again = await run(['storage', 'migrate', '--to', pgUrl], 'sqlite');
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/^trackz: .*already holds a finished migration of workspace "shop" from this source \(.*\): nothing to copy$/);
    // A workspace filled by trackz itself (no migration record): refused, named.
    const other = await freshDatabase('migrate_full');
    ws.write('full/trackz.config.yaml', config(`{ url: "${other}" }`));
    expect((await run(['secrets', 'set', 'X'], 'full', { input: 'y\n' })).exitCode).toBe(0);
    const full = await run(['storage', 'migrate', '--to', other], 'sqlite');
    expect(full.exitCode).toBe(2);
    expect(full.stderr).toMatch(/already holds data of workspace "shop" \(1 secrets\); trackz migrates only into an empty workspace$/);
    expect(full.stderr.split('\n')).toHaveLength(1);
  });

  it('goes back from PostgreSQL into a new SQLite file, just as complete', async () => {
    const r = await run(['storage', 'migrate', '--to', '../back/trackz.db'], 'pg');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Verified: /m);
    ws.write('back/trackz.config.yaml', config('{ path: trackz.db }'));
    const back = await info('back');
    expect(back.backend).toBe('sqlite');
    expect(back.rows).toEqual((await info('pg')).rows);
    // The secret still opens: same sealed row, same key (carried along as a file).
    expect(r.stdout).toContain(`their key file was copied to ${ws.path('back/trackz.db.key')}`);
    const resolve = await loadSecretResolver(ws.path('back/trackz.config.yaml'), config('{ path: trackz.db }'), {});
    expect(resolve('API_TOKEN')).toBe(SECRET);
  });
});

/** Waits until the target has some rows of `results`, bounded. */
async function untilCopying(url: string): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const rows = await adminQuery<{ copied: string }>(url, `SELECT copied FROM trackz_shop.storage_migration_tables WHERE table_name = 'results'`).catch(() => []);
      if (rows.length && Number(rows[0]!.copied) > 0) return;
      if (Date.now() > deadline) throw new Error('the migration did not start copying results within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
}

const startMigrate = (url: string, batch: number) =>
  execa(process.execPath, [BIN, 'storage', 'migrate', '--to', url, '--batch-size', String(batch)], { cwd: ws.path('sqlite'), reject: false, stdin: 'ignore', timeout: 120_000, env: { NO_COLOR: '1' } });

describe('interrupted and resumed', () => {
  for (const signal of ['SIGINT', 'SIGKILL'] as const) {
    it(`continues after ${signal} where it stopped, and ends verified`, async () => {
      const url = await freshDatabase(`migrate_${signal.toLowerCase()}`);
      const child = startMigrate(url, 200);
      await untilCopying(url);
      child.kill(signal);
      const stopped = await child;
      if (signal === 'SIGINT') {
        expect(stopped.exitCode).toBe(130);
        expect(stopped.stdout).toMatch(/^Interrupted the migration of workspace "shop"/);
        expect(stopped.stdout).toContain('Run the same command again to continue.');
      } else {
        expect(stopped.signal).toBe('SIGKILL');
      }
      const partial = await adminQuery<{ n: string }>(url, 'SELECT COUNT(*) AS n FROM trackz_shop.results');
      expect(Number(partial[0]!.n)).toBeLessThan(RESULTS);
      const resumed = await run(['storage', 'migrate', '--to', url], 'sqlite');
      expect(resumed.exitCode, resumed.stderr).toBe(0);
      expect(resumed.stdout).toContain('(continuing an interrupted migration)');
      expect(resumed.stdout).toMatch(/^Verified: /m);
      ws.write(`resumed-${signal}/trackz.config.yaml`, config(`{ url: "${url}" }`));
      expect((await info(`resumed-${signal}`)).rows).toEqual(sourceRows);
    });
  }
});

describe('a server that goes away mid-copy', () => {
  let dir: string | undefined;
  let own: PostgresServer | undefined;
  afterAll(() => {
    own?.stop('immediate');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('exit 1 with one line; once it is back, the same command continues and ends verified', async () => {
    dir = mkdtempSync(join(tmpdir(), 'trackz-migrate-gone-'));
    own = await startPostgresServer(dir, { durable: true });
    await adminQuery(own.url(), 'CREATE DATABASE trackz');
    const url = own.url('trackz');
    const child = startMigrate(url, 100);
    await untilCopying(url);
    own.stop('immediate');
    const gone = await child;
    expect(gone.exitCode).toBe(1);
    expect(gone.stderr.trimEnd().split('\n').filter((line) => !line.startsWith('  copied '))).toHaveLength(1);
    expect(gone.stderr).toMatch(/^trackz: .*PostgreSQL at 127\.0\.0\.1:\d+.*; every batch copied so far is kept: run the same command again to continue$/m);
    expect(gone.stderr).not.toMatch(/\n\s+at /);
    expect(gone.stderr).not.toContain(own.password);
    own.start();
    const resumed = await run(['storage', 'migrate', '--to', url], 'sqlite');
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('(continuing an interrupted migration)');
    expect(resumed.stdout).toMatch(/^Verified: /m);
  });
});

describe('mistakes: one line, no stack trace', () => {
  const oneLine = (r: CliResult) => {
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  };

  it('a URL that is not one, another scheme, an empty --to: exit 2', async () => {
    const bad = await run(['storage', 'migrate', '--to', 'postgres://app:pw-9@db.internal:99999/x'], 'sqlite');
    expect(bad.exitCode).toBe(2);
    oneLine(bad);
    expect(bad.stderr).not.toContain('pw-9');
    expect(bad.stderr).toContain('--to is not a PostgreSQL URL');
    const ftp = await run(['storage', 'migrate', '--to', 'ftp://host/x'], 'sqlite');
    expect(ftp.exitCode).toBe(2);
    expect(ftp.stderr).toBe('trackz: --to takes a postgres:// URL or a SQLite file path, not a ftp:// URL');
  });

  it('a refused connection (exit 1) and a wrong password (exit 2), the password never shown', async () => {
    const port = await closedPort();
    const refused = await run(['storage', 'migrate', '--to', `postgres://u:hidden-pw-1@127.0.0.1:${port}/db`], 'sqlite');
    expect(refused.exitCode).toBe(1);
    oneLine(refused);
    expect(refused.stderr).toContain(`cannot reach PostgreSQL at 127.0.0.1:${port}: connection refused`);
    const server = await sharedPostgres();
    const wrong = await run(['storage', 'migrate', '--to', `postgres://postgres:hidden-pw-2@127.0.0.1:${server.port}/postgres`], 'sqlite');
    expect(wrong.exitCode).toBe(2);
    oneLine(wrong);
    expect(wrong.stderr).toContain('refused the login of user "postgres"');
    expect(`${refused.stderr}${wrong.stderr}`).not.toMatch(/hidden-pw/);
  });

  it('the storage the config already uses is not a target: exit 2', async () => {
    const r = await run(['storage', 'migrate', '--to', 'trackz.db'], 'sqlite');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/the target is the storage the config already uses/);
  });
});

