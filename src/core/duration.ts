/**
 * Durations in config and flags: `500ms`, `90s`, `1h30m`, `7d`. A bare number is refused on purpose:
 * "800" could mean ms or s, and a monitoring config must not guess.
 */
import { UserError } from './errors.js';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION_RE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;
const PART_RE = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;

/** Milliseconds for a duration string, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const compact = text.trim().replace(/\s+/g, '');
  if (!DURATION_RE.test(compact)) return undefined;
  let total = 0;
  for (const [, value, unit] of compact.matchAll(PART_RE)) total += Number(value) * UNIT_MS[unit!]!;
  return Math.round(total);
}

export const DURATION_HINT = 'a duration such as 500ms, 90s, 1h30m or 7d';

/**
 * The longest wait a timer can hold: Node's setTimeout takes a signed 32-bit number of ms, and a
 * longer one fires at once (with only a warning). A timeout, interval or retry delay past it could
 * not be honoured, so the config refuses it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
/** The longest duration anything accepts (retention, reminders…): 100 years, well inside what dates can hold. */
export const MAX_DURATION_MS = 100 * 365 * 86_400_000;

/** Why `ms` cannot be used where at most `max` fits, or undefined when it can. */
export function durationLimitProblem(ms: number, max: number = MAX_DURATION_MS): string | undefined {
  if (Number.isFinite(ms) && ms <= max) return undefined;
  return max === MAX_TIMER_MS
    ? 'expected at most 24d20h (about 24.8 days, 2^31 ms): a timer cannot wait longer, it would fire at once'
    : 'expected at most 100 years (5200w)';
}

/** A duration given on the command line (`--for 2h`, `--since 7d`): milliseconds, or a UserError naming the flag. */
export function parseDurationFlag(text: string, flag: string, max: number = MAX_DURATION_MS): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new UserError(`${flag}: expected ${DURATION_HINT}, got "${text}"`);
  const problem = durationLimitProblem(ms, max);
  if (problem) throw new UserError(`${flag}: ${problem}, got "${text}"`);
  return ms;
}

const trimZeros = (fixed: string) => fixed.replace(/\.?0+$/, '');

/** Compact human form: 950ms, 12.3s, 4m05s, 2h10m, 3d4h. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  // Each unit is chosen on the rounded value, so 999.6 ms reads "1s" and 59.97 s reads "1m", never "1000ms" or "60s".
  if (Math.round(ms) < 1000) return `${Math.round(ms)}ms`;
  if (Number((ms / 1000).toFixed(2)) < 10) return `${trimZeros((ms / 1000).toFixed(2))}s`;
  if (Number((ms / 1000).toFixed(1)) < 60) return `${trimZeros((ms / 1000).toFixed(1))}s`;
  const totalSeconds = Math.round(ms / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (days > 0) return hours ? `${days}d${hours}h` : `${days}d`;
  if (hours > 0) return minutes ? `${hours}h${String(minutes).padStart(2, '0')}m` : `${hours}h`;
  return seconds ? `${minutes}m${String(seconds).padStart(2, '0')}s` : `${minutes}m`;
}

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** Bytes for a size such as `1MiB`, `512KiB`, `2MB` or `1048576`. */
export function parseSize(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isInteger(text) && text >= 0 ? text : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase();
  return Math.round(Number(match[1]) * SIZE_UNITS[unit]!);
}

export const SIZE_HINT = 'a size such as 1MiB, 512KiB or a number of bytes';
