/**
 * A site's heatmap view under a dashboard's link (`/d/<token>/sites/<site>/heatmap?path=…&width=…`):
 * the numbers `trackz heatmap` draws, as server-rendered HTML — the site's pages with heatmap data
 * (most clicked first, with their width buckets), the chosen page's clicked elements as a bar list,
 * and how far its page views scrolled. No script and no picture: drawing one needs Chromium, which a
 * web request must never start; the page says which command draws it. Links are relative (`?path=…`,
 * `../../` back to the dashboard), so the rendered bytes hold no token and can be shared per snapshot.
 * Paths and selectors come from visitors' browsers: every one passes escapeHtml (and
 * encodeURIComponent inside a link); bars are SVG attributes, never style="" (the CSP forbids it).
 */
import { widthBucketLabel, type ClickedElement, type HeatmapPageSummary, type ScrollReach } from '../../activity/heatmap/heatmap-figures.js';
import { escapeHtml } from './escape.js';
import { pageHead } from './page-shell.js';
import { countText } from './view-format.js';

export interface HeatmapShown {
  path: string;
  /** The width bucket (px). */
  width: number;
  totalClicks: number;
  elements: ClickedElement[];
  reach: ScrollReach;
}

export interface HeatmapViewData {
  site: string;
  /** The dashboard's title, for the way back. */
  dashboardTitle: string;
  /** Every page with heatmap data, most clicked first. */
  pages: HeatmapPageSummary[];
  /** The page and width shown; null when the site has no heatmap data yet. */
  shown: HeatmapShown | null;
}

const PAGES_SHOWN = 20;
const ELEMENTS_SHOWN = 25;
/** `trackz heatmap --width` takes 200–4000 px: the hint names a width inside the bucket it can load. */
const CLI_WIDTH = { min: 200, max: 4000 };
const ICON = `<link rel="icon" href="data:image/svg+xml,${encodeURIComponent("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'><circle cx='8' cy='8' r='7' fill='#cf222e'/></svg>")}">`;

/** `?path=…&width=…` (relative: the same view, another page or width). */
export function heatmapQuery(path: string, width: number): string {
  return `?path=${encodeURIComponent(path)}&width=${width}`;
}

const percent = (fraction: number): string => `${Math.round(fraction * 100)}%`;

/** A bar 0..1 of the row's width, drawn with SVG attributes (allowed by the CSP, unlike style=""). */
function bar(fraction: number): string {
  const w = Math.max(0, Math.min(100, fraction * 100)).toFixed(1);
  return `<svg viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true"><rect class="track" width="100" height="6"/><rect width="${w}" height="6"/></svg>`;
}

/** A word the shell reads as itself: paths come from browsers, so anything unusual is single-quoted. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function pageList(data: HeatmapViewData): string {
  const rows = data.pages.slice(0, PAGES_SHOWN).map((page) => {
    const current = page.path === data.shown?.path;
    const widths = page.widths
      .map((w) => {
        const here = current && w.width === data.shown?.width;
        return `<a class="chip" href="${escapeHtml(heatmapQuery(page.path, w.width))}"${here ? ' aria-current="page"' : ''}>${escapeHtml(widthBucketLabel(w.width))} · ${countText(w.clicks)}</a>`;
      })
      .join('');
    return (
      `<li><a class="page" href="${escapeHtml(heatmapQuery(page.path, page.widths[0]!.width))}"${current ? ' aria-current="page"' : ''}>${escapeHtml(page.path)}</a>` +
      `<b>${countText(page.clicks)} clicks · ${countText(page.scrollViews)} scrolls</b><div class="chips">${widths}</div></li>`
    );
  });
  const more = data.pages.length > PAGES_SHOWN ? `<p class="empty">and ${countText(data.pages.length - PAGES_SHOWN)} more pages</p>` : '';
  return `<section aria-labelledby="pages-h"><h2 id="pages-h">Pages with heatmap data</h2><ul class="list pages">${rows.join('')}</ul>${more}</section>`;
}

function elementList(shown: HeatmapShown): string {
  if (shown.elements.length === 0) return '<p class="empty">No clicks recorded on this page at this width.</p>';
  const rows = shown.elements
    .slice(0, ELEMENTS_SHOWN)
    .map((e) => `<li><code>${escapeHtml(e.selector)}</code><b>${countText(e.clicks)} · ${percent(e.share)}</b>${bar(e.share)}</li>`)
    .join('');
  const rest = shown.elements.length - ELEMENTS_SHOWN;
  const more = rest > 0 ? `<p class="empty">and ${countText(rest)} more elements</p>` : '';
  return `<ul class="hbars">${rows}</ul>${more}`;
}

function reachList(reach: ScrollReach): string {
  if (reach.views === 0) return '<p class="empty">No scroll depths recorded on this page at this width.</p>';
  const rows = reach.reached
    .map(({ share, depth }) => `<li><span>${share}% of views</span><b>reached ${percent(depth)} of the page</b>${bar(depth)}</li>`)
    .join('');
  return `<ul class="hbars">${rows}</ul>`;
}

function shownSection(site: string, shown: HeatmapShown): string {
  const cliWidth = Math.min(CLI_WIDTH.max, Math.max(CLI_WIDTH.min, shown.width));
  const command = `trackz heatmap ${shellWord(site)} ${shellWord(shown.path)} --width ${cliWidth} --out heat.png`;
  return (
    `<section aria-labelledby="shown-h"><h2 id="shown-h"><code>${escapeHtml(shown.path)}</code> at ${escapeHtml(widthBucketLabel(shown.width))}</h2>` +
    `<div class="grid2"><article class="card"><div class="card-head"><h3>Clicked elements</h3><span class="type">${countText(shown.totalClicks)} clicks</span></div>${elementList(shown)}</article>` +
    `<article class="card"><div class="card-head"><h3>Scroll reach</h3><span class="type">${countText(shown.reach.views)} page views</span></div>${reachList(shown.reach)}</article></div>` +
    `<p class="vitals">To see it drawn over the page: <code>${escapeHtml(command)}</code></p></section>`
  );
}

export function renderHeatmapPage(data: HeatmapViewData): string {
  const body =
    data.shown === null
      ? '<p class="empty">No clicks or scroll depths recorded for this site yet.</p>'
      : shownSection(data.site, data.shown) + pageList(data);
  return (
    pageHead(`Heatmap · ${data.site} · ${data.dashboardTitle}`, ICON) +
    `<body><header class="top wrap"><p class="muted"><a href="../../">← ${escapeHtml(data.dashboardTitle)}</a></p>` +
    `<h1>Heatmap · ${escapeHtml(data.site)}</h1><p class="lede">Where visitors click and how far they scroll, per page and viewport width, over all the site keeps.</p></header>` +
    `<main class="wrap">${body}</main><footer class="wrap">Monitored with trackz</footer></body></html>`
  );
}
