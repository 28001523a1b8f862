/** Activity reports as text: a few compact tables per site and per agent device. */
import { formatDuration } from '../../core/duration.js';
import { colors } from '../../ui/format.js';
import { renderTable, type Fit } from '../../ui/table.js';
import type { AgentReport } from './agent-report.js';
import type { SiteReport } from './site-report.js';
import { formatTimestamp } from '../../core/timestamp.js';

const n = (value: number | null) => (value === null ? '–' : value.toLocaleString('en-US'));
const pct = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)}%`);
const ms = (value: number | null) => (value === null ? '–' : formatDuration(value));

export interface ActivityView {
  color: boolean;
  /** Columns to fit; absent for a pipe. */
  width?: number;
}

/** The first column (a path, a host, an app) is cut when the table is too wide; the counts never are. */
function table(head: string[], rows: (string | number)[][], bold: (s: string) => string, width: number | undefined, first: Fit = 'cut'): string {
  return renderTable(
    head.map((header, i) => ({ header, fit: i === 0 ? first : 'fixed' })),
    rows.map((row) => row.map(String)),
    { width, header: bold },
  );
}

/** Two small tables side by side would not fit 80 columns; they are stacked, each titled. */
function section(title: string, body: string, empty: boolean): string {
  return empty ? '' : `\n${title}\n${body}\n`;
}

export function renderSiteReport(report: SiteReport, view: ActivityView): string {
  const c = colors(view.color);
  const w = view.width;
  const range = `${formatTimestamp(report.from, 'minutes')} – ${formatTimestamp(report.to, 'minutes')} UTC`;
  let out = `${c.bold(`site ${report.site}`)}  ${c.dim(range)}\n`;
  out += table(
    ['VISITORS', 'SESSIONS', 'PAGE VIEWS', 'BOUNCE', 'AVG SESSION', 'REQUESTS', 'BOTS'],
    [[n(report.visitors), n(report.sessions), n(report.pageViews), pct(report.bounceRate), ms(report.avgSessionMs), n(report.requests), n(report.botRequests)]],
    c.bold,
    w,
    'fixed',
  );
  out += '\n';
  out += section('Top pages', table(['PATH', 'VIEWS', 'VISITORS'], report.topPages.map((p) => [p.path, n(p.views), n(p.visitors)]), c.bold, w), report.topPages.length === 0);
  out += section('Referrers', table(['HOST', 'VIEWS'], report.referrers.map((r) => [r.host, n(r.views)]), c.bold, w), report.referrers.length === 0);
  out += section('Status codes', table(['STATUS', 'REQUESTS'], report.statusCodes.map((s) => [s.status, n(s.requests)]), c.bold, w), report.statusCodes.length === 0);
  out += section('Browsers', table(['BROWSER', 'VISITORS', 'VIEWS'], report.browsers.map((b) => [b.browser, n(b.visitors), n(b.views)]), c.bold, w), report.browsers.length === 0);
  out += section('Systems', table(['OS', 'VISITORS', 'VIEWS'], report.systems.map((s) => [s.os, n(s.visitors), n(s.views)]), c.bold, w), report.systems.length === 0);
  out += section('Countries', table(['COUNTRY', 'VISITORS', 'VIEWS'], report.countries.map((s) => [s.country, n(s.visitors), n(s.views)]), c.bold, w), report.countries.length === 0);
  if (report.requests === 0) out += `\nNo requests in this window. Run \`trackz import ${report.site}\` (or \`trackz check\`) to import its logs.\n`;
  return `${out}\n`;
}

export function renderAgentReport(report: AgentReport, view: ActivityView): string {
  const c = colors(view.color);
  const w = view.width;
  const range = `${formatTimestamp(report.from, 'minutes')} – ${formatTimestamp(report.to, 'minutes')} UTC`;
  let out = `${c.bold(`agent ${report.agent}`)}  ${c.dim(range)}\n`;
  if (report.devices.length === 0) return `${out}No devices yet. Run \`trackz import ${report.agent}\` (or \`trackz check\`) to import their activity.\n\n`;
  out += renderTable(
    [{ header: 'DEVICE', fit: 'name' }, { header: 'ACTIVE' }, { header: 'AFK SHARE' }, { header: 'TOP APP', fit: 'cut' }, { header: 'TOP DOMAIN', fit: 'cut' }],
    report.devices.map((d) => [d.device, formatDuration(d.activeMs), d.afkShare === null ? 'no AFK data' : pct(d.afkShare), d.topApps[0]?.app ?? '–', d.topDomains[0]?.domain ?? '–']),
    { width: w, header: c.bold },
  );
  out += '\n';
  for (const d of report.devices) {
    out += section(`${d.device}: top apps`, table(['APP', 'TIME'], d.topApps.map((a) => [a.app, formatDuration(a.ms)]), c.bold, w), d.topApps.length === 0);
    out += section(`${d.device}: top web domains`, table(['DOMAIN', 'TIME'], d.topDomains.map((t) => [t.domain, formatDuration(t.ms)]), c.bold, w), d.topDomains.length === 0);
  }
  return `${out}\n`;
}
