/**
 * A site's heatmap view under a dashboard's link, against a real server and SQLite file: the site
 * card links to it only for a listed site with `heatmaps: true` and data; the view shows the seeded
 * elements, counts, shares and scroll bands with the page's headers; every site that is not shown
 * (unknown, unlisted, heatmaps off) and a wrong token are the unknown path's 404; a bad query is a
 * 400 that echoes nothing; hostile paths and selectors stay text; repeated requests do not read again.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDashboardToken } from '../../../src/access/tokens.js';
import { loadConfig } from '../../../src/config/load.js';
import { parseHeatmapQuery } from '../../../src/server/dashboards/heatmap-route.js';
import { DASHBOARD_PAGE_HEADERS } from '../../../src/server/views/page-headers.js';
import { useWorkspace } from '../../helpers/workspace.js';
import { call, startFixture, type Fixture } from './serve-fixture.js';

const HOSTILE_SELECTOR = '<img src=x onerror=alert(1)>';
const HOSTILE_PATH = `/"><script>alert(1)</script>?q=$(rm -rf ~)'`;
const site = (name: string, heatmaps: boolean) => `  - name: ${name}\n    domain: ${name}.example\n    collect: {}\n    heatmaps: ${heatmaps}\n`;
const CONFIG = `
workspace: heatmap-test
monitors:
  - { name: web, type: tcp, host: 127.0.0.1, port: 9 }
sites:
${site('blog', true)}${site('notes', false)}${site('shop', true)}${site('quiet', true)}dashboards:
  - name: status
    title: "Status <b>bold</b>"
    monitors: [web]
    sites: [blog, notes, quiet]
`;

const ws = useWorkspace('trackz-serve-heatmap-');
let f: Fixture;
let d: string;
const calls = { clicks: 0, scrollDepths: 0, pages: 0 };

beforeAll(async () => {
  f = await startFixture(ws, { config: CONFIG });
  d = `/d/${f.token}`;
  const now = Date.now();
  const click = (path: string, selector: string, width = 1280, x = 0.5) => ({ ts: now - 60_000, path, selector, x, y: 0.5, width });
  const scroll = (path: string, depth: number, width = 1280) => ({ ts: now - 60_000, path, depth, width });
  const blog = await f.storage.activity.sourceId('site', 'blog', now);
  await f.storage.heatmaps.writeBeaconRecords(blog, {
    clicks: [
      ...Array.from({ length: 6 }, (_, i) => click('/pricing', '#buy', 1280, i / 10)),
      ...Array.from({ length: 2 }, () => click('/pricing', 'body>nav:nth-of-type(1)')),
      ...Array.from({ length: 3 }, () => click('/pricing', '#menu', 320)),
      ...Array.from({ length: 4 }, () => click('/', '#hero')),
      click(HOSTILE_PATH, HOSTILE_SELECTOR),
    ],
    scrolls: [0.3, 0.5, 0.6, 0.9, 1].map((depth) => scroll('/pricing', depth)),
    events: [],
  });
  for (const name of ['notes', 'shop']) await f.storage.heatmaps.writeBeaconRecords(await f.storage.activity.sourceId('site', name, now), { clicks: [click('/x', '#y')], scrolls: [], events: [] });
  for (const method of Object.keys(calls) as (keyof typeof calls)[]) {
    const port = f.storage.heatmaps as unknown as Record<string, (...args: unknown[]) => unknown>;
    const real = port[method]!.bind(f.storage.heatmaps);
    port[method] = (...args: unknown[]) => {
      calls[method]++;
      return real(...args);
    };
  }
});
afterAll(async () => {
  await f.app.close();
  await f.storage.close();
});

const card = (html: string, name: string) => new RegExp(`<article class="card"><div class="card-head"><h3>${name}</h3>.*?</article>`, 's').exec(html)?.[0] ?? '';
const unescape = (href: string) => href.replace(/&#39;/g, "'").replace(/&amp;/g, '&');

describe('the heatmap view of a dashboard\'s site', () => {
  it('links the card of a listed site with heatmaps and data to its most-clicked page, and no other card', async () => {
    const page = await call(f.base, d);
    expect(page.status).toBe(200);
    const blog = card(page.body, 'blog');
    expect(blog).toContain(`<a href="${d}/sites/blog/heatmap?path=%2Fpricing&amp;width=1280" rel="noreferrer">Heatmap</a>`);
    expect(card(page.body, 'notes')).not.toBe('');
    expect(card(page.body, 'notes')).not.toContain('Heatmap');
    expect(card(page.body, 'quiet')).not.toBe('');
    expect(card(page.body, 'quiet')).not.toContain('Heatmap');
    expect(page.body).not.toContain('shop');
    // status.json and the SSE stream are shared per dashboard: they never carry the token.
    expect((await call(f.base, `${d}/status.json`)).body).not.toContain(f.token);
  });

  it('shows the clicked elements, their counts and shares, the scroll bands, the pages and the command', async () => {
    const href = /href="([^"]+)" rel="noreferrer">Heatmap</.exec((await call(f.base, d)).body)![1]!;
    const view = await call(f.base, unescape(href));
    expect(view.status).toBe(200);
    for (const [name, value] of Object.entries(DASHBOARD_PAGE_HEADERS)) expect(view.headers[name.toLowerCase()], name).toBe(value);
    expect(view.body).toContain('<h1>Heatmap · blog</h1>');
    expect(view.body).toContain('<code>/pricing</code> at 1280–1599 px');
    expect(view.body).toMatch(/<li><code>#buy<\/code><b>6 · 75%<\/b><svg[^>]*>.*?<rect width="75\.0" height="6"\/><\/svg><\/li>/);
    expect(view.body).toContain('<li><code>body&gt;nav:nth-of-type(1)</code><b>2 · 25%</b>');
    expect(view.body).toContain('<span class="type">8 clicks</span>');
    expect(view.body).not.toContain('#menu');
    // The depth 100/75/50/25 % of the 5 page views reached.
    const bands = [...view.body.matchAll(/<li><span>(\d+)% of views<\/span><b>reached (\d+)% of the page<\/b>/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(bands).toEqual([
      [100, 30],
      [75, 50],
      [50, 60],
      [25, 90],
    ]);
    expect(view.body).toContain('<span class="type">5 page views</span>');
    // Pages most clicked first, each with its width buckets.
    const pages = [...view.body.matchAll(/<a class="page" href="([^"]+)"/g)].map((m) => unescape(m[1]!));
    expect(pages).toEqual(['?path=%2Fpricing&width=1280', '?path=%2F&width=1280', `?path=${encodeURIComponent(HOSTILE_PATH)}&width=1280`]);
    expect(view.body).toContain('<a class="chip" href="?path=%2Fpricing&amp;width=320">320–639 px · 3</a>');
    expect(view.body).toContain('<code>trackz heatmap blog /pricing --width 1280 --out heat.png</code>');
    expect(view.body).toContain('<a href="../../">← Status &lt;b&gt;bold&lt;/b&gt;</a>');
    expect(view.body).not.toContain('<script');
  });

  it('opens the most-clicked page without a query, another width or page when asked, and an empty one for a page without data', async () => {
    const plain = await call(f.base, `${d}/sites/blog/heatmap`);
    expect(plain.body).toContain('<code>/pricing</code> at 1280–1599 px');
    const narrow = await call(f.base, `${d}/sites/blog/heatmap?path=%2Fpricing&width=375`);
    expect(narrow.body).toContain('<code>/pricing</code> at 320–639 px');
    expect(narrow.body).toContain('<li><code>#menu</code><b>3 · 100%</b>');
    expect(narrow.body).toContain('No scroll depths recorded on this page at this width.');
    expect(narrow.body).toContain('--width 320 --out');
    const home = await call(f.base, `${d}/sites/blog/heatmap?path=/`);
    expect(home.body).toContain('<li><code>#hero</code><b>4 · 100%</b>');
    const none = await call(f.base, `${d}/sites/blog/heatmap?path=/nothing&width=1280`);
    expect(none.status).toBe(200);
    expect(none.body).toContain('No clicks recorded on this page at this width.');
    const quiet = await call(f.base, `${d}/sites/quiet/heatmap`);
    expect(quiet.status).toBe(200);
    expect(quiet.body).toContain('No clicks or scroll depths recorded for this site yet.');
  });

  it('keeps hostile paths and selectors as text, in the page, its links and the shell command', async () => {
    const view = await call(f.base, `${d}/sites/blog/heatmap?path=${encodeURIComponent(HOSTILE_PATH)}`);
    expect(view.status).toBe(200);
    expect(view.body).toContain('<code>&lt;img src=x onerror=alert(1)&gt;</code>');
    expect(view.body).toContain('<code>/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;?q=$(rm -rf ~)&#39;</code> at');
    expect(view.body).not.toContain('<img');
    expect(view.body).not.toContain('<script');
    // Single-quoted for the shell, so pasting the command runs nothing from the path.
    expect(view.body).toContain(`trackz heatmap blog &#39;/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;?q=$(rm -rf ~)&#39;\\&#39;&#39;&#39; --width 1280`);
  });

  it('answers a site it does not show, and a wrong token, exactly like an unknown path', async () => {
    const unknown = await call(f.base, '/no/such/path');
    const strip = (h: Record<string, unknown>) => ({ ...h, date: undefined, 'keep-alive': undefined, connection: undefined });
    for (const path of [
      `${d}/sites/nope/heatmap`,
      `${d}/sites/shop/heatmap`,
      `${d}/sites/notes/heatmap`,
      `${d}/sites/notes/heatmap?path=/x&width=1280`,
      `${d}/sites/shop/heatmap?path=nope`,
      `${d}/sites/blog/heatmap/`,
      `${d}/sites/blog`,
      `/d/${newDashboardToken()}/sites/blog/heatmap?path=%2Fpricing&width=1280`,
      `/d/${f.token.slice(0, -1)}/sites/blog/heatmap`,
    ]) {
      const answer = await call(f.base, path);
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).toBe(unknown.body);
      expect(strip(answer.headers), path).toEqual(strip(unknown.headers));
    }
  });

  it('refuses a bad path or width with a 400 that echoes nothing', async () => {
    for (const query of ['path=pricing', 'path=', 'width=', 'width=abc', 'width=-5', 'width=1e3', 'width=12.5', 'width=100001', 'width=9999999', `path=%2Fa&width=${encodeURIComponent('<b>')}`]) {
      const answer = await call(f.base, `${d}/sites/blog/heatmap?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body, query).toMatch(/^Bad request: (path must be a page path starting with \/ \(at most 2048 characters\)|width must be a whole number of px, 0-100000)\n$/);
      expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
    }
    expect(parseHeatmapQuery(`path=/${'a'.repeat(2047)}`)).toEqual({ path: `/${'a'.repeat(2047)}` });
    expect(parseHeatmapQuery(`path=/${'a'.repeat(2048)}`)).toMatch(/^path must/);
    expect(parseHeatmapQuery('width=0')).toEqual({ width: 0 });
  });

  it('reads the storage once for repeated requests of a page, and not at all for a page without data', async () => {
    const path = `${d}/sites/blog/heatmap?path=%2F&width=1280`;
    const before = { ...calls };
    const first = await call(f.base, path);
    for (let i = 0; i < 20; i++) expect((await call(f.base, path)).body).toBe(first.body);
    for (let i = 0; i < 20; i++) await call(f.base, `${d}/sites/blog/heatmap?path=%2Fno-data-${i}`);
    expect(calls.clicks - before.clicks).toBeLessThanOrEqual(1);
    expect(calls.scrollDepths - before.scrollDepths).toBeLessThanOrEqual(1);
    expect(calls.pages - before.pages).toBe(0);
  });

  it('drops the card\'s link and the view at once when a reload turns the site\'s heatmaps off', async () => {
    expect(card((await call(f.base, d)).body, 'blog')).toContain('Heatmap');
    const file = ws.write('trackz.yaml', readFileSync(ws.path('trackz.yaml'), 'utf8').replace(site('blog', true), site('blog', false)));
    f.app.setConfig(await loadConfig({ configPath: file, env: {} }));
    const blog = card((await call(f.base, d)).body, 'blog');
    expect(blog).not.toBe('');
    expect(blog).not.toContain('Heatmap');
    expect((await call(f.base, `${d}/sites/blog/heatmap`)).status).toBe(404);
  });
});
