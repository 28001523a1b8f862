/**
 * `trackz heatmap` (the real binary): clicks stored for a page are drawn over it in Chromium; the PNG's
 * reddest (densest) pixel lies on the most-clicked element. --json gives the numbers.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltFor } from '../../helpers/built.js';
import { trackz } from '../../helpers/cli.js';
import { openSqlite } from '../../helpers/storage.js';
import { useWorkspace } from '../../helpers/workspace.js';

const ws = useWorkspace('trackz-heatmap-');
let server: Server;
let base: string;
// Plain white boxes, so the overlay's colours stand out on every pixel.
const PAGE = `<!doctype html><html><body style="margin:0;background:#fff">
<div style="height:300px"></div>
<div id="buy" style="margin-left:100px;width:300px;height:120px"></div>
<div style="height:200px"></div>
<section><p style="margin:0 0 0 700px;width:200px;height:80px"></p></section>
<div style="height:1200px"></div></body></html>`;

beforeAll(async () => {
  ensureBuiltFor(['src']);
  server = createServer((_req, res) => void res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ws.write('trackz.config.yaml', `storage: { path: trackz.db }\nsites:\n  - name: blog\n    domain: blog.example\n    collect: {}\n    heatmaps: true\n`);
  const storage = openSqlite(ws.path('trackz.db'));
  const siteId = await storage.activity.sourceId('site', 'blog', Date.now());
  const ts = Date.now();
  const click = (selector: string, x: number, y: number) => ({ ts, path: '/pricing', selector, x, y, width: 1280 });
  await storage.heatmaps.writeBeaconRecords(siteId, {
    clicks: [...Array.from({ length: 30 }, () => click('#buy', 0.5, 0.5)), ...Array.from({ length: 5 }, () => click('body>section:nth-of-type(1)>p:nth-of-type(1)', 0.5, 0.5)), click('#gone', 0.5, 0.5)],
    scrolls: [0.3, 0.5, 0.6, 0.9, 1].map((depth) => ({ ts, path: '/pricing', depth, width: 1280 })),
    events: [],
  });
  await storage.close();
});
afterAll(() => server?.close());

describe('trackz heatmap', () => {
  it('draws click density over the page, densest at the most-clicked element, and prints the numbers', async () => {
    const run = await trackz(['heatmap', 'blog', '/pricing', '--width', '1280', '--out', 'heat.png', '--url', base, '--json'], { cwd: ws.dir });
    expect(run.exitCode, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ site: 'blog', path: '/pricing', widthBucket: 1280, totalClicks: 36, scroll: { views: 5 } });
    expect(report.scroll.reached).toEqual([
      { share: 100, depth: 0.3 },
      { share: 75, depth: 0.5 },
      { share: 50, depth: 0.6 },
      { share: 25, depth: 0.9 },
    ]);
    const buy = report.clicks.find((c: { selector: string }) => c.selector === '#buy');
    expect(buy).toMatchObject({ count: 30, box: { left: 100, top: 300, width: 300, height: 120 } });
    expect(report.clicks.find((c: { selector: string }) => c.selector === '#gone').box).toBeNull();

    const png = PNG.sync.read(readFileSync(ws.path('heat.png')));
    expect(png.width).toBe(1280);
    let best = { score: -Infinity, x: 0, y: 0 };
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const i = (y * png.width + x) * 4;
        const score = png.data[i]! - png.data[i + 2]!;
        if (score > best.score) best = { score, x, y };
      }
    }
    // The reddest pixel is on #buy (left 100, top 300, 300 × 120), near its blot's centre (250, 360):
    // the blot saturates over a few pixels around it.
    expect(best.x).toBeGreaterThanOrEqual(100);
    expect(best.x).toBeLessThan(400);
    expect(best.y).toBeGreaterThanOrEqual(300);
    expect(best.y).toBeLessThan(420);
    expect(Math.hypot(best.x - 250, best.y - 360)).toBeLessThan(12);
    expect(best.score).toBeGreaterThan(200);
    // The other element's blot is there, fainter.
    const other = ((300 + 120 + 200 + 40) * png.width + 800) * 4;
    expect(png.data[other]! - png.data[other + 2]!).toBeLessThan(best.score);
    expect(png.data[other + 2]!).toBeLessThan(255);
  });

  it('explains a usage mistake in one line, exit 2', async () => {
    const unknown = await trackz(['heatmap', 'blgo', '/'], { cwd: ws.dir });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/no site named "blgo" \(did you mean `blog`\?\)/);
    const noOut = await trackz(['heatmap', 'blog', '/'], { cwd: ws.dir });
    expect(noOut.exitCode).toBe(2);
    expect(noOut.stderr).toMatch(/give --out FILE\.png for the picture, or --json for the numbers/);
  });
});
