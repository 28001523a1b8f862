/**
 * The whole path with real parts: Debian's nginx on 127.0.0.1 serves requests from several
 * 127.x.y.z source addresses with varied User-Agents and DNT headers; the built `trackz` binary
 * imports nginx's own access logs (combined, and combined + $http_dnt read with a custom format),
 * reports them, refreshes them through `trackz check`, and follows a rotation (rename + `nginx -s
 * reopen`). The database is then scanned for the clients' addresses.
 */
import Database from 'better-sqlite3';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltFor } from '../helpers/built.js';
import { trackz } from '../helpers/cli.js';
import { startNginx, type Nginx } from '../helpers/nginx.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-nginx-e2e-');
let nginx: Nginx | undefined;
afterAll(() => nginx?.stop());

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36';
const SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const CLIENTS = [
  { from: '127.0.0.2', userAgent: FIREFOX },
  { from: '127.0.0.3', userAgent: CHROME },
  { from: '127.0.1.4', userAgent: SAFARI },
  { from: '127.0.1.5', userAgent: FIREFOX, dnt: true },
  { from: '127.1.2.6', userAgent: GOOGLEBOT },
];
const PATHS = ['/', '/about', '/blog/post?utm_source=x&email=me@example.com', '/app.css', '/missing'];

const countLines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
/** Lines of access-dnt.log read by every import of site `web` so far: each line must be read exactly once. */
let readSoFar = 0;

