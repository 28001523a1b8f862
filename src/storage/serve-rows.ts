/**
 * The rows of `trackz serve`'s tables (migration 5) as both adapters read them (the same column
 * names), and their mapping to the port types: one place, so both backends answer alike.
 */
import type { ApiKeyInfo, ApiRole, AuditEntry, DashboardLink } from './ports/access.js';
import type { Incident, IncidentKind } from './ports/incidents.js';

/** The longest path the audit log keeps. */
export const AUDIT_PATH_MAX = 512;

export interface LinkRow {
  dashboard: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface KeyRow {
  name: string;
  role: ApiRole;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface AuditRow {
  key_name: string | null;
  method: string;
  path: string;
  status: number;
  at: number;
}

export interface IncidentRow {
  id: number;
  monitor: string;
  rule: string;
  number: number;
  kind: IncidentKind;
  started_at: number;
  ended_at: number | null;
  message: string | null;
  acknowledged_by: string | null;
  acknowledged_at: number | null;
}

export const INCIDENT_COLUMNS = 'id, monitor, rule, number, kind, started_at, ended_at, message, acknowledged_by, acknowledged_at';

export const toLink = (row: LinkRow): DashboardLink => ({ dashboard: row.dashboard, createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at });

export const toKey = (row: KeyRow): ApiKeyInfo => ({ name: row.name, role: row.role, createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at });

export const toAudit = (row: AuditRow): AuditEntry => ({ keyName: row.key_name, method: row.method, path: row.path, status: row.status, at: row.at });

export const toIncident = (row: IncidentRow): Incident => ({
  id: row.id,
  monitor: row.monitor,
  rule: row.rule,
  number: row.number,
  kind: row.kind,
  startedAt: row.started_at,
  endedAt: row.ended_at,
  message: row.message,
  acknowledgedBy: row.acknowledged_by,
  acknowledgedAt: row.acknowledged_at,
});

/** An audit entry as stored: the path cut to AUDIT_PATH_MAX, the method to a short word. */
export function auditValues(entry: AuditEntry): [string | null, string, string, number, number] {
  return [entry.keyName, entry.method.slice(0, 16), entry.path.slice(0, AUDIT_PATH_MAX), entry.status, entry.at];
}
