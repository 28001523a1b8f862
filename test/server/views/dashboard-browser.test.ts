/**
 * The dashboard page in real Chromium (Debian's /usr/bin/chromium driven by playwright-core; never a
 * downloaded browser; `launch` gives every run a fresh temporary profile), served from 127.0.0.1 with
 * the real headers, CSP included: no console errors or CSP violations, hostile text stays text and no
 * dialog fires, dark mode and a 375-px phone without horizontal overflow, everything readable with
 * JavaScript off, and live updates over SSE without a reload, also across a server restart.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderUpdateEvent } from '../../../src/server/views/sse.js';
import type { DashboardData } from '../../../src/server/views/index.js';
import { startDashboardServer, type DashboardServer } from './dashboard-server.js';
import { hostileDashboard, HOSTILE, sampleDashboard, SAMPLE_NOW } from './sample-dashboard.js';

// Functions given to page.evaluate run inside Chromium; the project's tsconfig has no DOM lib, so the
// page's globals are declared loosely here (module scope: nothing leaks into the node code).
declare const document: any;
declare const window: any;
declare function getComputedStyle(element: unknown): any;

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let browser: Browser;
let server: DashboardServer;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/setup-system.sh (Debian's chromium package)`);
  server = await startDashboardServer({ sample: sampleDashboard(), evil: hostileDashboard(), live: sampleDashboard() });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Watched {
  page: Page;
  errors: string[];
  violations: string[];
  dialogs: string[];
}

/** A page in its own context, recording console errors, page errors, CSP violations and dialogs. */
async function open(path: string, options: BrowserContextOptions = {}): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
  const page = await context.newPage();
  const watched: Watched = { page, errors: [], violations: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watched.errors.push(message.text());
  });
  page.on('pageerror', (error) => watched.errors.push(error.message));
  page.on('dialog', (dialog) => {
    watched.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.exposeBinding('__violation', (_source, text: string) => void watched.violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event: any) => {
      (window as unknown as { __violation(text: string): void }).__violation(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`);
    });
  });
  await page.goto(`${server.origin}${path}`, { waitUntil: 'load' });
  return watched;
}

const overflow = (page: Page): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const liveText = (page: Page): Promise<string | null> => page.evaluate(() => document.getElementById('live')?.textContent ?? null);

describe('the dashboard page in Chromium', () => {
  it('renders with its stylesheet and script allowed by the CSP: no console error, no violation', async () => {
    const { page, errors, violations } = await open('/d/sample');
    expect(await page.title()).toBe('Acme status · Outage');
    // the script ran (the Live badge) and the stylesheet applied (the banner's border)
    await page.waitForFunction(() => document.getElementById('live')?.textContent === 'Live');
    expect(await page.evaluate(() => getComputedStyle(document.getElementById('overall')!).borderLeftWidth)).toBe('6px');
    expect(await page.locator('.cards article.card h3').allTextContents()).toEqual(['homepage', 'api', 'api-cert', 'checkout', 'mail', 'homepage-perf', 'backups', 'status-page']);
    expect(await page.locator('#m-homepage .desc').textContent()).toBe('https://example.com/ — the public site');
    expect(errors).toEqual([]);
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('the violation listener does catch what the CSP blocks (a control for the test above)', async () => {
    const { page, violations } = await open('/d/sample');
    const blocked = await page.evaluate(() => {
      document.body.firstElementChild!.setAttribute('style', 'color: red');
      try {
        document.body.insertAdjacentHTML('beforeend', '<i>markup from a string</i>');
        return false;
      } catch {
        return true;
      }
    });
    expect(blocked).toBe(true);
    await expect.poll(() => violations.length).toBeGreaterThanOrEqual(2);
    expect(violations.some((v) => v.startsWith('style-src'))).toBe(true);
    expect(violations.some((v) => v.startsWith('require-trusted-types-for'))).toBe(true);
    await page.context().close();
  });

  it('shows hostile titles, descriptions and messages as text; no dialog ever fires, not even after an SSE update', async () => {
    const { page, dialogs, errors, violations } = await open('/d/evil');
    await page.waitForFunction(() => document.getElementById('live')?.textContent === 'Live');
    expect(await page.locator('h1').textContent()).toBe(`Acme ${HOSTILE.script}`);
    const card = page.locator('article.card').first();
    expect(await card.locator('h3').textContent()).toBe(`web ${HOSTILE.script}`);
    expect(await card.locator('.desc').textContent()).toBe(`${HOSTILE.img} ${HOSTILE.script}`);
    expect(await card.locator('.msg').textContent()).toContain(`${HOSTILE.img} ${HOSTILE.script}`);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    await card.locator('.desc').hover();
    await card.locator('.bars li').nth(45).hover();
    // the same hostile data again, through the live path
    const next = hostileDashboard(SAMPLE_NOW + 60_000);
    expect(server.push('evil', renderUpdateEvent(next))).toBeGreaterThan(0);
    await page.waitForFunction((iso) => document.querySelector('#overall time')?.getAttribute('datetime') === iso, new Date(SAMPLE_NOW + 60_000).toISOString());
    expect(await page.locator('article.card .msg').first().textContent()).toContain(HOSTILE.img);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('follows prefers-color-scheme: dark, without horizontal overflow', async () => {
    const { page, errors } = await open('/d/sample', { colorScheme: 'light' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(246, 247, 249)');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(13, 17, 23)');
    expect(await page.evaluate(() => getComputedStyle(document.body).color)).toBe('rgb(230, 237, 243)');
    expect(await overflow(page)).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('is readable on a 375-px phone: no horizontal overflow, every card within the screen', async () => {
    const { page, errors } = await open('/d/sample', { viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true });
    expect(await overflow(page)).toBe(0);
    const widest = await page.evaluate(() => Math.max(...[...document.querySelectorAll('article, .banner, .notice, h1, .bars')].map((e) => e.getBoundingClientRect().right)));
    expect(widest).toBeLessThanOrEqual(375);
    const barWidth = await page.evaluate(() => document.querySelector('.bars li')!.getBoundingClientRect().width);
    expect(barWidth).toBeGreaterThan(1);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await overflow(page)).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows everything with JavaScript off, and each daily bar names its figure on hover', async () => {
    const { page, errors } = await open('/d/sample', { javaScriptEnabled: false });
    expect(await liveText(page)).toBe('');
    expect(await page.locator('#live').isHidden()).toBe(true);
    expect(await page.locator('.cards article.card h3').count()).toBe(8);
    expect(await page.locator('.bars li').count()).toBe(8 * 90);
    expect(await page.locator('#m-checkout .msg').textContent()).toBe('connect ECONNREFUSED 10.0.4.12:443 while connecting');
    expect(await page.locator('#m-homepage time').first().textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(await page.locator('#open-incidents').isVisible()).toBe(true);
    expect(await page.locator('#history tbody tr').count()).toBe(3);
    expect(await page.locator('#m-homepage-perf .scores li').count()).toBe(4);
    expect(await page.locator('#m-homepage figure.chart svg path').count()).toBe(1);
    const bar = page.locator('#m-api .bars li.x').first();
    await bar.hover();
    const hovered = await page.evaluate(() => [...document.querySelectorAll(':hover')].pop()?.getAttribute('title') ?? null);
    expect(hovered).toMatch(/^\d{1,2} [A-Z][a-z]{2}: \d+\.\d\d%, \d+ down/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('updates the open page over SSE without a reload, and reconnects after a server restart', async () => {
    const { page, errors, violations } = await open('/d/live');
    await page.waitForFunction(() => document.getElementById('live')?.textContent === 'Live');
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));

    // homepage goes down
    const down: DashboardData = sampleDashboard(SAMPLE_NOW + 60_000);
    down.monitors[0]!.now = { status: 'down', message: 'connect ECONNREFUSED 127.0.0.1:443 while connecting', checkedAt: SAMPLE_NOW + 55_000, latencyMs: null };
    server.set('live', down);
    expect(server.push('live', renderUpdateEvent(down, { monitors: ['homepage'] }))).toBe(1);
    await page.waitForFunction(() => document.querySelector('#m-homepage .pill')?.textContent === 'Down', undefined, { timeout: 5000 });
    expect(await page.locator('#m-homepage .msg').textContent()).toBe('connect ECONNREFUSED 127.0.0.1:443 while connecting');
    expect(await page.locator('#overall .muted').textContent()).toBe('8 monitors: 2 down, 2 degraded, 1 without data');

    // the server restarts; meanwhile checkout recovers
    const recovered: DashboardData = sampleDashboard(SAMPLE_NOW + 120_000);
    recovered.monitors[3]!.now = { status: 'up', message: '200 OK in 98ms', checkedAt: SAMPLE_NOW + 115_000, latencyMs: 98 };
    recovered.openIncidents = recovered.openIncidents.filter((incident) => incident.monitor !== 'checkout');
    server.set('live', recovered);
    await server.restart();
    await page.waitForFunction(() => document.querySelector('#m-checkout .pill')?.textContent === 'Operational', undefined, { timeout: 15_000 });
    expect(await page.locator('#open-incidents .notice').count()).toBe(1);
    expect(await liveText(page)).toBe('Live');
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');
    expect(await page.title()).toBe('Acme status · Degraded performance');
    // the only errors: Chromium reporting the stream the restart cut off
    expect(errors.filter((e) => !/ERR_INCOMPLETE_CHUNKED_ENCODING|ERR_CONNECTION_REFUSED/.test(e))).toEqual([]);
    expect(violations).toEqual([]);
    await page.context().close();
  });
});
