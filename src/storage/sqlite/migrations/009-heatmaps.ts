import type { Migration } from '../migrate.js';

/**
 * Beacon records beside page views: custom events, clicks and scroll depth (src/storage/ports/heatmaps.ts).
 * No visitor, session or IP column on purpose: heatmaps need where people click, not who.
 * Other branches add migrations too: this one stays in its own file (renumber at merge if needed).
 */
export const heatmapsMigration: Migration = {
  version: 9,
  name: 'heatmaps',
  up: `
    CREATE TABLE site_clicks (
      id INTEGER PRIMARY KEY,
      site_id INTEGER NOT NULL,
      ts INTEGER NOT NULL,
      path TEXT NOT NULL,
      selector TEXT NOT NULL,
      x REAL NOT NULL,
      y REAL NOT NULL,
      width INTEGER NOT NULL
    );
    CREATE INDEX site_clicks_page ON site_clicks (site_id, path, width, ts);
    CREATE TABLE site_scrolls (
      id INTEGER PRIMARY KEY,
      site_id INTEGER NOT NULL,
      ts INTEGER NOT NULL,
      path TEXT NOT NULL,
      depth REAL NOT NULL,
      width INTEGER NOT NULL
    );
    CREATE INDEX site_scrolls_page ON site_scrolls (site_id, path, width, ts);
    CREATE TABLE site_events (
      id INTEGER PRIMARY KEY,
      site_id INTEGER NOT NULL,
      ts INTEGER NOT NULL,
      path TEXT NOT NULL,
      name TEXT NOT NULL,
      props TEXT NOT NULL
    );
    CREATE INDEX site_events_site_ts ON site_events (site_id, ts);
  `,
};
