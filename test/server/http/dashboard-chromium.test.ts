/**
 * The page from the real server (real SQLite, real routes and headers) in real Chromium: no console
 * error and no CSP violation, hostile title and check message stay text with no dialog, dark mode,
 * a 375-px phone without horizontal overflow, and a live update over the real SSE stream.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { record } from '../../storage/contract/factory.js';
import { useWorkspace } from '../../helpers/workspace.js';
import { startFixture, type Fixture } from './serve-fixture.js';

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
  f = await startFixture(ws);
  await f.storage.results.saveResults([record('web', Date.now() - 5_000, 'up'), record('api', Date.now() - 5_000, 'down', { message: HOSTILE })]);
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
});
