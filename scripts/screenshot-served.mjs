#!/usr/bin/env node
/**
 * The README's dashboard screenshot, taken from the real daemon on the demo's data: runs
 * `npm run demo -- --serve` (local targets, two checks, a shared link, `trackz serve`), waits for the
 * scheduler's first results, opens the link in Debian's Chromium (playwright-core) and saves
 * docs/dashboard-served.png. Needs a build (npm run build). (scripts/screenshot-dashboard.mjs shoots
 * the renderer's sample data instead, without a daemon.)
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.TRACKZ_SCREENSHOT_PORT ?? 8797);
const demo = spawn(process.execPath, [join(root, 'scripts/demo.mjs'), '--serve', '--port', String(port)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], detached: false });
let out = '';
demo.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk));

const deadline = Date.now() + 120_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let link;
while (!link && Date.now() < deadline) {
  link = /^Dashboard: (\S+)$/m.exec(out)?.[1];
  if (!link) await sleep(200);
}
while (link && !out.includes('listening on') && Date.now() < deadline) await sleep(200);
if (!link || !out.includes('listening on')) {
  demo.kill('SIGTERM');
  throw new Error(`the demo did not serve a dashboard within 120 s:\n${out}`);
}
// The scheduler's first round (the slow page takes 700 ms) and its batch.
await sleep(3_000);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
try {
  for (const [scheme, file] of [['light', 'docs/dashboard-served.png']]) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, colorScheme: scheme, deviceScaleFactor: 1 });
    await page.goto(link, { waitUntil: 'load' });
    await page.waitForFunction(() => document.getElementById('live')?.textContent === 'Live', undefined, { timeout: 15_000 });
    await page.screenshot({ path: join(root, file), fullPage: false });
    process.stderr.write(`saved ${file}\n`);
    await page.close();
  }
} finally {
  await browser.close();
  demo.kill('SIGTERM');
  await new Promise((resolve) => demo.once('exit', resolve));
}
