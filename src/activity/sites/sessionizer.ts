/**
 * Sessions: a visitor's requests belong to one session until they pause longer than the timeout
 * (30 minutes by default). Requests logged slightly out of order still join the open session.
 */

export interface SessionSpan {
  startedAt: number;
  endedAt: number;
}

export const DEFAULT_SESSION_TIMEOUT_MS = 30 * 60_000;

/** Whether a request at `ts` continues `session` (or starts a new one). */
export function continuesSession(session: SessionSpan | undefined, ts: number, timeoutMs: number): boolean {
  if (!session) return false;
  return ts - session.endedAt <= timeoutMs && session.startedAt - ts <= timeoutMs;
}

/** The span after adding a request. */
export function extendSession(session: SessionSpan, ts: number): void {
  if (ts > session.endedAt) session.endedAt = ts;
  if (ts < session.startedAt) session.startedAt = ts;
}
