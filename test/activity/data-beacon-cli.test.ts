/**
 * `trackz data export|delete` and the beacon's records, through the built binary on a real SQLite file:
 * a site's (or everything's) clicks, scroll depths and custom events are counted, exported and deleted
 * with its page views, within --since/--until; a visitor's request leaves them and does not name them;
 * and `trackz import` prunes them past the page views' age even when `trackz serve` never runs.
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltFor } from '../helpers/built.js';
import { trackz } from '../helpers/cli.js';
import { openSqlite } from '../helpers/storage.js';
import { clf } from '../helpers/clf-time.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-data-beacon-');
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0';
const DAY = 86_400_000;
const NOW = Date.now();
// Each test imports logs and runs the binary a dozen times: far longer than the default 30 s on a loaded two-core machine.
const SLOW = 120_000;

beforeAll(() => ensureBuiltFor(['src', 'plugins']));

/**
 * A workspace `name`: sites blog and shop, each with two page views of one visitor from its access log
 * (imported by the binary), and beacon records: on blog 3 clicks, 1 scroll depth and 2 custom events
 * an hour ago, plus one of each 10 days ago; on shop one of each an hour ago.
 */
async function workspace(name: string, retention = ''): Promise<{ cwd: string; beacon: () => Record<string, Record<string, number>> }> {
  const cwd = ws.path(name);
  const line = (at: number, path: string) => `198.51.100.1 - - [${clf(at)}] "GET ${path} HTTP/1.1" 200 100 "-" "${FIREFOX}"\n`;
  ws.write(`${name}/access.log`, line(NOW - 10 * 60_000, '/') + line(NOW - 5 * 60_000, '/pricing'));
  const site = (site: string) => `  - name: ${site}\n    domain: ${site}.example\n    logs: { path: access.log }\n    collect: {}\n    heatmaps: true\n${retention}`;
  ws.write(`${name}/trackz.config.yaml`, `storage: { path: trackz.db }\nsites:\n${site('blog')}${site('shop')}`);
  for (const s of ['blog', 'shop']) {
    const imported = await trackz(['import', s], { cwd });
    expect(imported.exitCode, imported.stderr).toBe(0);
  }
  const storage = openSqlite(ws.path(name, 'trackz.db'));
  const records = (ts: number, clicks: number, events: number) => ({
    clicks: Array.from({ length: clicks }, (_, i) => ({ ts, path: '/pricing', selector: '#buy', x: 0.25 * i, y: 0.5, width: 1280 })),
    scrolls: [{ ts, path: '/pricing', depth: 0.75, width: 1280 }],
    events: Array.from({ length: events }, (_, i) => ({ ts, path: '/pricing', name: 'signup', props: JSON.stringify({ plan: 'pro', seat: i }) })),
  });
  const blog = (await storage.activity.findSource('site', 'blog'))!;
  const shop = (await storage.activity.findSource('site', 'shop'))!;
  await storage.heatmaps.writeBeaconRecords(blog, records(NOW - 3_600_000, 3, 2));
  await storage.heatmaps.writeBeaconRecords(blog, records(NOW - 10 * DAY, 1, 1));
  await storage.heatmaps.writeBeaconRecords(shop, records(NOW - 3_600_000, 1, 1));
  await storage.close();
  const beacon = () => {
    const db = new Database(ws.path(name, 'trackz.db'), { readonly: true });
    try {
      const count = (table: string) => Object.fromEntries((db.prepare(`SELECT s.name, COUNT(t.id) AS n FROM activity_sources s LEFT JOIN ${table} t ON t.site_id = s.id WHERE s.kind = 'site' GROUP BY s.name`).all() as { name: string; n: number }[]).map((r) => [r.name, r.n]));
      return { clicks: count('site_clicks'), scrolls: count('site_scrolls'), events: count('site_events') };
    } finally {
      db.close();
    }
  };
  return { cwd, beacon };
}

