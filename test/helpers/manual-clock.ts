/**
 * A clock the test moves by hand, for the scheduler: advance() fires due timers in time order and lets
 * promises settle after each, so hours of schedule run in milliseconds. `lateness` makes timers fire
 * that much after they were due, as a busy event loop does.
 */
import type { Clock, TimerHandle } from '../../src/runtime/clock.js';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/** Lets every promise chain started so far run to its next real wait. */
export async function settle(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

export class ManualClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly timers = new Map<number, Timer>();
  /** Milliseconds each timer fires after it was due. */
  lateness = 0;

  constructor(start = Date.UTC(2025, 0, 1)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(fn: () => void, ms: number): TimerHandle {
    const id = ++this.seq;
    this.timers.set(id, { at: this.time + Math.max(0, ms) + this.lateness, seq: id, fn });
    return id;
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  /** A wait on this clock, for fake checks that take time. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(resolve, ms - this.lateness));
  }

  pending(): number {
    return this.timers.size;
  }

  async advanceTo(target: number): Promise<void> {
    await settle();
    for (;;) {
      let next: [number, Timer] | undefined;
      for (const entry of this.timers) if (entry[1].at <= target && (!next || entry[1].at < next[1].at || (entry[1].at === next[1].at && entry[1].seq < next[1].seq))) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.time = Math.max(this.time, next[1].at);
      next[1].fn();
      await settle();
    }
    this.time = Math.max(this.time, target);
    await settle();
  }

  /** Moves time on without firing anything, as a suspended process sees it: overdue timers fire at the next advance. */
  jump(ms: number): void {
    this.time += ms;
  }

  advance(ms: number): Promise<void> {
    return this.advanceTo(this.time + ms);
  }
}
