/**
 * The activity port in PostgreSQL: sources, cursors, salts and keys, sessions, retention and device
 * events here; the bulk writers, the site figures and the data-rights sets in their own files.
 */
import { randomBytes } from 'node:crypto';
import { SALT_BYTES } from '../../../privacy/visitor-hasher.js';
import type {
  ActivityPort,
  ActivitySource,
  AgentEventWriter,
  DataCounts,
  DeviceEventRow,
  ExportedRow,
  ImportCursor,
  RowSet,
  SiteFigures,
  SiteRetention,
  SiteRowWriter,
  SourceKind,
  StoredSession,
} from '../../ports/activity.js';
import type { Sql } from '../sql-session.js';
import { PgAgentEventWriter } from './agent-event-writer.js';
import { loadCursors } from './cursor-rows.js';
import { countRows, deleteRows, exportRows } from './data-rights.js';
import { siteFigures } from './site-figures.js';
import { PgSiteRowWriter } from './site-row-writer.js';

/** Device events are fetched this many at a time from a cursor, so a year of events never sits in memory. */
const EVENT_PAGE = 5_000;

export class PgActivityPort implements ActivityPort {
  constructor(
    private readonly sql: Sql,
    /** Salts by day, shared by every port of one Storage. */
    private readonly salts: Map<number, Buffer>,
  ) {}

  // — sources —

  async sourceId(kind: SourceKind, name: string, now: number): Promise<number> {
    const found = await this.findSource(kind, name);
    if (found !== undefined) return found;
    const { rows } = await this.sql.query<{ id: number }>('INSERT INTO activity_sources (kind, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (kind, name) DO NOTHING RETURNING id', [kind, name, now]);
    // Another process created it between the two statements: it is committed, so it is found now.
    return rows[0]?.id ?? (await this.findSource(kind, name))!;
  }

  async findSource(kind: SourceKind, name: string): Promise<number | undefined> {
    const { rows } = await this.sql.query<{ id: number }>('SELECT id FROM activity_sources WHERE kind = $1 AND name = $2', [kind, name]);
    return rows[0]?.id;
  }

  async sources(kind?: SourceKind): Promise<ActivitySource[]> {
    const { rows } = await this.sql.query<ActivitySource>('SELECT id, kind, name FROM activity_sources WHERE $1::text IS NULL OR kind = $1 ORDER BY kind, name', [kind ?? null]);
    return rows;
  }

  // — cursors —

  loadCursors(sourceId: number): Promise<ImportCursor[]> {
    return loadCursors(this.sql, sourceId);
  }

  async touchCursor(id: number, now: number): Promise<void> {
    await this.sql.query('UPDATE activity_cursors SET updated_at = $1 WHERE id = $2', [now, id]);
  }

  async deleteStaleCursors(sourceId: number, now: number, maxAgeMs: number): Promise<number> {
    const { rowCount } = await this.sql.query('DELETE FROM activity_cursors WHERE source_id = $1 AND updated_at < $2', [sourceId, now - maxAgeMs]);
    return rowCount ?? 0;
  }

  async newestImported(sourceId: number): Promise<number | null> {
    const { rows } = await this.sql.query<{ ts: number | null }>(
      'SELECT GREATEST((SELECT MAX(last_ts) FROM activity_cursors WHERE source_id = $1), (SELECT MAX(cursor_ts) FROM agent_buckets WHERE agent_id = $1)) AS ts',
      [sourceId],
    );
    return rows[0]!.ts;
  }

  // — privacy keys —

  async saltFor(day: number): Promise<Buffer> {
    const cached = this.salts.get(day);
    if (cached) return cached;
    // Always outside the caller's transaction: the salt must be committed before any row hashed with it.
    const root = this.sql.root;
    await root.query('INSERT INTO activity_salts (day, salt) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING', [day, randomBytes(SALT_BYTES)]);
    const { rows } = await root.query<{ salt: Buffer }>('SELECT salt FROM activity_salts WHERE day = $1', [day]);
    this.salts.set(day, rows[0]!.salt);
    return rows[0]!.salt;
  }

  async heldSalts(): Promise<{ day: number; salt: Buffer }[]> {
    const { rows } = await this.sql.query<{ day: number; salt: Buffer }>('SELECT day, salt FROM activity_salts ORDER BY day');
    return rows;
  }

  async deleteSaltsBefore(oldestDay: number): Promise<number> {
    for (const day of this.salts.keys()) if (day < oldestDay) this.salts.delete(day);
    const { rowCount } = await this.sql.query('DELETE FROM activity_salts WHERE day < $1', [oldestDay]);
    return rowCount ?? 0;
  }

