/**
 * `trackz serve` behind a real reverse proxy: Debian's nginx on 127.0.0.1 proxies to the built binary
 * with `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`, and page views reach the beacon
 * through it. With `serve.trustedProxies: [127.0.0.1]` each browser-side address is its own visitor,
 * and a browser at another address cannot pose as someone else by writing the header itself; without
 * the key everyone is nginx, one visitor. Counts come from `trackz activity --json`; the stored file
 * is then scanned for the addresses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltFor } from '../helpers/built.js';
import { trackz } from '../helpers/cli.js';
import { startNginx, type Nginx } from '../helpers/nginx.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-behind-nginx-');
const running: { nginx?: Nginx; serve?: ServeProcess }[] = [];
afterAll(async () => {
  for (const { nginx, serve } of running) {
    await serve?.stop('SIGKILL');
    await nginx?.stop();
  }
});

const ORIGIN = 'https://blog.example';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

/** A page view posted to nginx's proxy port from `from`, with the X-Forwarded-For the browser side sent. */
function pageView(port: number, from: string, forwardedFor: string | undefined, path: string): Promise<number> {
  const body = JSON.stringify({ site: 'blog', events: [{ kind: 'pageview', url: path, referrer: '' }] });
  const headers: Record<string, string> = { 'Content-Type': 'text/plain', Origin: ORIGIN, 'User-Agent': FIREFOX, 'Content-Length': String(Buffer.byteLength(body)) };
  if (forwardedFor !== undefined) headers['X-Forwarded-For'] = forwardedFor;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/collect', method: 'POST', localAddress: from, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A workspace served by the binary behind its own nginx; three page views; then SIGTERM (which flushes). */
async function viewsThroughNginx(name: string, serveKeys: string): Promise<{ visitors: number; pageViews: number; log: string[]; db: Buffer }> {
  ws.write(`${name}/trackz.config.yaml`, `workspace: ${name}\nstorage: { path: ./trackz.db }\ngeo: { database: none }\nmonitors: []\nsites:\n  - name: blog\n    collect: { origins: ["${ORIGIN}"] }\nserve:\n  host: 127.0.0.1\n${serveKeys}`);
  const cwd = ws.path(name);
  const serve = await startServe(cwd);
  const entry: { nginx?: Nginx; serve?: ServeProcess } = { serve };
  running.push(entry);
  const nginx = await startNginx({ proxyTo: Number(new URL(serve.url).port) });
  entry.nginx = nginx;
  // Two people behind a proxy the browser side already went through, each named by its header.
  expect(await pageView(nginx.proxyPort!, '127.0.0.1', '198.51.100.7', '/a')).toBe(202);
  expect(await pageView(nginx.proxyPort!, '127.0.0.1', '203.0.113.9', '/b')).toBe(202);
  // Someone at 127.0.0.2 writing the first person's address: nginx appends 127.0.0.2, which is not trusted.
  expect(await pageView(nginx.proxyPort!, '127.0.0.2', '198.51.100.7', '/c')).toBe(202);
  expect(await serve.stop('SIGTERM')).toBe(0);
  await nginx.stop();
  const run = await trackz(['activity', '--site', 'blog', '--json'], { cwd });
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  const report = JSON.parse(run.stdout) as { visitors: number; pageViews: number };
  const files = ['trackz.db', 'trackz.db-wal'].map((file) => ws.path(name, file)).filter((file) => existsSync(file));
  return { ...report, log: serve.lines.map((line) => line.msg), db: Buffer.concat(files.map((file) => readFileSync(file))) };
}

beforeAll(() => ensureBuiltFor(['src']));

describe('trackz serve behind nginx', () => {
  it('counts each forwarded client as a visitor with trustedProxies, and a spoofed header as the address that sent it', { timeout: 120_000 }, async () => {
    const result = await viewsThroughNginx('trusted', '  trustedProxies: [127.0.0.1]\n');
    expect(result.pageViews).toBe(3);
    // 198.51.100.7, 203.0.113.9 and 127.0.0.2: the spoofed view is not the first person's.
    expect(result.visitors).toBe(3);
    expect(result.log).toContain('trusting X-Forwarded-For from 127.0.0.1 (serve.trustedProxies)');
    // The hashing rules are unchanged: no address reaches the file.
    for (const address of ['198.51.100.7', '203.0.113.9', '127.0.0.2']) expect(result.db.includes(address), address).toBe(false);
  });

  it('counts everyone as nginx, one visitor, without trustedProxies', { timeout: 120_000 }, async () => {
    const result = await viewsThroughNginx('untrusted', '');
    expect(result.pageViews).toBe(3);
    expect(result.visitors).toBe(1);
    expect(result.log.some((msg) => msg.startsWith('trusting no proxy'))).toBe(true);
  });
});
