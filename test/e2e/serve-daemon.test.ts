/**
 * `trackz serve` through the real binary: where it listens and its JSON-line log, /healthz and
 * /readyz, live SSE updates pushed from the scheduler's results, SIGHUP with a good and a broken file,
 * and SIGTERM in the middle of a busy cycle (every check that started has its row; exit 0).
 */
import Database from 'better-sqlite3';
import { get, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../config/build.js';
import { trackz } from '../helpers/cli.js';
import { startServe, type LogLine } from '../helpers/serve-process.js';
import { startSwitchTarget, type SwitchTarget } from '../helpers/switch-target.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-serve-daemon-');
let target: SwitchTarget;

beforeAll(async () => {
  await ensureBuilt();
  target = await startSwitchTarget();
});
afterAll(async () => {
  await target.close();
});

const monitor = (name: string, interval = '1s', timeout = '3s') => `  - { name: ${name}, type: uptime, url: "${target.url}${name}", interval: ${interval}, timeout: ${timeout} }\n`;
const config = (monitors: string, more = '') => `workspace: daemon\nstorage: { path: trackz.db }\nmonitors:\n${monitors}${more}`;
const resultsOf = (lines: LogLine[], name: string) => lines.filter((line) => line.fields?.monitor === name && /: (up|down|degraded|unknown)$/.test(line.msg));

