/** Incidents in PostgreSQL (migration 5), as in SQLite: opened and closed by the alert engine, acknowledged through the API. */
import { redact } from '../../privacy/redactor.js';
import type { Incident, IncidentOpening, IncidentQuery, IncidentsPort } from '../ports/incidents.js';
import { INCIDENT_COLUMNS, toIncident, type IncidentRow } from '../serve-rows.js';
import { textArray } from './pg-arrays.js';
import type { Sql } from './sql-session.js';

export class PgIncidentsPort implements IncidentsPort {
  constructor(private readonly sql: Sql) {}

  async open(incident: IncidentOpening): Promise<boolean> {
    const { rowCount } = await this.sql.query(
      'INSERT INTO incidents (monitor, rule, number, kind, started_at, message) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (monitor, rule, number) DO NOTHING',
      [incident.monitor, incident.rule, incident.number, incident.kind, incident.startedAt, incident.message === null ? null : redact(incident.message)],
    );
    return (rowCount ?? 0) > 0;
  }

  async close(monitor: string, rule: string, number: number, endedAt: number): Promise<boolean> {
    const { rowCount } = await this.sql.query('UPDATE incidents SET ended_at = $1 WHERE monitor = $2 AND rule = $3 AND number = $4 AND ended_at IS NULL', [endedAt, monitor, rule, number]);
    return (rowCount ?? 0) > 0;
  }

  async get(id: number): Promise<Incident | undefined> {
    const { rows } = await this.sql.query<IncidentRow>(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = $1`, [id]);
    return rows[0] && toIncident(rows[0]);
  }

  async list(query: IncidentQuery = {}): Promise<Incident[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const param = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    if (query.monitors) {
      if (query.monitors.length === 0) return [];
      where.push(`monitor = ANY(${param(textArray(query.monitors))}::text[])`);
    }
    if (query.open !== undefined) where.push(query.open ? 'ended_at IS NULL' : 'ended_at IS NOT NULL');
    if (query.since !== undefined) where.push(`(ended_at IS NULL OR ended_at >= ${param(query.since)})`);
    if (query.beforeId !== undefined) where.push(`id < ${param(query.beforeId)}`);
    const limit = param(query.limit ?? 50);
    const { rows } = await this.sql.query<IncidentRow>(`SELECT ${INCIDENT_COLUMNS} FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`, values);
    return rows.map(toIncident);
  }

  async acknowledge(id: number, by: string, at: number): Promise<Incident | undefined> {
    await this.sql.query('UPDATE incidents SET acknowledged_by = $1, acknowledged_at = $2 WHERE id = $3 AND acknowledged_at IS NULL', [redact(by), at, id]);
    return this.get(id);
  }
}