describe("data requests and the beacon's records", () => {
  it('exports a site with its clicks, scroll depths and custom events, and --since bounds them', async () => {
    const { cwd } = await workspace('export');
    const run = await trackz(['data', 'export', '--site', 'blog'], { cwd });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toBe('trackz: exported 2 requests (2 page views), 1 session, 0 device events, 0 opt-outs, 4 clicks, 2 scroll depths, 3 custom events');
    const document = JSON.parse(run.stdout);
    expect(document.sources.map((s: { source: string }) => s.source)).toEqual(['blog']);
    const [blog] = document.sources;
    expect(Object.keys(blog)).toEqual(['source', 'requests', 'sessions', 'optOuts', 'clicks', 'scrollDepths', 'customEvents']);
    expect(blog.clicks).toHaveLength(4);
    expect(blog.clicks[0]).toEqual({ at: new Date(NOW - 3_600_000).toISOString(), path: '/pricing', selector: '#buy', x: 0, y: 0.5, width: 1280 });
    expect(blog.customEvents.map((e: { props: unknown }) => e.props)).toEqual([
      { plan: 'pro', seat: 0 },
      { plan: 'pro', seat: 1 },
      { plan: 'pro', seat: 0 },
    ]);
    expect(document.counts).toMatchObject({ requests: 2, clicks: 4, scrollDepths: 2, customEvents: 3 });

    const recent = await trackz(['data', 'export', '--site', 'blog', '--since', '2d', '--out', 'recent.json'], { cwd });
    expect(recent.stderr).toBe('trackz: exported 2 requests (2 page views), 1 session, 0 device events, 0 opt-outs, 3 clicks, 1 scroll depth, 2 custom events to recent.json');
    expect(JSON.parse(readFileSync(ws.path('export', 'recent.json'), 'utf8')).sources[0].clicks).toHaveLength(3);
    const old = await trackz(['data', 'export', '--all', '--until', '2d'], { cwd });
    expect(old.stderr).toBe('trackz: exported 0 requests (0 page views), 0 sessions, 0 device events, 0 opt-outs, 1 click, 1 scroll depth, 1 custom event');

    // A visitor's request holds no beacon records and says nothing of them.
    const visitor = await trackz(['data', 'export', '--visitor', '198.51.100.1', FIREFOX], { cwd });
    expect(visitor.stderr).toBe('trackz: exported 4 requests (4 page views), 2 sessions, 0 device events, 0 opt-outs');
    const counts = JSON.parse(visitor.stdout).counts;
    expect(counts).not.toHaveProperty('clicks');
    expect(JSON.stringify(JSON.parse(visitor.stdout).sources)).not.toMatch(/clicks|scrollDepths|customEvents/);
  }, SLOW);

  it("deletes a visitor's rows but no beacon record; a site's in a range; then the whole site's, in one go", async () => {
    const { cwd, beacon } = await workspace('delete');
    const visitor = await trackz(['data', 'delete', '--visitor', '198.51.100.1', FIREFOX, '--yes'], { cwd });
    expect(visitor.stdout).toBe('Deleted 4 requests (4 page views), 2 sessions, 0 device events, 0 buckets, 0 devices of the visitor 198.51.100.1 with that User-Agent on every site.');
    const json = JSON.parse((await trackz(['data', 'delete', '--visitor', '198.51.100.1', FIREFOX, '--yes', '--json'], { cwd })).stdout);
    expect(Object.keys(json.deleted)).toEqual(['requests', 'pageViews', 'sessions', 'events', 'buckets', 'devices', 'optOuts', 'accountEvents']);
    expect(beacon()).toEqual({ clicks: { blog: 4, shop: 1 }, scrolls: { blog: 2, shop: 1 }, events: { blog: 3, shop: 1 } });

    const refused = await trackz(['data', 'delete', '--site', 'blog', '--since', '2d'], { cwd });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/it would delete 0 requests \(0 page views\), 0 sessions, 0 device events, 0 buckets, 0 devices, 3 clicks, 1 scroll depth, 2 custom events of site blog, since /);
    const ranged = JSON.parse((await trackz(['data', 'delete', '--site', 'blog', '--since', '2d', '--yes', '--json'], { cwd })).stdout);
    expect(ranged.deleted).toEqual({ requests: 0, pageViews: 0, sessions: 0, events: 0, buckets: 0, devices: 0, optOuts: 0, clicks: 3, scrollDepths: 1, customEvents: 2, accountEvents: 0 });
    expect(beacon()).toEqual({ clicks: { blog: 1, shop: 1 }, scrolls: { blog: 1, shop: 1 }, events: { blog: 1, shop: 1 } });

    // Only beacon records left on blog: still something to delete, and named.
    const site = await trackz(['data', 'delete', '--site', 'blog', '--yes'], { cwd });
    expect(site.stdout).toBe('Deleted 0 requests (0 page views), 0 sessions, 0 device events, 0 buckets, 0 devices, 1 click, 1 scroll depth, 1 custom event of site blog.');
    expect(beacon()).toEqual({ clicks: { blog: 0, shop: 1 }, scrolls: { blog: 0, shop: 1 }, events: { blog: 0, shop: 1 } });
    expect((await trackz(['data', 'delete', '--site', 'blog', '--yes'], { cwd })).stdout).toBe('Nothing stored for site blog.');
    const all = await trackz(['data', 'delete', '--all', '--yes'], { cwd });
    expect(all.stdout).toMatch(/, 1 click, 1 scroll depth, 1 custom event of every site and agent\.$/);
    expect(beacon()).toEqual({ clicks: { blog: 0, shop: 0 }, scrolls: { blog: 0, shop: 0 }, events: { blog: 0, shop: 0 } });
  }, SLOW);

  it("`trackz import` prunes the beacon's records past the page views' age, without `trackz serve`", async () => {
    const { cwd, beacon } = await workspace('retention', '    privacy: { retention: { pageViews: 7d } }\n');
    const run = await trackz(['import', 'blog'], { cwd });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/retention {2}removed 1 click, 1 scroll depth, 1 custom event/);
    expect(beacon()).toEqual({ clicks: { blog: 3, shop: 1 }, scrolls: { blog: 1, shop: 1 }, events: { blog: 2, shop: 1 } });
  }, SLOW);
});