  async importSaltFor(sourceId: number, day: number, now: number): Promise<Buffer> {
    // Outside the caller's transaction, as saltFor: committed before any row hashed with it.
    const root = this.sql.root;
    await root.query('INSERT INTO activity_import_salts (source_id, day, salt, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [sourceId, day, randomBytes(SALT_BYTES), now]);
    const { rows } = await root.query<{ salt: Buffer }>('SELECT salt FROM activity_import_salts WHERE source_id = $1 AND day = $2', [sourceId, day]);
    return rows[0]!.salt;
  }

  async deleteImportSalts(which: { sourceId: number } | { createdBefore: number }): Promise<number> {
    const { rowCount } =
      'sourceId' in which
        ? await this.sql.query('DELETE FROM activity_import_salts WHERE source_id = $1', [which.sourceId])
        : await this.sql.query('DELETE FROM activity_import_salts WHERE created_at < $1', [which.createdBefore]);
    return rowCount ?? 0;
  }

  async namedKey(name: string, create = true): Promise<Buffer | undefined> {
    if (create) await this.sql.query('INSERT INTO activity_keys (name, key) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, randomBytes(SALT_BYTES)]);
    const { rows } = await this.sql.query<{ key: Buffer }>('SELECT key FROM activity_keys WHERE name = $1', [name]);
    return rows[0]?.key;
  }

  // — sites —

  async optOuts(siteId: number): Promise<number[]> {
    const { rows } = await this.sql.query<{ visitor_key: number }>('SELECT visitor_key FROM site_opt_outs WHERE site_id = $1', [siteId]);
    return rows.map((row) => row.visitor_key);
  }

  async openSessions(siteId: number, sessionTimeoutMs: number): Promise<StoredSession[]> {
    const { rows } = await this.sql.query<StoredSession>(
      `SELECT id, visitor_id AS "visitorId", started_at AS "startedAt", ended_at AS "endedAt", requests, page_views AS "pageViews", entry_path AS "entryPath"
       FROM site_sessions WHERE site_id = $1 AND ended_at >= (SELECT MAX(ended_at) FROM site_sessions WHERE site_id = $1) - $2 ORDER BY ended_at`,
      [siteId, sessionTimeoutMs],
    );
    return rows;
  }

  siteWriter(siteId: number): SiteRowWriter {
    return new PgSiteRowWriter(this.sql, siteId);
  }

  async applySiteRetention(siteId: number, policy: SiteRetention, now: number): Promise<Record<string, number>> {
    const deleted = { pageViews: 0, sessions: 0 };
    await this.sql.transaction(async (tx) => {
      deleted.pageViews += (await tx.query('DELETE FROM site_page_views WHERE site_id = $1 AND ts < $2', [siteId, now - policy.pageViewsMs])).rowCount ?? 0;
      deleted.sessions += (await tx.query('DELETE FROM site_sessions WHERE site_id = $1 AND started_at < $2', [siteId, now - policy.sessionsMs])).rowCount ?? 0;
    });
    // The newest session past the cap: it and everything older goes, with their requests.
    const { rows } = await this.sql.query<{ id: number; started_at: number }>(
      'SELECT id, started_at FROM site_sessions WHERE site_id = $1 ORDER BY started_at DESC, id DESC LIMIT 1 OFFSET $2',
      [siteId, policy.maxSessions],
    );
    const cut = rows[0];
    if (cut) {
      await this.sql.transaction(async (tx) => {
        const older = 'site_id = $1 AND (started_at < $2 OR (started_at = $2 AND id <= $3))';
        const args = [siteId, cut.started_at, cut.id];
        const last = await tx.query<{ last_end: number }>(`SELECT MAX(ended_at) AS last_end FROM site_sessions WHERE ${older}`, args);
        // Requests of those sessions lie between the first session's start and the last one's end: the ts index finds them.
        deleted.pageViews +=
          (await tx.query(`DELETE FROM site_page_views WHERE site_id = $1 AND ts <= $4 AND session_id IN (SELECT id FROM site_sessions WHERE ${older})`, [...args, last.rows[0]!.last_end])).rowCount ?? 0;
        deleted.sessions += (await tx.query(`DELETE FROM site_sessions WHERE ${older}`, args)).rowCount ?? 0;
      });
    }
    return deleted;
  }

  siteFigures(siteId: number, from: number, to: number, options: { ownHost: string; top: number }): Promise<SiteFigures> {
    return siteFigures(this.sql, siteId, from, to, options);
  }

  // — agents —

  agentWriter(agentId: number): AgentEventWriter {
    return new PgAgentEventWriter(this.sql, agentId);
  }

  async applyAgentRetention(agentId: number, eventsMs: number, now: number): Promise<Record<string, number>> {
    const { rowCount } = await this.sql.query('DELETE FROM agent_events WHERE end_at < $1 AND bucket_id IN (SELECT id FROM agent_buckets WHERE agent_id = $2)', [now - eventsMs, agentId]);
    return { events: rowCount ?? 0 };
  }

  async devices(agentId: number, name?: string): Promise<{ id: number; name: string }[]> {
    const { rows } = await this.sql.query<{ id: number; name: string }>('SELECT id, name FROM agent_devices WHERE agent_id = $1 AND ($2::text IS NULL OR name = $2) ORDER BY name', [agentId, name ?? null]);
    return rows;
  }

  async *deviceEvents(deviceId: number, from: number, to: number, which: 'afk' | 'activity'): AsyncIterable<DeviceEventRow> {
    const type = which === 'afk' ? "b.type = 'afkstatus'" : "b.type != 'afkstatus'";
    // Events that overlap the window: started before its end, ended after its start; in start order.
    const rows = this.sql.stream<{ type: DeviceEventRow['bucketType']; start_at: number; end_at: number; app: string | null; domain: string | null; status: string | null }>(
      `SELECT b.type, e.start_at, e.end_at, e.app, e.domain, e.status FROM agent_events e JOIN agent_buckets b ON b.id = e.bucket_id
       WHERE b.device_id = $1 AND ${type} AND e.start_at < $2 AND e.end_at > $3 ORDER BY e.start_at, e.id`,
      [deviceId, to, from],
      EVENT_PAGE,
    );
    for await (const row of rows) yield { bucketType: row.type, start: row.start_at, end: row.end_at, app: row.app, domain: row.domain, status: row.status };
  }

  // — data rights —

  countRows(sets: readonly RowSet[]): Promise<DataCounts> {
    return countRows(this.sql, sets);
  }

  deleteRows(sets: readonly RowSet[]): Promise<DataCounts> {
    return deleteRows(this.sql, sets);
  }

  exportRows(sets: readonly RowSet[]): AsyncIterable<ExportedRow> {
    return exportRows(this.sql, sets);
  }
}
