/**
 * The real daemon's dashboard in real Chromium (Debian's, driven by playwright-core): a target going
 * down shows on the open page through SSE within one interval, without a reload; after the daemon
 * restarts on the same port the page reconnects by itself and keeps updating.
 */
import { existsSync } from 'node:fs';

declare const document: any;
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../config/build.js';
import { trackz } from '../helpers/cli.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';
import { startSwitchTarget, type SwitchTarget } from '../helpers/switch-target.js';
import { useWorkspace } from '../helpers/workspace.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const INTERVAL_MS = 2_000;
const ws = useWorkspace('trackz-serve-chromium-');
let browser: Browser;
let target: SwitchTarget;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/setup-system.sh (Debian's chromium package)`);
  await ensureBuilt();
  target = await startSwitchTarget();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});
afterAll(async () => {
  await browser?.close();
  await target?.close();
});

describe('trackz serve in Chromium', () => {
  it('shows a target going down within one interval through SSE, and reconnects after a restart', { timeout: 180_000 }, async () => {
    ws.write('trackz.config.yaml', `workspace: live\nstorage: { path: trackz.db }\nmonitors:\n  - { name: shop, type: uptime, url: "${target.url}", interval: ${INTERVAL_MS}ms, timeout: 1s }\ndashboards:\n  - { name: status, title: Live status, monitors: [shop] }\n`);
    const shared = await trackz(['dashboard', 'share', 'status'], { cwd: ws.dir });
    expect(shared.exitCode, shared.stderr).toBe(0);
    const path = `/d/${shared.stdout.trim().split('/d/')[1]}`;
    target.set('up');
    let serve: ServeProcess = await startServe(ws.dir);
    const port = new URL(serve.url).port;
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    let loads = 0;
    page.on('load', () => void loads++);
    try {
      await serve.waitFor((line) => line.msg === 'shop: up', 30_000, 'shop up');
      await page.goto(`${serve.url}${path}`, { waitUntil: 'load' });
      await page.waitForFunction(() => document.getElementById('live')?.textContent === 'Live', undefined, { timeout: 15_000 });
      expect(await page.locator('#m-shop').textContent()).not.toContain('503');

      target.set('down');
      const downAt = Date.now();
      await serve.waitFor((line) => line.msg === 'shop: down', 30_000, 'shop down');
      // The page has it within one interval of the scheduler seeing it (plus the batch delay).
      await page.waitForFunction(() => document.getElementById('m-shop')?.textContent?.includes('503'), undefined, { timeout: INTERVAL_MS + 1_000 });
      expect(Date.now() - downAt).toBeLessThan(3 * INTERVAL_MS + 5_000);

      expect(await serve.stop('SIGTERM')).toBe(0);
      await page.waitForFunction(() => document.getElementById('live')?.textContent !== 'Live', undefined, { timeout: 15_000 });
      target.set('up');
      serve = await startServe(ws.dir, ['--port', port]);
      await page.waitForFunction(() => document.getElementById('live')?.textContent === 'Live', undefined, { timeout: 30_000 });
      await page.waitForFunction(() => !document.getElementById('m-shop')?.textContent?.includes('503'), undefined, { timeout: 30_000 });
      expect(loads).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
      await serve.stop('SIGTERM');
    }
  });
});