describe('trackz serve', () => {
  it('says where it listens, logs JSON lines, answers /healthz and /readyz, and stops on SIGTERM with exit 0', { timeout: 90_000 }, async () => {
    ws.write('basic/trackz.config.yaml', config(monitor('home')));
    const serve = await startServe(ws.path('basic'));
    try {
      const listening = serve.lines.find((line) => line.msg.includes('listening on'))!;
      expect(listening.msg).toContain('this machine only');
      expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await serve.waitFor((line) => line.msg === 'home: up', 30_000, 'a result of home');
      expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${serve.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ ready: true });
      for (const line of serve.lines) {
        expect(Number.isNaN(Date.parse(line.time))).toBe(false);
        expect(['debug', 'info', 'warn', 'error']).toContain(line.level);
      }
      expect(serve.other).toEqual([]);
    } finally {
      expect(await serve.stop('SIGTERM')).toBe(0);
    }
    expect(serve.lines.at(-1)!.msg).toBe('stopped');
  });

  it('logs lines for people with --log-format text', { timeout: 60_000 }, async () => {
    ws.write('text/trackz.config.yaml', config(monitor('home')));
    const { spawn } = await import('node:child_process');
    const { BIN } = await import('../helpers/cli.js');
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--log-format', 'text'], { cwd: ws.path('text'), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => void (out += chunk));
    for (let i = 0; i < 300 && !out.includes('listening on'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(out).toMatch(/^\S+Z info  trackz serve listening on http:\/\/127\.0\.0\.1:\d+ /m);
    expect(out).not.toContain('{"time"');
  });

  it('pushes a result to an open dashboard stream without a reload', { timeout: 90_000 }, async () => {
    target.set('up');
    ws.write('sse/trackz.config.yaml', config(monitor('shop'), 'dashboards:\n  - { name: status, title: Status, monitors: [shop] }\n'));
    const shared = await trackz(['dashboard', 'share', 'status'], { cwd: ws.path('sse') });
    expect(shared.exitCode, shared.stderr).toBe(0);
    const token = shared.stdout.trim().split('/d/')[1]!;
    const serve = await startServe(ws.path('sse'));
    try {
      await serve.waitFor((line) => line.msg === 'shop: up', 30_000, 'shop up');
      const events: string[] = [];
      const response = await new Promise<IncomingMessage>((resolve, reject) => get(`${serve.url}/d/${token}/events`, resolve).on('error', reject));
      expect(response.statusCode).toBe(200);
      response.setEncoding('utf8').on('data', (chunk: string) => events.push(chunk));
      target.set('down');
      // One interval (1 s) plus the batch delay, with room for a loaded machine.
      for (let i = 0; i < 150 && !events.join('').includes('"status":"down"'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(events.join('')).toMatch(/event: update\ndata: .*"status":"down"/);
      response.destroy();
      // Requests share a gathered snapshot for a second, but a published result replaces it at once.
      const status = (await (await fetch(`${serve.url}/d/${token}/status.json`)).json()) as { monitors: { name: string; status: string }[] };
      expect(status.monitors.find((m) => m.name === 'shop')?.status).toBe('down');
      expect(await (await fetch(`${serve.url}/d/${token}/badge/shop.svg`)).text()).toContain('down');
    } finally {
      target.set('up');
      expect(await serve.stop('SIGTERM')).toBe(0);
    }
  });

  it('SIGHUP: a valid file adds a monitor and keeps the others on their schedule; a broken one is logged with file:line:column and it keeps serving', { timeout: 120_000 }, async () => {
    const file = ws.write('hup/trackz.config.yaml', config(monitor('steady', '2s')));
    const serve = await startServe(ws.path('hup'));
    try {
      await serve.waitFor(() => resultsOf(serve.lines, 'steady').length >= 2, 30_000, 'two results of steady');
      ws.write('hup/trackz.config.yaml', config(monitor('steady', '2s') + monitor('added')));
      serve.child.kill('SIGHUP');
      await serve.waitFor((line) => line.msg.startsWith('SIGHUP: config reloaded'), 30_000, 'the reload');
      await serve.waitFor((line) => line.msg === 'added: up', 30_000, 'a result of the added monitor');
      await serve.waitFor(() => resultsOf(serve.lines, 'steady').length >= 5, 30_000, 'more results of steady');
      // Unchanged: no extra run at the reload, the same 2 s spacing before and after it.
      const times = resultsOf(serve.lines, 'steady').map((line) => Date.parse(line.time));
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThan(1_000);

      ws.write('hup/trackz.config.yaml', `${config(monitor('steady', '2s'))}  - name: broken\n    typ: uptime\n`);
      const before = resultsOf(serve.lines, 'steady').length;
      serve.child.kill('SIGHUP');
      const problem = await serve.waitFor((line) => line.level === 'error' && line.msg.startsWith(`${file}:`), 30_000, 'the problem');
      expect(problem.msg).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:5:5: monitors\\[1\\]`));
      expect(problem.fields).toMatchObject({ file, line: 5, column: 5 });
      expect(serve.lines.some((line) => line.msg.includes('the running config stays'))).toBe(true);
      // Still serving, still checking both monitors of the running config.
      expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
      await serve.waitFor(() => resultsOf(serve.lines, 'steady').length > before + 1 && resultsOf(serve.lines, 'added').length > 3, 30_000, 'results after the broken reload');
    } finally {
      expect(await serve.stop('SIGTERM')).toBe(0);
    }
  });

  it('SIGTERM during a busy cycle: the checks in flight finish (here: are cut at their 20 s timeout) and every one is stored; exit 0', { timeout: 120_000 }, async () => {
    const names = Array.from({ length: 12 }, (_, i) => `busy${i}`);
    ws.write('busy/trackz.config.yaml', config(names.map((name) => monitor(name, '60s', '20s')).join('')));
    const requestsBefore = target.requests();
    target.hold();
    const serve = await startServe(ws.path('busy'));
    try {
      for (let i = 0; i < 300 && target.held() < names.length; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(target.held()).toBe(names.length);
    } finally {
      expect(await serve.stop('SIGTERM')).toBe(0);
      target.release();
    }
    const db = new Database(ws.path('busy/trackz.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT count(*) AS n FROM results').get() as { n: number };
      expect(target.requests() - requestsBefore).toBe(names.length);
      expect(rows.n).toBe(names.length);
      const run = db.prepare("SELECT total, finished_at FROM runs WHERE command = 'serve'").get() as { total: number; finished_at: number | null };
      expect(run.finished_at).not.toBeNull();
    } finally {
      db.close();
    }
    expect(serve.lines.filter((line) => line.fields?.monitor && line.msg.endsWith(': down')).length).toBe(names.length);
  });
});
