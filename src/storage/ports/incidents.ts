/**
 * Incidents: one row per alert incident, written by the alert engine inside its evaluation
 * transaction when a rule's phase opens (down or degraded) and when it closes, so the dashboard shows
 * open incidents and their history and the API can acknowledge one. (monitor, rule, number) is unique:
 * a second process applying the same results writes nothing twice.
 */
export type IncidentKind = 'down' | 'degraded';

export interface Incident {
  id: number;
  monitor: string;
  rule: string;
  /** The rule's incident number for this monitor (AlertState.incident). */
  number: number;
  kind: IncidentKind;
  startedAt: number;
  /** null while open. */
  endedAt: number | null;
  /** What the check said when it opened. */
  message: string | null;
  acknowledgedBy: string | null;
  acknowledgedAt: number | null;
}

export interface IncidentOpening {
  monitor: string;
  rule: string;
  number: number;
  kind: IncidentKind;
  startedAt: number;
  message: string | null;
}

export interface IncidentQuery {
  /** Only these monitors. */
  monitors?: readonly string[];
  /** Only open ones (true) or only closed ones (false). */
  open?: boolean;
  /** Only incidents still open at, or ended after, this time. */
  since?: number;
  /** Page backwards: only ids below this one. */
  beforeId?: number;
  /** Newest first; default 50. */
  limit?: number;
}

export interface IncidentsPort {
  /** Records an incident that opened; false when it is already recorded. The message is redacted. */
  open(incident: IncidentOpening): Promise<boolean>;
  /** Closes it (when still open); false when there was nothing open to close. */
  close(monitor: string, rule: string, number: number, endedAt: number): Promise<boolean>;
  get(id: number): Promise<Incident | undefined>;
  /** Newest first (as recorded: ids grow with time, so `beforeId` pages backwards). */
  list(query?: IncidentQuery): Promise<Incident[]>;
  /** Marks it acknowledged (once: a second ack keeps the first); undefined when there is no such incident. */
  acknowledge(id: number, by: string, at: number): Promise<Incident | undefined>;
}
