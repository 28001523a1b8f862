/** Short renderings for the TUI's cells: latency, uptime, clock time, age. Pure. */
import { formatDuration } from '../core/duration.js';
import { formatTimestamp } from '../core/timestamp.js';

export function formatLatency(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '–' : formatDuration(ms);
}

/** 100%, 99.95%, 87.3%: two decimals where the difference matters (near 100), one below. */
export function formatUptime(percent: number | null): string {
  if (percent === null) return '–';
  if (percent >= 99.995) return '100%';
  return `${percent.toFixed(percent >= 99 ? 2 : 1)}%`;
}

/** The time of day, UTC like every other trackz timestamp: 12:03:04. */
export function formatClock(ms: number): string {
  return formatTimestamp(ms).slice(11);
}

/** How long ago: 3s ago, 4m05s ago; "just now" under a second. */
export function formatAge(ms: number, now: number): string {
  const age = now - ms;
  return age < 1000 ? 'just now' : `${formatDuration(Math.floor(age / 1000) * 1000)} ago`;
}

/** 1234567 → 1,234,567 (fixed locale, so output does not depend on the machine). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
