/** The heatmap port in PostgreSQL: beacon records (clicks, scrolls, custom events) per site. */
import type { TimeRange } from '../ports/activity.js';
import { BEACON_KINDS, type BeaconCounts, type BeaconKind, type BeaconRecords, type HeatmapPageCounts, type HeatmapPort, type HeatmapQuery } from '../ports/heatmaps.js';
import { BEACON_EXPORTS, BEACON_TABLES, noBeaconCounts, siteRangeWhere } from '../rows/beacon-rows.js';
import type { Sql } from './sql-session.js';

const dollar = (index: number) => `$${index}`;

/** One multi-row INSERT from column arrays (unnest), so a flush is one round trip per table. */
async function insertColumns(sql: Sql, table: string, columns: string[], types: string[], rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const arrays = columns.map((_, i) => rows.map((row) => row[i]));
  const params = types.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
  await sql.query(`INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${params})`, arrays);
}

export class PgHeatmapsPort implements HeatmapPort {
  constructor(private readonly sql: Sql) {}

  writeBeaconRecords(siteId: number, records: BeaconRecords): Promise<void> {
    return this.sql.transaction(async (tx) => {
      await insertColumns(tx, 'site_clicks', ['site_id', 'ts', 'path', 'selector', 'x', 'y', 'width'], ['bigint', 'bigint', 'text', 'text', 'float8', 'float8', 'int'], records.clicks.map((r) => [siteId, r.ts, r.path, r.selector, r.x, r.y, r.width]));
      await insertColumns(tx, 'site_scrolls', ['site_id', 'ts', 'path', 'depth', 'width'], ['bigint', 'bigint', 'text', 'float8', 'int'], records.scrolls.map((r) => [siteId, r.ts, r.path, r.depth, r.width]));
      await insertColumns(tx, 'site_events', ['site_id', 'ts', 'path', 'name', 'props'], ['bigint', 'bigint', 'text', 'text', 'text'], records.events.map((r) => [siteId, r.ts, r.path, r.name, r.props]));
    });
  }

  async clicks(q: HeatmapQuery): Promise<{ selector: string; x: number; y: number; count: number }[]> {
    const { rows } = await this.sql.query<{ selector: string; x: number; y: number; count: number }>(
      `SELECT selector, ROUND(x::numeric, 2)::float8 AS x, ROUND(y::numeric, 2)::float8 AS y, COUNT(*)::int AS count FROM site_clicks
       WHERE site_id = $1 AND path = $2 AND width = $3 AND ts >= $4 GROUP BY 1, 2, 3 ORDER BY count DESC, selector`,
      [q.siteId, q.path, q.width, q.since ?? 0],
    );
    return rows;
  }

  async scrollDepths(q: HeatmapQuery): Promise<number[]> {
    const { rows } = await this.sql.query<{ depth: number }>('SELECT depth FROM site_scrolls WHERE site_id = $1 AND path = $2 AND width = $3 AND ts >= $4 ORDER BY depth', [q.siteId, q.path, q.width, q.since ?? 0]);
    return rows.map((r) => r.depth);
  }

  async pages(siteId: number, options: { limit: number; since?: number }): Promise<HeatmapPageCounts[]> {
    const { rows } = await this.sql.query<HeatmapPageCounts>(
      `SELECT path, width, SUM(clicks)::int AS clicks, SUM(views)::int AS "scrollViews" FROM (
         SELECT path, width, COUNT(*) AS clicks, 0 AS views FROM site_clicks WHERE site_id = $1 AND ts >= $2 GROUP BY path, width
         UNION ALL
         SELECT path, width, 0, COUNT(*) FROM site_scrolls WHERE site_id = $1 AND ts >= $2 GROUP BY path, width
       ) AS counted GROUP BY path, width ORDER BY 3 DESC, 4 DESC, path, width LIMIT $3`,
      [siteId, options.since ?? 0, options.limit],
    );
    return rows;
  }

  async eventCounts(siteId: number, from: number, to: number): Promise<{ name: string; count: number }[]> {
    const { rows } = await this.sql.query<{ name: string; count: number }>('SELECT name, COUNT(*)::int AS count FROM site_events WHERE site_id = $1 AND ts >= $2 AND ts < $3 GROUP BY name ORDER BY count DESC, name', [siteId, from, to]);
    return rows;
  }

  async countRecords(siteId: number, range: TimeRange = {}): Promise<BeaconCounts> {
    const { where, params } = siteRangeWhere(siteId, range, dollar);
    const counts = noBeaconCounts();
    for (const kind of BEACON_KINDS) counts[kind] = Number((await this.sql.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${BEACON_TABLES[kind]} WHERE ${where}`, params)).rows[0]!.n);
    return counts;
  }

  deleteRecords(siteId: number, range: TimeRange = {}): Promise<BeaconCounts> {
    const { where, params } = siteRangeWhere(siteId, range, dollar);
    return this.sql.transaction(async (tx) => {
      const counts = noBeaconCounts();
      for (const kind of BEACON_KINDS) counts[kind] = (await tx.query(`DELETE FROM ${BEACON_TABLES[kind]} WHERE ${where}`, params)).rowCount ?? 0;
      return counts;
    });
  }

  async *exportRecords(siteId: number, kind: BeaconKind, range: TimeRange = {}): AsyncGenerator<Record<string, unknown>> {
    const { where, params } = siteRangeWhere(siteId, range, dollar);
    const { select, map } = BEACON_EXPORTS[kind];
    for await (const row of this.sql.stream<Record<string, unknown>>(`SELECT ${select} FROM ${BEACON_TABLES[kind]} WHERE ${where} ORDER BY id`, params)) yield map(row);
  }
}
