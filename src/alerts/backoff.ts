/**
 * When a failed notification is tried again: exponential back-off with "equal jitter" (between half
 * and all of the exponential delay), so many runs retrying one broken channel spread out.
 */
export interface BackoffSettings {
  backoffMs: number;
  maxBackoffMs: number;
}

/** Delay after the `failedAttempts`-th failure (1 for the first). */
export function retryDelayMs(failedAttempts: number, settings: BackoffSettings, random: () => number = Math.random): number {
  const exponential = Math.min(settings.maxBackoffMs, settings.backoffMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
