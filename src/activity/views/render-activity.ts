/** Activity reports as text: a few compact tables per site and per agent device. */
import Table from 'cli-table3';
import { formatDuration } from '../../core/duration.js';
import { colors } from '../../reporters/format.js';
import type { AgentReport } from './agent-report.js';
import type { SiteReport } from './site-report.js';
import { formatTimestamp } from '../../core/timestamp.js';

const n = (value: number | null) => (value === null ? '–' : value.toLocaleString('en-US'));
const pct = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)}%`);
const ms = (value: number | null) => (value === null ? '–' : formatDuration(value));

function table(head: string[], rows: (string | number)[][], bold: (s: string) => string): string {
  const t = new Table({ head: head.map(bold), style: { head: [], border: [], compact: true }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } });
  for (const row of rows) t.push(row.map(String));
  return t.toString();
}

/** Two small tables side by side would not fit 80 columns; they are stacked, each titled. */
function section(title: string, body: string, empty: boolean): string {
  return empty ? '' : `\n${title}\n${body}\n`;
}

export function renderSiteReport(report: SiteReport, color: boolean): string {
  const c = colors(color);
  const range = `${formatTimestamp(report.from, 'minutes')} – ${formatTimestamp(report.to, 'minutes')} UTC`;
  let out = `${c.bold(`site ${report.site}`)}  ${c.dim(range)}\n`;
  out += table(
    ['VISITORS', 'SESSIONS', 'PAGE VIEWS', 'BOUNCE', 'AVG SESSION', 'REQUESTS', 'BOTS'],
    [[n(report.visitors), n(report.sessions), n(report.pageViews), pct(report.bounceRate), ms(report.avgSessionMs), n(report.requests), n(report.botRequests)]],
    c.bold,
  );
  out += '\n';
  out += section('Top pages', table(['PATH', 'VIEWS', 'VISITORS'], report.topPages.map((p) => [p.path, n(p.views), n(p.visitors)]), c.bold), report.topPages.length === 0);
  out += section('Referrers', table(['HOST', 'VIEWS'], report.referrers.map((r) => [r.host, n(r.views)]), c.bold), report.referrers.length === 0);
  out += section('Status codes', table(['STATUS', 'REQUESTS'], report.statusCodes.map((s) => [s.status, n(s.requests)]), c.bold), report.statusCodes.length === 0);
  out += section('Browsers', table(['BROWSER', 'VISITORS', 'VIEWS'], report.browsers.map((b) => [b.browser, n(b.visitors), n(b.views)]), c.bold), report.browsers.length === 0);
  out += section('Systems', table(['OS', 'VISITORS', 'VIEWS'], report.systems.map((s) => [s.os, n(s.visitors), n(s.views)]), c.bold), report.systems.length === 0);
  out += section('Countries', table(['COUNTRY', 'VISITORS', 'VIEWS'], report.countries.map((s) => [s.country, n(s.visitors), n(s.views)]), c.bold), report.countries.length === 0);
  if (report.requests === 0) out += `\nNo requests in this window. Run \`trackz import ${report.site}\` (or \`trackz check\`) to import its logs.\n`;
  return `${out}\n`;
}

export function renderAgentReport(report: AgentReport, color: boolean): string {
  const c = colors(color);
  const range = `${formatTimestamp(report.from, 'minutes')} – ${formatTimestamp(report.to, 'minutes')} UTC`;
  let out = `${c.bold(`agent ${report.agent}`)}  ${c.dim(range)}\n`;
  if (report.devices.length === 0) return `${out}No devices yet. Run \`trackz import ${report.agent}\` (or \`trackz check\`) to import their activity.\n\n`;
  out += table(
    ['DEVICE', 'ACTIVE', 'AFK SHARE', 'TOP APP', 'TOP DOMAIN'],
    report.devices.map((d) => [d.device, formatDuration(d.activeMs), d.afkShare === null ? 'no AFK data' : pct(d.afkShare), d.topApps[0]?.app ?? '–', d.topDomains[0]?.domain ?? '–']),
    c.bold,
  );
  out += '\n';
  for (const d of report.devices) {
    out += section(`${d.device}: top apps`, table(['APP', 'TIME'], d.topApps.map((a) => [a.app, formatDuration(a.ms)]), c.bold), d.topApps.length === 0);
    out += section(`${d.device}: top web domains`, table(['DOMAIN', 'TIME'], d.topDomains.map((w) => [w.domain, formatDuration(w.ms)]), c.bold), d.topDomains.length === 0);
  }
  return `${out}\n`;
}
