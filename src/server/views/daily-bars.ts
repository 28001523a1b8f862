/**
 * The 90 daily uptime bars of a monitor: an HTML list, each day's figure in its title (the browser shows
 * it on hover, no JavaScript; screen readers read it). Days without data are grey; missing days at the
 * start (a monitor younger than 90 days) are padded as "no data" so every card's bars line up.
 * Kept lean, since 20 monitors × 90 days is most of the page: the commonest bar is `<li title="3 May: 100%">`
 * (a list item's end tag is optional in HTML, and the "up" colour needs no class).
 */
import type { DailyBar } from './dashboard-data.js';
import { escapeHtml } from './escape.js';
import { dayBand } from './status-words.js';
import { countText, percentText, shortDayText as shortDay } from './view-format.js';

export const DAYS_SHOWN = 90;

const DAY_MS = 86_400_000;

function dayBefore(day: string, n: number): string {
  const ts = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ts) ? '' : new Date(ts - n * DAY_MS).toISOString().slice(0, 10);
}

function barTitle(bar: DailyBar): string {
  const { up, degraded, down, unknown } = bar.counts;
  const checks = up + degraded + down + unknown;
  if (bar.uptimePercent === null || checks === 0) return `${shortDay(bar.day)}: no data`;
  const notes: string[] = [];
  if (down) notes.push(`${countText(down)} down`);
  if (degraded) notes.push(`${countText(degraded)} degraded`);
  if (unknown) notes.push(`${countText(unknown)} unknown`);
  const detail = notes.length ? `, ${notes.join(', ')}` : '';
  return `${shortDay(bar.day)}: ${percentText(bar.uptimePercent)}${detail}`;
}

function barItem(bar: DailyBar): string {
  const band = dayBand(bar.uptimePercent);
  const cls = band === 'u' ? '' : ` class="${band}"`;
  return `<li${cls} title="${escapeHtml(barTitle(bar))}">`;
}

/** Uptime over the days shown, weighting each day by its checks (null when no day has data). */
export function uptimeOverDays(bars: readonly DailyBar[]): number | null {
  let good = 0;
  let counted = 0;
  for (const bar of bars) {
    good += bar.counts.up + bar.counts.degraded;
    counted += bar.counts.up + bar.counts.degraded + bar.counts.down;
  }
  return counted === 0 ? null : (good / counted) * 100;
}

export function renderDailyBars(bars: readonly DailyBar[], today: string): string {
  const shown = bars.slice(-DAYS_SHOWN);
  const first = shown[0]?.day ?? dayBefore(today, -1);
  let items = '';
  for (let missing = DAYS_SHOWN - shown.length; missing > 0; missing--) {
    items += `<li class="n" title="${escapeHtml(shortDay(dayBefore(first, missing)))}: no data">`;
  }
  for (const bar of shown) items += barItem(bar);
  const overall = percentText(uptimeOverDays(shown));
  return (
    `<ol class="bars" aria-label="Daily uptime, last ${DAYS_SHOWN} days">${items}</ol>` +
    `<div class="axis"><span>${DAYS_SHOWN} days ago</span><span>${escapeHtml(overall)} uptime</span><span>Today</span></div>`
  );
}
