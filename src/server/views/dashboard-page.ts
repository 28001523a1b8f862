/**
 * The shared dashboard page (`/d/<token>`): one self-contained HTML document, no external assets,
 * everything server-rendered so it reads the same with JavaScript off. One inline <style> and one
 * inline <script>, both constants allowed by hash (page-headers.ts), so the CSP needs no
 * 'unsafe-inline' and no per-request work. Every value from config or results passes escapeHtml.
 */
import { renderActivity } from './activity-cards.js';
import type { DashboardData } from './dashboard-data.js';
import { escapeHtml } from './escape.js';
import { renderHistory, renderMaintenance, renderOpenIncidents } from './incident-sections.js';
import { renderMonitorCard } from './monitor-card.js';
import { pageTitle, renderIcon, renderOverall } from './overall-banner.js';
import { DASHBOARD_CSP } from './page-headers.js';
import { PAGE_SCRIPT } from './page-script.js';
import { pageHead } from './page-shell.js';

export interface DashboardPageOptions {
  /** The SSE stream, e.g. `/d/<token>/events`. Without it the page is static (no script runs anything). */
  eventsUrl?: string;
  /** Links in the footer and the feed's <link rel=alternate>, e.g. `/d/<token>/status.json`. */
  statusJsonUrl?: string;
  feedUrl?: string;
}

export interface RenderedPage {
  html: string;
  /** The Content-Security-Policy header to send with it (a constant). */
  csp: string;
}

/** The monitors' cards in a container with a fixed id: what SSE updates replace card by card. */
export function renderMonitorCards(data: DashboardData): string {
  if (data.monitors.length === 0) return '<p class="muted">This dashboard has no monitors.</p>';
  return `<div class="cards">${data.monitors.map((monitor) => renderMonitorCard(monitor, data.generatedAt)).join('')}</div>`;
}

function footer(options: DashboardPageOptions): string {
  const links = [
    options.statusJsonUrl ? `<a href="${escapeHtml(options.statusJsonUrl)}">status.json</a>` : '',
    options.feedUrl ? `<a href="${escapeHtml(options.feedUrl)}">Incident feed (Atom)</a>` : '',
  ].filter(Boolean);
  return `<footer class="wrap">${links.length ? `${links.join(' · ')} · ` : ''}Times in UTC · Monitored with trackz</footer>`;
}

export function renderDashboardPage(data: DashboardData, options: DashboardPageOptions = {}): RenderedPage {
  const feedLink = options.feedUrl
    ? `<link rel="alternate" type="application/atom+xml" title="Incidents" href="${escapeHtml(options.feedUrl)}">`
    : '';
  const events = options.eventsUrl ? ` data-events="${escapeHtml(options.eventsUrl)}"` : '';
  const description = data.description ? `<p class="lede">${escapeHtml(data.description)}</p>` : '';
  const html =
    pageHead(pageTitle(data), renderIcon(data) + feedLink) +
    `<body${events}><header class="top wrap"><h1>${escapeHtml(data.title)}</h1>${description}</header>` +
    `<main class="wrap">${renderOverall(data)}` +
    renderOpenIncidents(data) +
    renderMaintenance(data) +
    `<section aria-labelledby="monitors-h"><h2 id="monitors-h">Monitors</h2>${renderMonitorCards(data)}</section>` +
    renderActivity(data.sites, data.agents) +
    renderHistory(data) +
    `</main>${footer(options)}<script>${PAGE_SCRIPT}</script></body></html>`;
  return { html, csp: DASHBOARD_CSP };
}
