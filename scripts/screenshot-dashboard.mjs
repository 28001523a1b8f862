#!/usr/bin/env node
/**
 * Renders the sample dashboard (test/server/views/sample-dashboard.ts) with the real renderer, serves
 * it from 127.0.0.1 with the real headers (CSP included), and saves a screenshot taken by Debian's
 * Chromium: docs/dashboard.png (light, 1100 px wide) and, with --all, docs/dashboard-dark.png and
 * docs/dashboard-phone.png (375 px). Never downloads a browser.
 * Usage: node scripts/screenshot-dashboard.mjs [--all] [--out FILE] [--html FILE]
 */
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({ options: { all: { type: 'boolean' }, out: { type: 'string' }, html: { type: 'string' } } });
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// The renderer and the sample are TypeScript: bundle them once into a temporary module.
const work = mkdtempSync(join(tmpdir(), 'trackz-screenshot-'));
const entry = join(work, 'entry.ts');
writeFileSync(
  entry,
  `export * from ${JSON.stringify(join(root, 'src/server/views/index.ts'))};\nexport * from ${JSON.stringify(join(root, 'test/server/views/sample-dashboard.ts'))};\n`,
);
await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: join(work, 'views.mjs'), logLevel: 'warning' });
const views = await import(pathToFileURL(join(work, 'views.mjs')).href);

const page = views.renderDashboardPage(views.sampleDashboard(Date.now()), { eventsUrl: '/d/sample/events', statusJsonUrl: '/d/sample/status.json', feedUrl: '/d/sample/feed.xml' });
if (args.html) writeFileSync(args.html, page.html);

const server = createServer((req, res) => {
  if (req.url === '/d/sample') {
    res.writeHead(200, { ...views.DASHBOARD_PAGE_HEADERS, 'Content-Security-Policy': page.csp });
    res.end(page.html);
  } else if (req.url === '/d/sample/events') {
    res.writeHead(200, { ...views.DASHBOARD_HEADERS, ...views.SSE_HEADERS });
    res.write(views.sseOpening());
  } else {
    res.writeHead(404, views.DASHBOARD_HEADERS).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/d/sample`;

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const shots = [{ file: args.out ?? join(root, 'docs/dashboard.png'), width: 1100, scheme: 'light' }];
if (args.all) {
  shots.push({ file: join(root, 'docs/dashboard-dark.png'), width: 1100, scheme: 'dark' });
  shots.push({ file: join(root, 'docs/dashboard-phone.png'), width: 375, scheme: 'light' });
}
try {
  for (const shot of shots) {
    const context = await browser.newContext({ viewport: { width: shot.width, height: 900 }, colorScheme: shot.scheme, deviceScaleFactor: 1 });
    const tab = await context.newPage();
    await tab.goto(url, { waitUntil: 'load' });
    mkdirSync(dirname(shot.file), { recursive: true });
    await tab.screenshot({ path: shot.file, fullPage: true });
    console.error(`saved ${shot.file}`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
  server.closeAllConnections();
  rmSync(work, { recursive: true, force: true });
}
