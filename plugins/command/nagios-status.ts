/**
 * What a Nagios-compatible plugin's exit means (https://nagios-plugins.org/doc/guidelines.html#AEN78):
 * 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. Anything else is UNKNOWN too, as Nagios itself treats it,
 * with the shell's conventions (126, 127) spelled out.
 */
import type { Status } from '../../src/core/result.js';

const BY_CODE: Record<number, Status> = { 0: 'up', 1: 'degraded', 2: 'down', 3: 'unknown' };

export interface ProcessEnd {
  exitCode?: number;
  /** Set when the process was killed by a signal (SIGSEGV…). */
  signal?: string;
}

export function statusForExit(end: ProcessEnd): Status {
  if (end.exitCode === undefined) return 'unknown';
  return BY_CODE[end.exitCode] ?? 'unknown';
}

/** Why an exit does not map to a Nagios status, or undefined when it does. */
export function unusualExit(end: ProcessEnd): string | undefined {
  if (end.signal) return `the command was killed by ${end.signal}`;
  if (end.exitCode === undefined || end.exitCode in BY_CODE) return undefined;
  if (end.exitCode === 127) return 'exit code 127: command not found (by the shell)';
  if (end.exitCode === 126) return 'exit code 126: the command is not executable';
  return `exit code ${end.exitCode} is not a Nagios status (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)`;
}
