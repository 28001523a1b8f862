/** The heatmap port in SQLite: beacon records (clicks, scrolls, custom events) per site. */
import type { TimeRange } from '../ports/activity.js';
import { BEACON_KINDS, type BeaconCounts, type BeaconKind, type BeaconRecords, type HeatmapPageCounts, type HeatmapPort, type HeatmapQuery } from '../ports/heatmaps.js';
import { BEACON_EXPORTS, BEACON_TABLES, noBeaconCounts, siteRangeWhere } from '../rows/beacon-rows.js';
import type { SqliteConnection } from './connection.js';
import type { Scope } from './gate.js';
import { explainingStream } from './sqlite-errors.js';

export class SqliteHeatmaps implements HeatmapPort {
  constructor(
    private readonly c: SqliteConnection,
    private readonly scope: Scope,
  ) {}

  private run<T>(work: () => T): Promise<T> {
    return this.scope.run(work);
  }

  writeBeaconRecords(siteId: number, records: BeaconRecords): Promise<void> {
    return this.run(() =>
      this.c.immediate(() => {
        const click = this.c.sql('INSERT INTO site_clicks (site_id, ts, path, selector, x, y, width) VALUES (?, ?, ?, ?, ?, ?, ?)');
        for (const r of records.clicks) click.run(siteId, r.ts, r.path, r.selector, r.x, r.y, r.width);
        const scroll = this.c.sql('INSERT INTO site_scrolls (site_id, ts, path, depth, width) VALUES (?, ?, ?, ?, ?)');
        for (const r of records.scrolls) scroll.run(siteId, r.ts, r.path, r.depth, r.width);
        const event = this.c.sql('INSERT INTO site_events (site_id, ts, path, name, props) VALUES (?, ?, ?, ?, ?)');
        for (const r of records.events) event.run(siteId, r.ts, r.path, r.name, r.props);
      }),
    );
  }

  clicks(q: HeatmapQuery): Promise<{ selector: string; x: number; y: number; count: number }[]> {
    return this.run(
      () =>
        this.c
          .sql(
            `SELECT selector, ROUND(x, 2) AS x, ROUND(y, 2) AS y, COUNT(*) AS count FROM site_clicks
             WHERE site_id = ? AND path = ? AND width = ? AND ts >= ? GROUP BY 1, 2, 3 ORDER BY count DESC, selector`,
          )
          .all(q.siteId, q.path, q.width, q.since ?? 0) as { selector: string; x: number; y: number; count: number }[],
    );
  }

  scrollDepths(q: HeatmapQuery): Promise<number[]> {
    return this.run(() => this.c.value('SELECT depth FROM site_scrolls WHERE site_id = ? AND path = ? AND width = ? AND ts >= ? ORDER BY depth').all(q.siteId, q.path, q.width, q.since ?? 0) as number[]);
  }

  pages(siteId: number, options: { limit: number; since?: number }): Promise<HeatmapPageCounts[]> {
    const since = options.since ?? 0;
    // Each table is read through its (site_id, path, width, ts) index alone; the two counts meet per page and width.
    return this.run(
      () =>
        this.c
          .sql(
            `SELECT path, width, SUM(clicks) AS clicks, SUM(views) AS scrollViews FROM (
               SELECT path, width, COUNT(*) AS clicks, 0 AS views FROM site_clicks WHERE site_id = ? AND ts >= ? GROUP BY path, width
               UNION ALL
               SELECT path, width, 0, COUNT(*) FROM site_scrolls WHERE site_id = ? AND ts >= ? GROUP BY path, width
             ) GROUP BY path, width ORDER BY clicks DESC, scrollViews DESC, path, width LIMIT ?`,
          )
          .all(siteId, since, siteId, since, options.limit) as HeatmapPageCounts[],
    );
  }

  eventCounts(siteId: number, from: number, to: number): Promise<{ name: string; count: number }[]> {
    return this.run(() => this.c.sql('SELECT name, COUNT(*) AS count FROM site_events WHERE site_id = ? AND ts >= ? AND ts < ? GROUP BY name ORDER BY count DESC, name').all(siteId, from, to) as { name: string; count: number }[]);
  }

  countRecords(siteId: number, range: TimeRange = {}): Promise<BeaconCounts> {
    const { where, params } = siteRangeWhere(siteId, range, () => '?');
    return this.run(() => {
      const counts = noBeaconCounts();
      for (const kind of BEACON_KINDS) counts[kind] = this.c.value(`SELECT COUNT(*) FROM ${BEACON_TABLES[kind]} WHERE ${where}`).get(...params) as number;
      return counts;
    });
  }

  deleteRecords(siteId: number, range: TimeRange = {}): Promise<BeaconCounts> {
    const { where, params } = siteRangeWhere(siteId, range, () => '?');
    return this.run(() =>
      this.c.immediate(() => {
        const counts = noBeaconCounts();
        for (const kind of BEACON_KINDS) counts[kind] = this.c.sql(`DELETE FROM ${BEACON_TABLES[kind]} WHERE ${where}`).run(...params).changes;
        return counts;
      }),
    );
  }

  /** The statement's cursor stays open between rows, so the connection is held until the stream ends. */
  exportRecords(siteId: number, kind: BeaconKind, range: TimeRange = {}): AsyncIterable<Record<string, unknown>> {
    return explainingStream(this.c.path, this.records(siteId, kind, range));
  }

  private async *records(siteId: number, kind: BeaconKind, range: TimeRange): AsyncGenerator<Record<string, unknown>> {
    const { where, params } = siteRangeWhere(siteId, range, () => '?');
    const { select, map } = BEACON_EXPORTS[kind];
    const release = await this.scope.hold();
    try {
      for (const row of this.c.db.prepare(`SELECT ${select} FROM ${BEACON_TABLES[kind]} WHERE ${where} ORDER BY id`).iterate(...params) as Iterable<Record<string, unknown>>) yield map(row);
    } finally {
      release();
    }
  }
}
