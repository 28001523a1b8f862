/**
 * The page from the real server (real SQLite, real routes and headers) in real Chromium: no console
 * error and no CSP violation, hostile title and check message stay text with no dialog, dark mode,
 * a 375-px phone without horizontal overflow, and a live update over the real SSE stream. The site
 * card's Heatmap link opens the site's heatmap view, held to the same bar.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { record } from '../../storage/contract/factory.js';
import { useWorkspace } from '../../helpers/workspace.js';
import { CONFIG, startFixture, type Fixture } from './serve-fixture.js';

declare const document: any;
declare const window: any;
declare function getComputedStyle(element: unknown): any;

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const HOSTILE = '<img src=x onerror=alert(1)>';
const ws = useWorkspace('trackz-serve-chromium-');
let browser: Browser;
let f: Fixture;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/setup-system.sh (Debian's chromium package)`);
  // The shared config plus a tracker site with heatmaps on the dashboard.
  const config = `${CONFIG.replace('monitors: [tag:public]\n', 'monitors: [tag:public]\n    sites: [blog]\n')}sites:\n  - name: blog\n    domain: blog.example\n    collect: {}\n    heatmaps: true\n`;
  f = await startFixture(ws, { config });
  await f.storage.results.saveResults([record('web', Date.now() - 5_000, 'up'), record('api', Date.now() - 5_000, 'down', { message: HOSTILE })]);
  const click = (selector: string) => ({ ts: Date.now() - 5_000, path: '/pricing', selector, x: 0.5, y: 0.5, width: 1280 });
  await f.storage.heatmaps.writeBeaconRecords(await f.storage.activity.sourceId('site', 'blog', Date.now()), {
    clicks: [click('#buy'), click('#buy'), click(HOSTILE), click(`body>main:nth-of-type(1)>section:nth-of-type(2)>div:nth-of-type(3)>p:nth-of-type(4)>a.${'very-long-class-name'.repeat(4)}`)],
    scrolls: [0.4, 0.8].map((depth) => ({ ts: Date.now() - 5_000, path: '/pricing', depth, width: 1280 })),
    events: [],
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});
afterAll(async () => {
  await browser?.close();
  await f?.app.close();
  await f?.storage.close();
});

async function open(options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
  const page = await context.newPage();
  const seen = { errors: [] as string[], violations: [] as string[], dialogs: [] as string[] };
  page.on('console', (m) => m.type() === 'error' && seen.errors.push(m.text()));
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.exposeBinding('__violation', (_s, text: string) => void seen.violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e: any) => window.__violation(`${e.violatedDirective}: ${e.blockedURI}`));
  });
  await page.goto(`${f.base}/d/${f.token}`, { waitUntil: 'load' });
  return { page, ...seen };
}

const overflow = (page: Page): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('the real server\'s dashboard in Chromium', () => {
  it('renders live with no console error or CSP violation; hostile text stays text; no dialog', async () => {
    const { page, errors, violations, dialogs } = await open();
    await page.waitForFunction(() => document.getElementById('live')?.textContent === 'Live');
    expect(await page.locator('h1').textContent()).toContain(HOSTILE);
    expect(await page.locator('body').textContent()).toContain(HOSTILE);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('.cards article.card h3').allTextContents()).toEqual(['web', 'api']);
    await f.storage.results.saveResults([record('web', Date.now(), 'down', { message: 'went away now' })]);
    await f.app.publish({ monitors: ['web'] });
    await page.waitForFunction(() => document.body.textContent.includes('went away now'), undefined, { timeout: 5_000 });
    await page.waitForTimeout(300);
    expect(errors).toEqual([]);
    expect(violations).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  it('has a dark scheme and fits a 375-px phone', async () => {
    const light = await open();
    const dark = await open({ colorScheme: 'dark', viewport: { width: 375, height: 800 } });
    const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background(dark.page)).not.toBe(await background(light.page));
    expect(await overflow(dark.page)).toBeLessThanOrEqual(0);
    expect(dark.errors).toEqual([]);
    expect(dark.violations).toEqual([]);
    await light.page.context().close();
    await dark.page.context().close();
  });

  it('opens the site\'s heatmap view from its card: numbers shown, hostile selector as text, no error or CSP violation, fits a dark phone', async () => {
    for (const options of [{}, { colorScheme: 'dark' as const, viewport: { width: 375, height: 800 } }]) {
      const { page, errors, violations, dialogs } = await open(options);
      await page.getByRole('link', { name: 'Heatmap' }).click();
      await page.waitForURL(/\/sites\/blog\/heatmap\?path=%2Fpricing&width=1280$/);
      expect(await page.locator('h1').textContent()).toBe('Heatmap · blog');
      expect(await page.locator('.hbars code').first().textContent()).toBe('#buy');
      expect(await page.locator('body').textContent()).toContain(HOSTILE);
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('.hbars li span').allTextContents()).toEqual(['100% of views', '75% of views', '50% of views', '25% of views']);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.getByRole('link', { name: /^← Status/ }).click();
      await page.waitForURL(new RegExp(`/d/${f.token}/$`));
      expect(await page.locator('h1').textContent()).toContain(HOSTILE);
      await page.waitForTimeout(300);
      expect(errors).toEqual([]);
      expect(violations).toEqual([]);
      expect(dialogs).toEqual([]);
      await page.context().close();
    }
  });
});
