/** Small shared renderings for every view: status words and symbols, latency, relative times, colours. */
import picocolors from 'picocolors';
import { formatDuration } from '../core/duration.js';
import type { Status, StatusCounts } from '../core/result.js';

export type Colors = ReturnType<typeof picocolors.createColors>;

export function colors(enabled: boolean): Colors {
  return picocolors.createColors(enabled);
}

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org) or TERM is dumb. */
export function useColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

const SYMBOLS: Record<Status, string> = { up: '✔', degraded: '▲', down: '✖', unknown: '?' };

export function statusLabel(status: Status, c: Colors): string {
  const paint = { up: c.green, degraded: c.yellow, down: c.red, unknown: c.magenta }[status];
  return paint(`${SYMBOLS[status]} ${status}`);
}

export function latencyText(ms: number | null | undefined): string {
  return ms === undefined || ms === null ? '–' : formatDuration(ms);
}

export function countsText(counts: StatusCounts): string {
  const parts = (['up', 'degraded', 'down', 'unknown'] as const).filter((s) => counts[s] > 0 || s === 'up').map((s) => `${counts[s]} ${s}`);
  return `${counts.total} monitor${counts.total === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/** `5m ago`, `in 30s`, `now`: whole seconds, as a list read at a glance needs them (absolute times are in --json). */
export function relativeTime(at: number, now: number): string {
  const seconds = Math.round((at - now) / 1000);
  if (seconds === 0) return 'now';
  const span = formatDuration(Math.abs(seconds) * 1000);
  return seconds < 0 ? `${span} ago` : `in ${span}`;
}
