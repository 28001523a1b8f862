/**
 * The refusal `trackz watch` gives without a terminal, outside src/tui so the command can say it before
 * anything heavy (the config, the storage, Ink) is loaded.
 */
import { UserError } from '../core/errors.js';

/** Refuses, with where to go instead, when either end is not a terminal (a pipe, cron, CI). */
export function assertInteractive(stdin: { isTTY?: boolean }, stdout: { isTTY?: boolean }): void {
  const missing = [stdin.isTTY ? '' : 'stdin', stdout.isTTY ? '' : 'stdout'].filter(Boolean);
  if (missing.length === 0) return;
  throw new UserError(
    `trackz watch needs a terminal, but ${missing.join(' and ')} ${missing.length === 1 ? 'is not a TTY' : 'are not TTYs'}. ` +
      'For one run with a report, use `trackz check`; to keep checking without a terminal, use `trackz serve`.',
  );
}
