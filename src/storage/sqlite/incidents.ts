/** Incidents in SQLite (migration 5): opened and closed by the alert engine, acknowledged through the API. */
import { redact } from '../../privacy/redactor.js';
import type { Incident, IncidentOpening, IncidentQuery, IncidentsPort } from '../ports/incidents.js';
import { INCIDENT_COLUMNS, toIncident, type IncidentRow } from '../serve-rows.js';
import type { SqliteConnection } from './connection.js';
import type { Runner } from './gate.js';

export class SqliteIncidents implements IncidentsPort {
  constructor(
    private readonly c: SqliteConnection,
    private readonly run: Runner,
  ) {}

  open(incident: IncidentOpening): Promise<boolean> {
    return this.run(
      () =>
        this.c
          .sql('INSERT INTO incidents (monitor, rule, number, kind, started_at, message) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (monitor, rule, number) DO NOTHING')
          .run(incident.monitor, incident.rule, incident.number, incident.kind, incident.startedAt, incident.message === null ? null : redact(incident.message)).changes > 0,
    );
  }

  close(monitor: string, rule: string, number: number, endedAt: number): Promise<boolean> {
    return this.run(() => this.c.sql('UPDATE incidents SET ended_at = ? WHERE monitor = ? AND rule = ? AND number = ? AND ended_at IS NULL').run(endedAt, monitor, rule, number).changes > 0);
  }

  get(id: number): Promise<Incident | undefined> {
    return this.run(() => {
      const row = this.c.sql(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = ?`).get(id) as IncidentRow | undefined;
      return row && toIncident(row);
    });
  }

  list(query: IncidentQuery = {}): Promise<Incident[]> {
    return this.run(() => {
      const where: string[] = [];
      const values: unknown[] = [];
      if (query.monitors) {
        if (query.monitors.length === 0) return [];
        // json_each: one statement whatever the number of monitors.
        where.push('monitor IN (SELECT value FROM json_each(?))');
        values.push(JSON.stringify(query.monitors));
      }
      if (query.open !== undefined) where.push(query.open ? 'ended_at IS NULL' : 'ended_at IS NOT NULL');
      if (query.since !== undefined) {
        where.push('(ended_at IS NULL OR ended_at >= ?)');
        values.push(query.since);
      }
      if (query.beforeId !== undefined) {
        where.push('id < ?');
        values.push(query.beforeId);
      }
      const sql = `SELECT ${INCIDENT_COLUMNS} FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
      return (this.c.sql(sql).all(...values, query.limit ?? 50) as IncidentRow[]).map(toIncident);
    });
  }

  acknowledge(id: number, by: string, at: number): Promise<Incident | undefined> {
    return this.run(() => {
      this.c.sql('UPDATE incidents SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL').run(redact(by), at, id);
      const row = this.c.sql(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = ?`).get(id) as IncidentRow | undefined;
      return row && toIncident(row);
    });
  }
}
