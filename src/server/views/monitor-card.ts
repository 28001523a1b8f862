/**
 * One monitor's card: status now and why, the figures (latency, uptime over 24h/7d/30d/1y, certificate
 * days, last check), Lighthouse scores and Web Vitals, the 90 daily bars and the latency chart.
 * The page renders every card with this, and an SSE update carries the same card re-rendered
 * (sse.ts), so a live page and a reloaded one show the same markup.
 */
import {
  LIGHTHOUSE_CATEGORIES,
  UPTIME_WINDOWS,
  WEB_VITALS,
  type DashboardMonitor,
  type LighthouseFigures,
  type WebVital,
} from './dashboard-data.js';
import { renderDailyBars } from './daily-bars.js';
import { escapeHtml } from './escape.js';
import { monitorFragmentId } from './fragment-ids.js';
import { renderLatencyChart } from './latency-chart.js';
import { certStatus, STATUS_WORDS, shownStatus, type ShownStatus } from './status-words.js';
import { timeTag } from './time-tag.js';
import { certText, durationText, latencyText, percentText, scoreText, utcText } from './view-format.js';

const CATEGORY_NAMES: Record<(typeof LIGHTHOUSE_CATEGORIES)[number], string> = {
  performance: 'Performance',
  accessibility: 'Accessibility',
  'best-practices': 'Best practices',
  seo: 'SEO',
};

const VITAL_NAMES: Record<WebVital, string> = {
  lcp_ms: 'LCP',
  cls: 'CLS',
  fcp_ms: 'FCP',
  tbt_ms: 'TBT',
  ttfb_ms: 'TTFB',
  speed_index_ms: 'Speed index',
};

/** Lighthouse's own colour bands: 90+ good, 50+ needs improvement, below poor. */
function scoreStatus(score: number): ShownStatus {
  return score >= 0.9 ? 'up' : score >= 0.5 ? 'degraded' : 'down';
}

function vitalText(name: WebVital, value: number): string {
  return name === 'cls' ? String(Math.round(value * 1000) / 1000) : latencyText(value);
}

function lighthouseBlock(figures: LighthouseFigures): string {
  const scores = LIGHTHOUSE_CATEGORIES.flatMap((id) => {
    const score = figures.scores[id];
    if (score === undefined || !Number.isFinite(score)) return [];
    return [`<li class="s-${scoreStatus(score)}"><b>${scoreText(score)}</b>${CATEGORY_NAMES[id]}</li>`];
  });
  const vitals = WEB_VITALS.flatMap((id) => {
    const value = figures.vitals[id];
    return value === undefined || !Number.isFinite(value) ? [] : [`${VITAL_NAMES[id]} ${vitalText(id, value)}`];
  });
  return (
    (scores.length ? `<ul class="scores" aria-label="Lighthouse scores">${scores.join('')}</ul>` : '') +
    (vitals.length ? `<p class="vitals">${vitals.join(' · ')}</p>` : '')
  );
}

function figure(term: string, value: string, extra = ''): string {
  return `<div${extra}><dt>${term}</dt><dd>${value}</dd></div>`;
}

function figuresBlock(monitor: DashboardMonitor): string {
  let out = '';
  if (monitor.now) out += figure('Latency', escapeHtml(latencyText(monitor.now.latencyMs)));
  for (const window of UPTIME_WINDOWS) {
    const uptime = monitor.uptime[window];
    const approximate = uptime.approximate && uptime.percent !== null;
    const value = approximate
      ? `<span title="approximate (hourly roll-ups)">≈${escapeHtml(percentText(uptime.percent))}</span>`
      : escapeHtml(percentText(uptime.percent));
    out += figure(`Uptime ${window}`, value);
  }
  if (monitor.cert && Number.isFinite(monitor.cert.daysLeft)) {
    const days = monitor.cert.daysLeft;
    const title = monitor.cert.validTo ? ` title="expires ${utcText(monitor.cert.validTo)}"` : '';
    out += figure('Certificate', `<span class="tag s-${certStatus(days)}"${title}>${certText(days)}</span>`);
  }
  if (monitor.now) out += figure('Checked', timeTag(monitor.now.checkedAt));
  return `<dl class="figures">${out}</dl>`;
}

function incidentLine(monitor: DashboardMonitor, now: number): string {
  const incident = monitor.openIncident;
  if (!incident) return '';
  const word = incident.kind === 'down' ? 'Down' : 'Degraded';
  return `<p class="since s-${incident.kind}">${word} since ${timeTag(incident.since, false)} (${durationText(now - incident.since)})</p>`;
}

export function renderMonitorCard(monitor: DashboardMonitor, generatedAt: number): string {
  const status = shownStatus(monitor);
  const today = new Date(generatedAt).toISOString().slice(0, 10);
  const description = monitor.description ? `<p class="desc">${escapeHtml(monitor.description)}</p>` : '';
  const message = monitor.now?.message ? `<p class="msg">${escapeHtml(monitor.now.message)}</p>` : '';
  const chart = renderLatencyChart(monitor.latency);
  return (
    `<article class="card s-${status}" id="${monitorFragmentId(monitor.name)}">` +
    `<div class="card-head"><h3>${escapeHtml(monitor.name)}</h3><span class="type">${escapeHtml(monitor.type)}</span>` +
    `<span class="pill"><span class="dot"></span>${STATUS_WORDS[status]}</span></div>` +
    description +
    message +
    incidentLine(monitor, generatedAt) +
    figuresBlock(monitor) +
    (monitor.lighthouse ? lighthouseBlock(monitor.lighthouse) : '') +
    renderDailyBars(monitor.daily, today) +
    (chart || (monitor.now ? '' : '<p class="empty">No results yet: the first check has not run.</p>')) +
    `</article>`
  );
}
