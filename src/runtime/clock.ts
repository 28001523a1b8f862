/**
 * Time as the scheduler sees it, injected so tests can drive hours of schedule in milliseconds.
 * The system clock reads a monotonic source (performance.now on the process's epoch origin): a wall
 * clock stepped back by NTP would otherwise stall every schedule for as long as it was stepped.
 */
export type TimerHandle = unknown;

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  setTimer(fn: () => void, ms: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** setTimeout's longest delay (about 24.8 days); longer waits are re-armed in steps. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimer: (fn, ms) => setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMER_MS)),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
