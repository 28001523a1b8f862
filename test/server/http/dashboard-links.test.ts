/**
 * The public side of `trackz serve` against a real server and SQLite file: tokens (wrong, truncated,
 * revoked, rotated) all get the unknown path's 404, methods, traversal, sizes, slow clients, the
 * throttle, badges, SSE with publish(), and no secret or foreign monitor in any response.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, newDashboardToken } from '../../../src/access/tokens.js';
import { record } from '../../storage/contract/factory.js';
import { useWorkspace } from '../../helpers/workspace.js';
import { call, SECRETS, startFixture, type Fixture } from './serve-fixture.js';

const ws = useWorkspace('trackz-serve-');
let f: Fixture;

beforeAll(async () => {
  f = await startFixture(ws);
  const now = Date.now();
  await f.storage.results.saveResults([record('web', now - 60_000, 'up'), record('api', now - 60_000, 'down', { message: 'connection refused' }), record('secret-backend', now - 60_000, 'down')]);
});
afterAll(async () => {
  await f.app.close();
  await f.storage.close();
});

const SAFE_HEADERS = { 'referrer-policy': 'no-referrer', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' };

async function expectMiss(path: string, unknown: { body: string; headers: Record<string, unknown> }) {
  const answer = await call(f.base, path);
  expect(answer.status, path).toBe(404);
  expect(answer.body, path).toBe(unknown.body);
  const strip = (h: Record<string, unknown>) => ({ ...h, date: undefined, 'keep-alive': undefined, connection: undefined });
  expect(strip(answer.headers), path).toEqual(strip(unknown.headers));
}

describe('dashboard links on a running server', () => {
  it('serves the page, status.json, feed and badges with the safe headers, only the dashboard\'s monitors', async () => {
    const d = `/d/${f.token}`;
    const page = await call(f.base, d);
    expect(page.status).toBe(200);
    expect(page.headers).toMatchObject(SAFE_HEADERS);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('web');
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).not.toContain('<img src=x');
    const status = JSON.parse((await call(f.base, `${d}/status.json`)).body);
    expect(status.monitors.map((m: { name: string }) => m.name)).toEqual(['web', 'api']);
    const feed = await call(f.base, `${d}/feed.xml`);
    expect(feed.headers['content-type']).toContain('atom');
    const svg = await call(f.base, `${d}/badge/api.svg`);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('down');
    const json = JSON.parse((await call(f.base, `${d}/badge/web/uptime/24h.json`)).body);
    expect(json).toMatchObject({ schemaVersion: 1, message: '100%' });
    for (const path of [`${d}/badge/web/latency/7d.svg`, `${d}/badge/web/cert.json`]) expect((await call(f.base, path)).status, path).toBe(200);
    for (const answer of [svg, feed]) expect(answer.headers).toMatchObject(SAFE_HEADERS);
  });

  it('draws a status badge once per snapshot, and the new state once a result is published', async () => {
    const badge = async (format: string) => (await call(f.base, `/d/${f.token}/badge/api.${format}`)).body;
    expect(await badge('svg')).toContain('>down<');
    expect(await badge('svg')).toBe(await badge('svg'));
    expect(JSON.parse(await badge('json')).message).toBe('down');
    await f.storage.results.saveResults([record('api', Date.now(), 'up')]);
    await f.app.publish({ monitors: ['api'] });
    expect(await badge('svg')).toContain('>up<');
    expect(JSON.parse(await badge('json')).message).toBe('up');
  });

  it('answers every kind of miss exactly like an unknown path', async () => {
    const unknown = await call(f.base, '/no/such/path');
    const revoked = newDashboardToken();
    await f.storage.access.shareDashboard('old', hashToken(revoked), Date.now());
    await f.storage.access.revokeDashboard('old', Date.now());
    const misses = [
      `/d/${newDashboardToken()}`,
      `/d/${f.token.slice(0, -1)}`,
      `/d/${f.token}x`,
      `/d/${revoked}`,
      `/d/${f.token}/badge/secret-backend.svg`,
      `/d/${f.token}/badge/nope.json`,
      `/d/${f.token}/badge/web/uptime/2y.svg`,
      `/d/${f.token}/../../etc/passwd`,
      `/d/${f.token}/%2e%2e/%2e%2e/etc/passwd`,
      `/d/${f.token}/badge/..%2fsecret-backend.svg`,
      '//etc/passwd',
      `/d/${f.token}/nothing`,
    ];
    for (const path of misses) await expectMiss(path, unknown);
  });

  it('makes a rotate and a revoke visible within a second, without a restart', async () => {
    const old = f.token;
    expect((await call(f.base, `/d/${old}/status.json`)).status).toBe(200);
    const rotated = newDashboardToken();
    await f.storage.access.shareDashboard('status', hashToken(rotated), Date.now());
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await call(f.base, `/d/${old}/status.json`)).status).toBe(404);
    expect((await call(f.base, `/d/${rotated}/status.json`)).status).toBe(200);
    await f.storage.access.revokeDashboard('status', Date.now());
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await call(f.base, `/d/${rotated}`)).status).toBe(404);
    f.token = newDashboardToken();
    await f.storage.access.shareDashboard('status', hashToken(f.token), Date.now());
    await new Promise((r) => setTimeout(r, 1_000));
  });

  it('refuses other methods, bodies, oversized headers and slow clients', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const answer = await call(f.base, `/d/${f.token}`, { method });
      expect(answer.status, method).toBe(405);
      expect(answer.headers.allow).toBe('GET, HEAD');
    }
    expect((await call(f.base, `/d/${f.token}`, { method: 'HEAD' })).status).toBe(200);
    expect((await call(f.base, `/d/${f.token}`, { headers: { 'Content-Length': '5' }, body: 'hello' })).status).toBe(413);
    expect((await call(f.base, '/healthz', { headers: { 'X-Big': 'a'.repeat(10_000) } })).status).toBe(431);
    // A client that sends half a request line and waits: the server hangs up (headers timeout 1 s here).
    const closed = await new Promise<string>((resolve) => {
      const socket = connect(Number(new URL(f.base).port), '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      setTimeout(() => socket.destroy(), 5_000);
    });
    expect(closed).toMatch(/^HTTP\/1\.1 408/);
  });

  it('streams the full update on connect and each published update, and ends the stream of a revoked link', async () => {
    const res = await fetch(`${f.base}/d/${f.token}/events`);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const until = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) return false;
        text += new TextDecoder().decode(value);
      }
      return true;
    };
    expect(await until(/event: update/)).toBe(true);
    text = '';
    await f.storage.results.saveResults([record('web', Date.now(), 'degraded', { message: 'slow' })]);
    await f.app.publish({ monitors: ['web'] });
    expect(await until(/event: update[\s\S]*degraded/)).toBe(true);
    expect(text).not.toContain('secret-backend');
    await f.storage.access.revokeDashboard('status', Date.now());
    expect(await until(/will not match/)).toBe(false);
    f.token = newDashboardToken();
    await f.storage.access.shareDashboard('status', hashToken(f.token), Date.now());
    await new Promise((r) => setTimeout(r, 1_000));
  });

  it('shows no secret and no foreign monitor in any response of any route', async () => {
    const d = `/d/${f.token}`;
    const paths = ['/healthz', '/readyz', '/metrics', d, `${d}/status.json`, `${d}/feed.xml`, `${d}/badge/web.svg`, `${d}/badge/api.json`, `${d}/badge/web/uptime/1y.svg`, `${d}/badge/web/latency/24h.json`, `${d}/badge/web/cert.svg`, `/d/${newDashboardToken()}`, '/api/v1/monitors'];
    for (const path of paths) {
      const answer = await call(f.base, path);
      const all = `${JSON.stringify(answer.headers)}\n${answer.body}`;
      for (const secret of Object.values(SECRETS)) expect(all, path).not.toContain(secret);
      if (path.startsWith('/d/')) expect(all, path).not.toContain('secret-backend');
    }
  });
});

describe('/metrics and the throttle', () => {
  it('serves /metrics to loopback clients', async () => {
    const answer = await call(f.base, '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatch(/trackz_monitor_up\{monitor="web",type="uptime"\} [01]/);
  });

  it('slows down an address that keeps missing', async () => {
    const g = await startFixture(useWorkspace('trackz-serve-throttle-'), { throttle: { freeMisses: 2, stepMs: 300 } });
    try {
      const started = Date.now();
      for (let i = 0; i < 4; i++) expect((await call(g.base, `/d/${newDashboardToken()}`)).status).toBe(404);
      // Two free misses, then 300 ms and 600 ms.
      expect(Date.now() - started).toBeGreaterThanOrEqual(850);
      // A hit is never delayed.
      expect((await call(g.base, `/d/${g.token}/status.json`)).status).toBe(200);
    } finally {
      await g.app.close();
      await g.storage.close();
    }
  });
});
