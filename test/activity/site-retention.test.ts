/**
 * A site's retention is one rule wherever it runs: the import (`trackz import`, `trackz check`) and
 * `trackz serve`'s beacon collector prune the same page views and sessions and the same beacon
 * records (clicks, scroll depths, custom events kept as long as page views), on a real SQLite file.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../src/activity/run-import.js';
import { siteSchema } from '../../src/config/schema/activity.js';
import { BeaconCollector } from '../../src/server/collect/beacon-collector.js';
import { openSqlite } from '../helpers/storage.js';
import { siteRows } from '../storage/contract/site-rows.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-site-retention-');
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
// A beacon-only site: `trackz check` and `trackz import` read no logs for it, and still apply retention.
const site = v.parse(siteSchema, { name: 'blog', domain: 'blog.example', collect: {}, heatmaps: true, privacy: { retention: { pageViews: '30d', sessions: '30d' } } });

/** Page views, sessions and beacon records 40 days old (past retention) and 1 day old, in a new file. */
async function seeded(name: string): Promise<string> {
  const path = ws.path(`${name}.db`);
  const storage = openSqlite(path);
  const siteId = await storage.activity.sourceId('site', 'blog', NOW - 50 * DAY);
  const old = NOW - 40 * DAY;
  const recent = NOW - DAY;
  await storage.activity.siteWriter(siteId).write(
    siteRows(
      [
        { ts: old, path: '/old', visitor: 1, session: 1 },
        { ts: recent, path: '/new', visitor: 2, session: 2 },
      ],
      [
        { key: 1, visitorId: 1, startedAt: old, endedAt: old, requests: 1, pageViews: 1 },
        { key: 2, visitorId: 2, startedAt: recent, endedAt: recent, requests: 1, pageViews: 1 },
      ],
    ),
    undefined,
    NOW,
  );
  const at = (ts: number) => ({
    clicks: [{ ts, path: '/p', selector: '#buy', x: 0.5, y: 0.5, width: 1280 }],
    scrolls: [{ ts, path: '/p', depth: 0.8, width: 1280 }],
    events: [{ ts, path: '/p', name: 'signup', props: '{"plan":"pro"}' }],
  });
  await storage.heatmaps.writeBeaconRecords(siteId, at(old));
  await storage.heatmaps.writeBeaconRecords(siteId, at(old));
  await storage.heatmaps.writeBeaconRecords(siteId, at(recent));
  await storage.close();
  return path;
}

async function left(path: string) {
  const storage = openSqlite(path);
  try {
    const siteId = (await storage.activity.findSource('site', 'blog'))!;
    const activity = await storage.activity.countRows([
      { kind: 'requests', source: 'blog', siteId, range: {} },
      { kind: 'sessions', source: 'blog', siteId, range: {} },
    ]);
    return { requests: activity.requests, sessions: activity.sessions, ...(await storage.heatmaps.countRecords(siteId)) };
  } finally {
    await storage.close();
  }
}

describe('site retention', () => {
  it("prunes the beacon's records past the page views' age on import, as serve's collector does", async () => {
    const imported = await seeded('import');
    const stats = await runImport({ kind: 'site', site, storage: { target: { backend: 'sqlite', path: imported }, workspace: 'test' }, configDir: ws.dir }, { now: () => NOW });
    expect(stats.retained).toMatchObject({ pageViews: 1, sessions: 1, clicks: 2, scrollDepths: 2, customEvents: 2 });
    const afterImport = await left(imported);
    expect(afterImport).toEqual({ requests: 1, sessions: 1, clicks: 1, scrollDepths: 1, customEvents: 1 });

    // The same data, pruned by `trackz serve`'s collector instead: the same rows are left.
    const served = await seeded('serve');
    const storage = openSqlite(served);
    const collector = await BeaconCollector.open({ storage, sites: [site], now: () => NOW, geoDatabase: undefined });
    try {
      await collector.applyRetention();
    } finally {
      await collector.close();
      await storage.close();
    }
    expect(await left(served)).toEqual(afterImport);
  });
});
