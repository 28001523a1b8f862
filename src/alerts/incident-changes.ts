/**
 * Which incidents one observed result opened or closed, from the alert state before and after it:
 * a new incident number opens one (down, or degraded), a phase back to ok closes the current one, and
 * a new incident supersedes an open one (degraded, then down) — it closes where the new one starts.
 * The alert engine writes these rows in its evaluation transaction (storage ports: incidents).
 */
import type { AlertState } from './alert-state.js';

export type IncidentChange =
  | { type: 'open'; monitor: string; rule: string; number: number; kind: 'down' | 'degraded'; startedAt: number; message: string | null }
  | { type: 'close'; monitor: string; rule: string; number: number; endedAt: number };

export function incidentChanges(before: AlertState, after: AlertState): IncidentChange[] {
  const changes: IncidentChange[] = [];
  const { monitor, rule } = after;
  const at = after.last?.at ?? Date.now();
  const opened = after.incident > before.incident && after.phase !== 'ok';
  if (before.phase !== 'ok' && (opened || after.phase === 'ok')) {
    // Through ok within this step (down, recovered, then degraded): it ended when the recovery began.
    const recovered = after.endedAt !== null && after.endedAt !== before.endedAt;
    changes.push({ type: 'close', monitor, rule, number: before.incident, endedAt: (recovered ? after.endedAt : after.since) ?? at });
  }
  if (opened) changes.push({ type: 'open', monitor, rule, number: after.incident, kind: after.phase as 'down' | 'degraded', startedAt: after.since ?? at, message: after.last?.message ?? null });
  return changes;
}
