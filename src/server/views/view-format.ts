/**
 * How the dashboard writes numbers and times. Times are UTC (the page is the same for every viewer;
 * the inline script adds "3 min ago" where JavaScript runs). Plain strings out: escape where used.
 */
import { formatDuration } from '../../core/duration.js';

/** 99.999 → "99.99%" (floored: a day with one failure never reads 100%), 100 → "100%", null → "–". */
export function percentText(percent: number | null | undefined): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return '–';
  if (percent >= 100) return '100%';
  return `${(Math.floor(percent * 100) / 100).toFixed(2)}%`;
}

export function latencyText(ms: number | null | undefined): string {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? '–' : formatDuration(ms);
}

export function durationText(ms: number): string {
  return formatDuration(Math.max(0, ms));
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2024-05-01 14:03 UTC" */
export function utcText(ts: number): string {
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return '–';
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

export function isoText(ts: number): string {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2024-05-03" → "3 May" (the year is clear within 90 days; unparseable days are shown as given). */
export function shortDayText(day: string): string {
  const match = /^\d{4}-(\d{2})-(\d{2})$/.exec(day);
  const month = match ? MONTHS[Number(match[1]) - 1] : undefined;
  return match && month ? `${Number(match[2])} ${month}` : day;
}

/** 1234567 → "1,234,567" (fixed separators: the page does not depend on the server's locale). */
export function countText(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Lighthouse's 0…1 score as the 0…100 people know. */
export function scoreText(score: number | undefined): string {
  return score === undefined || !Number.isFinite(score) ? '–' : String(Math.round(score * 100));
}

/** 23.7 → "23 days", 1.2 → "1 day", below 0 → "expired". */
export function certText(daysLeft: number): string {
  if (daysLeft < 0) return 'expired';
  const days = Math.floor(daysLeft);
  return `${countText(days)} day${days === 1 ? '' : 's'}`;
}
