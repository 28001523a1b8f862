/**
 * A monitor's schedule as arithmetic: slot k starts at anchor + k·interval. The next run is always a
 * slot of this grid, never "interval after the last one ended", so lateness and slow checks never
 * accumulate into drift. Pure functions, tested directly.
 */

export interface SlotGrid {
  /** When slot 0 starts (epoch ms): the scheduler's start plus this monitor's jitter. */
  anchor: number;
  intervalMs: number;
}

export function slotTime(grid: SlotGrid, slot: number): number {
  return grid.anchor + slot * grid.intervalMs;
}

/** The first slot that starts at or after `time`. */
export function slotAtOrAfter(grid: SlotGrid, time: number): number {
  if (time <= grid.anchor) return 0;
  let slot = Math.ceil((time - grid.anchor) / grid.intervalMs);
  // Floating-point division can land a hair above an exact slot boundary.
  if (slot > 0 && slotTime(grid, slot - 1) >= time) slot--;
  return slot;
}

/** The last slot that starts at or before `time` (0 before the anchor). */
export function slotAtOrBefore(grid: SlotGrid, time: number): number {
  if (time <= grid.anchor) return 0;
  let slot = Math.floor((time - grid.anchor) / grid.intervalMs);
  if (slotTime(grid, slot + 1) <= time) slot++;
  return slot;
}

export interface JitterOptions {
  /** At most this fraction of the interval. Default 0.1. */
  ratio?: number;
  /** And at most this many milliseconds, so a daily check still starts soon. Default 5 s. */
  maxMs?: number;
}

/**
 * A fixed offset per monitor name, so monitors with one interval do not all fire together: the same
 * name always gets the same offset (a restart keeps the spread; two runners spread alike).
 */
export function jitterMs(name: string, intervalMs: number, options: JitterOptions = {}): number {
  const span = Math.min(intervalMs * (options.ratio ?? 0.1), options.maxMs ?? 5_000);
  if (!(span > 0)) return 0;
  return Math.floor(unitHash(name) * span);
}

/** FNV-1a over the name's UTF-16 code units, then murmur3's finaliser (names differing in their last
 * character would otherwise land close together), mapped to [0, 1). */
function unitHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32;
}
