/**
 * /t.js and POST /collect on a real node:http server with a real SQLite file: CORS, limits, bots,
 * consent, the visitor hashed as the import hashes it, country from a test .mmdb, flush().
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteSchema, type SiteConfig } from '../../../src/config/schema/activity.js';
import { mountCollect, type CollectRoutes } from '../../../src/server/collect/collect-routes.js';
import { utcDay, visitorHash } from '../../../src/privacy/visitor-hasher.js';
import type { SqliteStorage } from '../../../src/storage/sqlite/sqlite-storage.js';
import { writeMmdb } from '../../helpers/mmdb-writer.js';
import { openSqlite } from '../../helpers/storage.js';
import { useWorkspace } from '../../helpers/workspace.js';

const ws = useWorkspace('trackz-collect-');
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const ORIGIN = 'https://blog.example';
let server: Server;
let base: string;
let storage: SqliteStorage;
let routes: CollectRoutes;

const sites: SiteConfig[] = [
  v.parse(siteSchema, { name: 'blog', collect: { origins: [ORIGIN] }, heatmaps: true }),
  v.parse(siteSchema, { name: 'shop', domain: 'shop.example', collect: {}, privacy: { honorDoNotTrack: false } }),
  v.parse(siteSchema, { name: 'logs-only', logs: { path: 'access.log' } }),
];

beforeAll(async () => {
  storage = openSqlite(ws.path('trackz.db'));
  server = createServer();
  routes = await mountCollect(server, {
    storage,
    sites,
    geoDatabase: writeMmdb(ws.path('test.mmdb'), [{ cidr: '127.0.0.0/8', country: 'NZ' }]),
    rateLimit: { perSecond: 1, burst: 40 },
    flushMs: 60_000,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await routes?.close();
  await new Promise((resolve) => server?.close(resolve));
  await storage?.close();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/collect`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': 'text/plain', Origin: ORIGIN, 'User-Agent': FIREFOX, ...headers } });
const count = (sql: string) => storage.db.prepare(sql).pluck().get() as number;
const view = (url: string, referrer = '') => ({ kind: 'pageview', url, referrer });

describe('/t.js', () => {
  it('is small, cached with an ETag, and lists only the beacon sites with their flags', async () => {
    const res = await fetch(`${base}/t.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    const body = Buffer.from(await res.arrayBuffer());
    expect(gzipSync(body).length).toBeLessThan(1536);
    expect(body.toString()).toContain('{"blog":{"d":1,"h":1},"shop":{}}');
    const again = await fetch(`${base}/t.js`, { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
    const heat = await fetch(`${base}/t-heat.js`);
    expect(heat.status).toBe(200);
    expect(await heat.text()).toContain('nth-of-type');
  });
});

describe('POST /collect', () => {
  it('answers preflights for configured origins only, and refuses other origins', async () => {
    const ok = await fetch(`${base}/collect`, { method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const evil = await fetch(`${base}/collect`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    expect((await post({ site: 'blog', events: [view('/')] }, { Origin: 'https://evil.example' })).status).toBe(403);
    // An origin of another site may not send for this one; no Origin at all is refused too.
    expect((await post({ site: 'blog', events: [view('/')] }, { Origin: 'https://shop.example' })).status).toBe(403);
    expect((await fetch(`${base}/collect`, { method: 'POST', body: '{}' })).status).toBe(403);
    await routes.collector.flush();
    expect(count('SELECT COUNT(*) FROM site_page_views')).toBe(0);
  });

  it('stores page views with a hashed visitor (as the import hashes it), a session and a country; never the IP', async () => {
    expect((await post({ site: 'blog', session: 'abc', width: 1280, events: [view('/?utm=x', 'https://www.search.example/q?secret'), view('/about')] })).status).toBe(202);
    await routes.collector.flush();
    const rows = storage.db.prepare('SELECT path, visitor_id, session_id, country, referrer_host, ip, page_view, bot FROM site_page_views ORDER BY id').all() as Record<string, unknown>[];
    expect(rows.map((r) => r.path)).toEqual(['/', '/about']);
    expect(rows[0]).toMatchObject({ country: 'NZ', referrer_host: 'search.example', ip: null, page_view: 1, bot: 0 });
    const salt = await storage.activity.saltFor(utcDay(Date.now()));
    expect(rows[0]!.visitor_id).toBe(visitorHash(salt, 'blog', '127.0.0.1', FIREFOX));
    expect(rows[1]!.session_id).toBe(rows[0]!.session_id);
    expect(count('SELECT page_views FROM site_sessions')).toBe(2);
  });

  it('keeps clicks, scroll depth and custom events with bounded properties', async () => {
    const res = await post({
      site: 'blog',
      width: 1300,
      events: [
        { kind: 'click', url: '/about?x=1', selector: '#buy', x: 0.5, y: 0.25 },
        { kind: 'scroll', url: '/about', depth: 0.75 },
        { kind: 'event', url: '/about', name: 'signup', props: { plan: 'pro', seats: 3 } },
      ],
    });
    expect(res.status).toBe(202);
    await routes.collector.flush();
    expect(storage.db.prepare('SELECT path, selector, x, y, width FROM site_clicks').all()).toEqual([{ path: '/about', selector: '#buy', x: 0.5, y: 0.25, width: 1280 }]);
    expect(await storage.heatmaps.scrollDepths({ siteId: (await storage.activity.findSource('site', 'blog'))!, path: '/about', width: 1280 })).toEqual([0.75]);
    expect(storage.db.prepare('SELECT name, props FROM site_events').all()).toEqual([{ name: 'signup', props: '{"plan":"pro","seats":3}' }]);
    const tooMany = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i]));
    expect((await post({ site: 'blog', events: [{ kind: 'event', url: '/', name: 'x', props: tooMany }] })).status).toBe(400);
    expect((await post({ site: 'blog', events: [{ kind: 'event', url: '/', name: 'x', props: { nested: { a: 1 } } }] })).status).toBe(400);
    expect((await post('not json')).status).toBe(400);
    expect((await post({ site: 'nope', events: [view('/')] })).status).toBe(403);
  });

  it('drops bots and headless browsers (202, nothing stored), honours DNT when the site says so, and opt-out / opt-in', async () => {
    const before = count('SELECT COUNT(*) FROM site_page_views');
    expect((await post({ site: 'blog', events: [view('/bot')] }, { 'User-Agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' })).status).toBe(202);
    expect((await post({ site: 'blog', events: [view('/headless')] }, { 'User-Agent': 'Mozilla/5.0 HeadlessChrome/120.0.0.0 Safari/537.36' })).status).toBe(202);
    expect((await post({ site: 'blog', events: [view('/dnt')] }, { DNT: '1' })).status).toBe(202);
    expect((await post({ site: 'blog', dnt: true, events: [view('/dnt-body'), { kind: 'click', url: '/', selector: 'body', x: 0, y: 0 }] })).status).toBe(202);
    // shop does not honour DNT.
    expect((await post({ site: 'shop', dnt: true, events: [view('/shop-dnt')] }, { Origin: 'https://shop.example' })).status).toBe(202);
    const optedOutUa = `${FIREFOX} opt`;
    await post({ site: 'blog', events: [view('/?trackz-opt-out'), view('/after-opt-out'), { kind: 'click', url: '/', selector: 'body', x: 0, y: 0 }] }, { 'User-Agent': optedOutUa });
    await routes.collector.flush();
    expect(storage.db.prepare('SELECT path FROM site_page_views WHERE id > ? ORDER BY id').pluck().all(before)).toEqual(['/shop-dnt']);
    expect(count("SELECT COUNT(*) FROM site_clicks WHERE selector = 'body'")).toBe(0);
    await post({ site: 'blog', events: [view('/?trackz-opt-in'), view('/back')] }, { 'User-Agent': optedOutUa });
    await routes.collector.flush();
    expect(storage.db.prepare('SELECT path FROM site_page_views WHERE id > ? ORDER BY id').pluck().all(before)).toEqual(['/shop-dnt', '/', '/back']);
  });

  it('limits the body size and the rate per source address', async () => {
    const big = JSON.stringify({ site: 'blog', events: [view(`/${'a'.repeat(17_000)}`)] });
    expect((await post(big)).status).toBe(413);
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await post({ site: 'blog', events: [view(`/r${i}`)] })).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 202).length).toBeLessThan(45);
  });

  it('flush() stores exactly what was accepted', async () => {
    await routes.collector.flush();
    expect(routes.collector.stored).toBe(routes.collector.accepted);
  });
});
