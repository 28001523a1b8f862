/**
 * Slows down guessing. Each address gets `freeMisses` misses (404s of unknown tokens and paths, 401s)
 * per window; every miss beyond that is answered later, `stepMs` more each time up to `maxDelayMs`, so
 * a scan of the token space from one address crawls. An address holding more than `maxPending` delayed
 * answers has its connection closed instead (holding answers must not become a way to hold sockets).
 * Hits are never delayed. The table is bounded: the oldest addresses are forgotten first.
 */

export interface ThrottleSettings {
  freeMisses: number;
  windowMs: number;
  stepMs: number;
  maxDelayMs: number;
  maxPending: number;
  maxAddresses: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = { freeMisses: 20, windowMs: 60_000, stepMs: 250, maxDelayMs: 5_000, maxPending: 4, maxAddresses: 10_000 };

interface Entry {
  windowStart: number;
  misses: number;
  pending: number;
}

/** What to do with a miss: answer now, answer after `delayMs`, or drop the connection. */
export type MissVerdict = { delayMs: number } | 'drop';

export class MissThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly settings: ThrottleSettings = DEFAULT_THROTTLE) {}

  miss(address: string, now: number): MissVerdict {
    let entry = this.entries.get(address);
    if (!entry || now - entry.windowStart >= this.settings.windowMs) {
      if (entry) this.entries.delete(address);
      entry = { windowStart: now, misses: 0, pending: entry?.pending ?? 0 };
      if (this.entries.size >= this.settings.maxAddresses) this.entries.delete(this.entries.keys().next().value!);
    } else this.entries.delete(address);
    // Re-inserted: the Map's order is then least recently missed first.
    this.entries.set(address, entry);
    entry.misses++;
    const excess = entry.misses - this.settings.freeMisses;
    if (excess <= 0) return { delayMs: 0 };
    if (entry.pending >= this.settings.maxPending) return 'drop';
    entry.pending++;
    return { delayMs: Math.min(excess * this.settings.stepMs, this.settings.maxDelayMs) };
  }

  /** A delayed answer went out (or its connection closed). */
  released(address: string): void {
    const entry = this.entries.get(address);
    if (entry && entry.pending > 0) entry.pending--;
  }

  /** Addresses tracked (tests, and a bound to check). */
  size(): number {
    return this.entries.size;
  }
}