beforeAll(async () => {
  ensureBuiltFor(['src', 'plugins']);
  const server = await startNginx();
  nginx = server;
  for (const client of CLIENTS) for (const path of PATHS) await server.get(path, { ...client, referrer: path === '/' ? 'https://www.duckduckgo.com/?q=trackz' : undefined });
  // Opt-out, a request while opted out, then opt-in.
  await server.get('/?trackz-opt-out', { from: '127.0.0.3', userAgent: CHROME });
  await server.get('/secret-while-out', { from: '127.0.0.3', userAgent: CHROME });
  await server.get('/welcome-back?trackz-opt-in', { from: '127.0.0.3', userAgent: CHROME });
  // nginx logs a request after answering it: wait (bounded) until the last one is in both logs, so the
  // tests count what the import will read (the requests come one after another, so all are in).
  for (let i = 0; i < 100 && ![server.dntLog, server.combinedLog].every((log) => readFileSync(log, 'utf8').includes('/welcome-back')); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  ws.write(
    'trackz.config.yaml',
    `sites:
  - name: web
    domain: 127.0.0.1
    logs: { path: ${server.dntLog}, format: '${server.dntFormat}' }
  - name: plain-combined
    logs: { path: ${server.combinedLog}, format: combined }
monitors:
  - name: nginx
    type: uptime
    url: http://127.0.0.1:${server.port}/
`,
  );
});

describe('nginx access logs, imported by the trackz binary', () => {
  const server = () => nginx!;
  it('imports every line once, honouring DNT and the opt-out, flagging the bot', async () => {
    const lines = countLines(server().dntLog);
    const run = await trackz(['import', 'web', '--json'], { cwd: ws.dir });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const stats = JSON.parse(run.stdout);
    expect(stats).toMatchObject({ kind: 'site', name: 'web', lines, malformed: 0, complete: true });
    // DNT client: all 5 requests; opt-out request and the one while opted out.
    expect(stats.skipped).toEqual({ dnt: 5, 'opt-out': 1, 'opted-out': 1 });
    expect(stats.bots).toBeGreaterThanOrEqual(5);
    expect(stats.imported).toBe(lines - 7);
    readSoFar += stats.lines;
    const again = await trackz(['import', 'web', '--json'], { cwd: ws.dir });
    expect(JSON.parse(again.stdout)).toMatchObject({ lines: 0, imported: 0 });
  });

  it('reports visitors, pages, referrers, status codes and browsers', async () => {
    const run = await trackz(['activity', '--site', 'web', '--json'], { cwd: ws.dir });
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout);
    // Three tracked people (Firefox, Chrome, Safari); the DNT one and the bot are not visitors.
    expect(report.visitors).toBe(3);
    expect(report.sessions).toBe(3);
    expect(report.topPages.map((p: { path: string }) => p.path)).toEqual(expect.arrayContaining(['/', '/about', '/blog/post', '/welcome-back']));
    expect(report.topPages.map((p: { path: string }) => p.path)).not.toContain('/app.css');
    expect(report.referrers).toEqual([{ host: 'duckduckgo.com', views: 3 }]);
    expect(report.statusCodes).toEqual(expect.arrayContaining([{ status: 404, requests: expect.any(Number) }, { status: 200, requests: expect.any(Number) }]));
    expect(report.browsers.map((b: { browser: string }) => b.browser).sort()).toEqual(['Chrome', 'Firefox', 'Mobile Safari']);
    const text = await trackz(['activity', '--site', 'web'], { cwd: ws.dir });
    expect(text.stdout).toMatch(/site web/);
    expect(text.stdout).toMatch(/VISITORS/);
  });

  it('stores none of the clients’ addresses', () => {
    const db = new Database(ws.path('.trackz/trackz.db'), { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    for (const table of tables) {
      for (const row of db.prepare(`SELECT * FROM ${table}`).iterate() as Iterable<Record<string, unknown>>) {
        const text = Object.values(row).map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v))).join('\u0000');
        for (const client of CLIENTS) expect(text, `${table} holds ${client.from}`).not.toContain(client.from);
      }
    }
    // Query strings (an email here) are not kept either.
    expect(db.prepare("SELECT COUNT(*) FROM site_page_views WHERE path LIKE '%@%' OR path LIKE '%?%'").pluck().get()).toBe(0);
    db.close();
  });

  it('refreshes through trackz check like any monitor, with import metrics', async () => {
    await server().get('/after-check', { from: '127.0.0.2', userAgent: FIREFOX });
    const run = await trackz(['check', '--reporter', 'json'], { cwd: ws.dir });
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout);
    const byName = Object.fromEntries(report.results.map((r: { monitor: string }) => [r.monitor, r]));
    expect(Object.keys(byName).sort()).toEqual(['nginx', 'site:plain-combined', 'site:web']);
    // The line of the request above, and maybe the uptime check's own request, if nginx logged it before the import read.
    expect(byName['site:web']).toMatchObject({ type: 'activity', status: 'up', metrics: { imported: expect.any(Number), malformed: 0, lag_s: expect.any(Number), lines_per_s: expect.any(Number) } });
    expect(byName['site:web'].metrics.lines).toBeGreaterThanOrEqual(1);
    readSoFar += byName['site:web'].metrics.lines;
    expect(byName['site:plain-combined'].metrics.lines).toBe(countLines(server().combinedLog));
  });

  it('follows a rotation: the renamed file is finished, the reopened one started, nothing twice', async () => {
    await server().get('/before-rotate', { from: '127.0.0.2', userAgent: FIREFOX });
    renameSync(server().dntLog, `${server().dntLog}.1`);
    // nginx keeps writing the renamed file until it reopens its logs.
    await server().get('/between', { from: '127.0.0.2', userAgent: FIREFOX });
    await server().reopen();
    // The worker reopens its logs shortly after the signal; until then requests still go to the old file.
    for (let i = 0; i < 100 && (!existsSync(server().dntLog) || countLines(server().dntLog) === 0); i++) {
      await server().get('/after-rotate', { from: '127.0.0.3', userAgent: CHROME });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(countLines(server().dntLog)).toBeGreaterThan(0);
    const run = await trackz(['import', 'web', '--json'], { cwd: ws.dir });
    const stats = JSON.parse(run.stdout);
    expect(stats.files.map((f: { path: string; action: string }) => [f.path.split('/').pop(), f.action]).sort()).toEqual([
      ['access-dnt.log', 'start'],
      ['access-dnt.log.1', 'resume'],
    ]);
    readSoFar += stats.lines;
    expect(readSoFar).toBe(countLines(`${server().dntLog}.1`) + countLines(server().dntLog));
    expect(JSON.parse((await trackz(['import', 'web', '--json'], { cwd: ws.dir })).stdout).lines).toBe(0);
    const db = new Database(ws.path('.trackz/trackz.db'), { readonly: true });
    const site = db.prepare("SELECT id FROM activity_sources WHERE name = 'web'").pluck().get();
    for (const path of ['/before-rotate', '/between']) expect(db.prepare('SELECT COUNT(*) FROM site_page_views WHERE site_id = ? AND path = ?').pluck().get(site, path)).toBe(1);
    db.close();
  });
});
