/** What a run means for the exit code: the one rule every reporter and command shares. */
import { EXIT_FAILED, EXIT_OK } from './errors.js';
import type { Status, StatusCounts } from './result.js';

/** `down` (default): down or unknown fails. `degraded`: degraded fails too. `never`: only usage errors fail. */
export const FAIL_ON = ['down', 'degraded', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export function isFailing(status: Status, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  if (status === 'down' || status === 'unknown') return true;
  return status === 'degraded' && failOn === 'degraded';
}

export function exitCodeFor(counts: StatusCounts, failOn: FailOn): number {
  if (failOn === 'never') return EXIT_OK;
  const failed = counts.down + counts.unknown + (failOn === 'degraded' ? counts.degraded : 0);
  return failed > 0 ? EXIT_FAILED : EXIT_OK;
}
