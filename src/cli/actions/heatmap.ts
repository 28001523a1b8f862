/**
 * `trackz heatmap SITE PATH [--width 1280] --out heat.png [--url BASE] [--json]` as a plain function:
 * the clicks and scroll depths stored for a page at a viewport width bucket; with --out, the page
 * loaded in Debian's Chromium (playwright-core, never a downloaded browser) at that width, the click
 * density and scroll-reach bands drawn over it, and a full-page PNG. --json prints the numbers
 * (with each element's box at that width when a PNG was drawn).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT_FAILED, UserError } from '../../core/errors.js';
import { didYouMean } from '../../config/suggest.js';
import { loadConfig } from '../../config/load.js';
import { scrollReach, type HeatmapClickGroup, type ScrollReach } from '../../activity/heatmap/heatmap-figures.js';
import { widthBucket } from '../../storage/ports/heatmaps.js';
import { withStorage } from './with-storage.js';

export interface HeatmapOptions {
  configPath?: string;
  cwd?: string;
  site: string;
  path: string;
  width: number;
  out?: string;
  url?: string;
  json?: boolean;
  /** The browser; default /usr/bin/chromium or TRACKZ_CHROMIUM. */
  chromium?: string;
}

export interface HeatmapReport {
  site: string;
  path: string;
  width: number;
  widthBucket: number;
  clicks: (HeatmapClickGroup & { box?: { left: number; top: number; width: number; height: number } | null })[];
  totalClicks: number;
  scroll: ScrollReach;
  png?: string;
}

const BLOT_RADIUS_PX = 28;

export async function heatmap(options: HeatmapOptions): Promise<string> {
  const config = await loadConfig(options);
  const sites = config.root.sites ?? [];
  const site = sites.find((s) => s.name === options.site);
  if (!site) {
    const hint = didYouMean(options.site, sites.map((s) => s.name));
    throw new UserError(`no site named "${options.site}"${hint ? ` (${hint})` : ''}`);
  }
  if (!options.path.startsWith('/')) throw new UserError(`PATH must start with / (a page path such as /pricing), not "${options.path}"`);
  if (!Number.isInteger(options.width) || options.width < 200 || options.width > 4000) throw new UserError('--width must be a whole number of pixels, 200-4000');
  if (!options.out && !options.json) throw new UserError('give --out FILE.png for the picture, or --json for the numbers');
  const bucket = widthBucket(options.width);
  const report: HeatmapReport = await withStorage(
    config,
    { readonly: true, ifEmpty: () => ({ site: site.name, path: options.path, width: options.width, widthBucket: bucket, clicks: [], totalClicks: 0, scroll: scrollReach([]) }) },
    async (storage) => {
      const siteId = await storage.activity.findSource('site', site.name);
      if (siteId === undefined) return { site: site.name, path: options.path, width: options.width, widthBucket: bucket, clicks: [], totalClicks: 0, scroll: scrollReach([]) };
      const query = { siteId, path: options.path, width: bucket };
      const [clicks, depths] = await Promise.all([storage.heatmaps.clicks(query), storage.heatmaps.scrollDepths(query)]);
      return { site: site.name, path: options.path, width: options.width, widthBucket: bucket, clicks, totalClicks: clicks.reduce((n, c) => n + c.count, 0), scroll: scrollReach(depths) };
    },
  );
  if (options.out) {
    const base = options.url ?? (site.domain ? `https://${site.domain}` : undefined);
    if (!base) throw new UserError(`site "${site.name}" has no domain: give --url BASE (e.g. --url https://blog.example.com)`);
    const out = resolve(options.cwd ?? process.cwd(), options.out);
    const boxes = await drawPng(new URL(options.path, base).href, out, report, options);
    report.clicks = report.clicks.map((c, i) => ({ ...c, box: boxes[i] ?? null }));
    report.png = out;
  }
  if (options.json) return `${JSON.stringify(report, null, 2)}\n`;
  const found = report.clicks.filter((c) => c.box).reduce((n, c) => n + c.count, 0);
  return `${report.png}: ${report.totalClicks} clicks (${found} on elements found at ${options.width}px), ${report.scroll.views} page views with scroll depth\n`;
}

async function drawPng(url: string, out: string, report: HeatmapReport, options: HeatmapOptions) {
  const executablePath = options.chromium ?? process.env.TRACKZ_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new UserError(`no Chromium at ${executablePath}: install Debian's chromium package (scripts/setup-system.sh) or set TRACKZ_CHROMIUM`, EXIT_FAILED);
  const [{ chromium }, { drawOverlay }] = await Promise.all([import('playwright-core'), import('../../activity/heatmap/heatmap-overlay.js')]);
  const browser = await chromium.launch({ executablePath, args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: options.width, height: 800 } });
    const response = await page.goto(url, { waitUntil: 'load', timeout: 30_000 }).catch((error: Error) => {
      throw new UserError(`cannot load ${url}: ${error.message.split('\n')[0]}`, EXIT_FAILED);
    });
    if (response && !response.ok()) throw new UserError(`cannot load ${url}: HTTP ${response.status()}`, EXIT_FAILED);
    const result = await page.evaluate(drawOverlay, { clicks: report.clicks, reach: report.scroll, radius: BLOT_RADIUS_PX });
    await page.screenshot({ path: out, fullPage: true });
    return result.boxes;
  } finally {
    await browser.close();
  }
}
