/** The activity port, site side: sources, cursors (and a concurrent import's), salts and keys, request rows and sessions, retention, figures. */
import { describe, expect, it } from 'vitest';
import { ConcurrentImportError, type HeldCursor } from '../../../src/storage/ports/index.js';
import { collect, type ContractContext } from './factory.js';
import { position, siteRows } from './site-rows.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);

export function activitySitesContract(ctx: ContractContext): void {
  describe(`activity port: sources, cursors and keys (${ctx.backend})`, () => {
    it('creates a source once, finds it without creating, lists by kind', async () => {
      const name = ctx.fresh('act-sources');
      const a = await ctx.open(name);
      const b = await ctx.open(name);
      expect(await a.activity.findSource('site', 'blog')).toBeUndefined();
      const [id1, id2] = await Promise.all([a.activity.sourceId('site', 'blog', T0), b.activity.sourceId('site', 'blog', T0)]);
      expect(id1).toBe(id2);
      expect(await a.activity.sourceId('site', 'blog', T0 + 1)).toBe(id1);
      const agent = await a.activity.sourceId('agent', 'blog', T0);
      expect(agent).not.toBe(id1);
      expect(await b.activity.findSource('site', 'blog')).toBe(id1);
      expect(await a.activity.sources('agent')).toEqual([{ id: agent, kind: 'agent', name: 'blog' }]);
      expect((await a.activity.sources()).map((s) => s.kind).sort()).toEqual(['agent', 'site']);
    });

    it('moves a cursor with its batch, and refuses (writing nothing) a batch whose cursor another process moved', async () => {
      const name = ctx.fresh('act-cursors');
      const a = await ctx.open(name);
      const b = await ctx.open(name);
      const siteId = await a.activity.sourceId('site', 'blog', T0);
      const heldA: HeldCursor = { id: undefined, expectedOffset: 0 };
      await a.activity.siteWriter(siteId).write(siteRows([{ ts: T0, path: '/' }]), { held: heldA, to: position('fp1', 100, 1, T0) }, T0);
      expect(heldA.id).toBeTypeOf('number');
      expect(heldA.expectedOffset).toBe(100);
      const [cursor] = await b.activity.loadCursors(siteId);
      expect(cursor).toEqual({ id: heldA.id, ...position('fp1', 100, 1, T0) });
      // Process B resumes from the same cursor and gets there first.
      const heldB: HeldCursor = { id: cursor!.id, expectedOffset: 100 };
      await b.activity.siteWriter(siteId).write(siteRows([{ ts: T0 + 1, path: '/b' }]), { held: heldB, to: position('fp1', 200, 2, T0 + 1) }, T0);
      const lost = a.activity.siteWriter(siteId).write(siteRows([{ ts: T0 + 2, path: '/a' }]), { held: heldA, to: position('fp1', 200, 2, T0 + 2) }, T0);
      await expect(lost).rejects.toBeInstanceOf(ConcurrentImportError);
      expect(heldA.expectedOffset).toBe(100);
      // And a second import that finds no cursor yet, after another created it.
      const fresh: HeldCursor = { id: undefined, expectedOffset: 0 };
      await expect(b.activity.siteWriter(siteId).write(siteRows([{ ts: T0 + 3, path: '/c' }]), { held: fresh, to: position('fp1', 50, 1) }, T0)).rejects.toBeInstanceOf(ConcurrentImportError);
      expect(fresh.id).toBeUndefined();
      const counts = await a.activity.countRows([{ kind: 'requests', source: 'blog', siteId, range: {} }]);
      expect(counts.requests).toBe(2);
      expect((await a.activity.loadCursors(siteId))[0]).toMatchObject({ offset: 200, line: 2, lastTs: T0 + 1 });
      expect(await a.activity.newestImported(siteId)).toBe(T0 + 1);
    });

    it('supersedes an older cursor for the same inode, touches cursors and forgets stale ones', async () => {
      const storage = await ctx.open(ctx.fresh('act-stale'));
      const siteId = await storage.activity.sourceId('site', 'blog', T0);
      const old: HeldCursor = { id: undefined, expectedOffset: 0 };
      await storage.activity.siteWriter(siteId).write(siteRows([]), { held: old, to: position('old', 10, 1) }, T0);
      const rotated: HeldCursor = { id: undefined, expectedOffset: 0, supersedes: old.id };
      await storage.activity.siteWriter(siteId).write(siteRows([]), { held: rotated, to: position('new', 20, 2) }, T0 + DAY);
      expect(rotated.supersedes).toBeUndefined();
      const cursors = await storage.activity.loadCursors(siteId);
      expect(cursors.find((c) => c.id === old.id)).toMatchObject({ dev: null, ino: null, offset: 10 });
      expect(cursors.find((c) => c.id === rotated.id)).toMatchObject({ dev: 2049, ino: 7_340_032 });
      await storage.activity.touchCursor(old.id!, T0 + 2 * DAY);
      expect(await storage.activity.deleteStaleCursors(siteId, T0 + 3 * DAY, 1.5 * DAY)).toBe(1);
      expect((await storage.activity.loadCursors(siteId)).map((c) => c.id)).toEqual([old.id]);
      expect(await storage.activity.newestImported(await storage.activity.sourceId('site', 'empty', T0))).toBeNull();
    });

    it('creates a day salt once for every process, lists and deletes old ones; named keys on demand', async () => {
      const name = ctx.fresh('act-salts');
      const a = await ctx.open(name);
      const b = await ctx.open(name);
      const [s1, s2] = await Promise.all([a.activity.saltFor(20_458), b.activity.saltFor(20_458)]);
      expect(s1).toEqual(s2);
      expect(s1.length).toBe(32);
      await a.activity.saltFor(20_459);
      await a.activity.saltFor(20_460);
      expect((await b.activity.heldSalts()).map((s) => s.day)).toEqual([20_458, 20_459, 20_460]);
      expect(await a.activity.deleteSaltsBefore(20_460)).toBe(2);
      expect((await b.activity.heldSalts()).map((s) => s.day)).toEqual([20_460]);
      // A deleted day gets a new salt, never the old one back (salts are cached per instance: the deleting one knows).
      expect(await a.activity.saltFor(20_458)).not.toEqual(s1);
      expect(await a.activity.namedKey('opt-out', false)).toBeUndefined();
      const key = await a.activity.namedKey('opt-out');
      expect(key?.length).toBe(32);
      expect(await b.activity.namedKey('opt-out')).toEqual(key);
      expect(await b.activity.namedKey('opt-out', false)).toEqual(key);
    });

    it("keeps an import's own salts per source and day, apart from the shared ones, until deleted by source or by age", async () => {
      const name = ctx.fresh('act-import-salts');
      const a = await ctx.open(name);
      const b = await ctx.open(name);
      const blog = await a.activity.sourceId('site', 'blog', T0);
      const shop = await a.activity.sourceId('site', 'shop', T0);
      const [s1, s2] = await Promise.all([a.activity.importSaltFor(blog, 20_400, T0), b.activity.importSaltFor(blog, 20_400, T0 + 5)]);
      expect(s1).toEqual(s2);
      expect(s1.length).toBe(32);
      const other = await b.activity.importSaltFor(shop, 20_400, T0 + DAY);
      expect(other).not.toEqual(s1);
      // Not a shared salt: data requests and other sources do not see it, and a shared salt of that day is another.
      expect(await a.activity.heldSalts()).toEqual([]);
      expect(await a.activity.saltFor(20_400)).not.toEqual(s1);
      const day2 = await a.activity.importSaltFor(blog, 20_401, T0);
      expect(await b.activity.importSaltFor(blog, 20_401, T0 + 9)).toEqual(day2);
      // By age: only what was made before the limit (shop's salt is a day younger).
      expect(await a.activity.deleteImportSalts({ createdBefore: T0 + 1 })).toBe(2);
      expect(await b.activity.importSaltFor(shop, 20_400, T0 + 2 * DAY)).toEqual(other);
      expect(await a.activity.importSaltFor(blog, 20_400, T0 + DAY)).not.toEqual(s1);
      // By source: everything of that source, nothing of another.
      expect(await a.activity.deleteImportSalts({ sourceId: blog })).toBe(1);
      expect(await b.activity.importSaltFor(shop, 20_400, T0 + 2 * DAY)).toEqual(other);
    });

    it('verify finds nothing wrong in storage trackz wrote, and says which checks it ran', async () => {
      const storage = await ctx.open(ctx.fresh('act-verify'));
      await storage.activity.sourceId('site', 'blog', T0);
      await storage.activity.saltFor(20_500);
      const report = await storage.verify();
      expect(report.problems).toEqual([]);
      expect(report.checks).toContain('trackz invariants');
    });

    it('a salt is committed before it is handed out: a batch that fails after it does not take it away', async () => {
      const storage = await ctx.open(ctx.fresh('act-salt-tx'));
      const salt = await storage.activity.saltFor(20_500);
      const made = await storage
        .transaction(async (tx) => {
          expect(await tx.activity.saltFor(20_500)).toEqual(salt);
          throw new Error('batch failed');
        })
        .catch((error: Error) => error.message);
      expect(made).toBe('batch failed');
      expect((await storage.activity.heldSalts()).map((s) => s.day)).toEqual([20_500]);
    });
  });

  describe(`activity port: site rows and sessions (${ctx.backend})`, () => {
    it('stores requests, continues a session across batches, applies opt-outs in order, and finds open sessions', async () => {
      const storage = await ctx.open(ctx.fresh('act-rows'));
      const siteId = await storage.activity.sourceId('site', 'blog', T0);
      const writer = storage.activity.siteWriter(siteId);
      await writer.write(
        siteRows(
          [
            { ts: T0, path: '/', visitor: 11, session: 1, referrer: 'news.example', browser: 'Firefox', os: 'Linux', country: 'NL' },
            { ts: T0 + 1000, path: '/style.css', visitor: 11, session: 1, pageView: false },
            { ts: T0 + 2000, path: '/robots.txt', bot: true, status: 404 },
            { ts: T0 + 3000, path: '/about', visitor: 22, session: 2, ip: '192.0.2.7' },
          ],
          [
            { key: 1, visitorId: 11, startedAt: T0, endedAt: T0 + 1000, requests: 2, pageViews: 1, entry: '/' },
            { key: 2, visitorId: 22, startedAt: T0 + 3000, endedAt: T0 + 3000, requests: 1, pageViews: 1, entry: '/about' },
          ],
          { optOuts: [[99, 1, T0], [98, 1, T0], [98, 0, T0 + 1]] },
        ),
        undefined,
        T0,
      );
      // The next batch continues session 1 (the writer remembers its row) and starts session 3.
      await writer.write(
        siteRows(
          [
            { ts: T0 + 60_000, path: '/blog', visitor: 11, session: 1 },
            { ts: T0 + 61_000, path: '/', visitor: 33, session: 3 },
          ],
          [
            { key: 1, visitorId: 11, startedAt: T0, endedAt: T0 + 60_000, requests: 3, pageViews: 2, entry: '/' },
            { key: 3, visitorId: 33, startedAt: T0 + 61_000, endedAt: T0 + 61_000, requests: 1, pageViews: 1 },
          ],
          { evicted: [2] },
        ),
        undefined,
        T0,
      );
      expect(await storage.activity.optOuts(siteId)).toEqual([99]);
      const open = await storage.activity.openSessions(siteId, 30 * 60_000);
      expect(open.map((s) => [s.visitorId, s.startedAt, s.endedAt, s.requests, s.pageViews, s.entryPath])).toEqual([
        [22, T0 + 3000, T0 + 3000, 1, 1, '/about'],
        [11, T0, T0 + 60_000, 3, 2, '/'],
        [33, T0 + 61_000, T0 + 61_000, 1, 1, null],
      ]);
      expect((await storage.activity.openSessions(siteId, 10_000)).map((s) => s.visitorId)).toEqual([11, 33]);
      const exported = await collect(storage.activity.exportRows([{ kind: 'requests', source: 'blog', siteId, range: {} }]));
      const bySession = new Map<unknown, string[]>();
      for (const { row } of exported) bySession.set(row.sessionId, [...(bySession.get(row.sessionId) ?? []), row.path as string]);
      const session11 = open.find((s) => s.visitorId === 11)!.id;
      expect(bySession.get(session11)).toEqual(['/', '/style.css', '/blog']);
      expect(bySession.get(null)).toEqual(['/robots.txt']);
      expect(exported[0]!.row).toEqual({ at: new Date(T0).toISOString(), path: '/', pageView: true, referrerHost: 'news.example', status: 200, bytes: 512, browser: 'Firefox', os: 'Linux', country: 'NL', bot: false, visitorId: 11, sessionId: session11 });
      expect(exported[2]!.row).toMatchObject({ path: '/robots.txt', bot: true, status: 404, visitorId: null, referrerHost: null, browser: null });
      expect(exported[3]!.row).toMatchObject({ path: '/about', ip: '192.0.2.7' });
      // A later import continues a stored session by its row id.
      await storage.activity.siteWriter(siteId).write(
        siteRows([{ ts: T0 + 62_000, path: '/more', visitor: 33, session: 7 }], [{ key: 7, rowId: open[2]!.id, visitorId: 33, startedAt: T0 + 61_000, endedAt: T0 + 62_000, requests: 2, pageViews: 2 }]),
        undefined,
        T0,
      );
      expect((await storage.activity.openSessions(siteId, 0)).map((s) => [s.id, s.requests])).toEqual([[open[2]!.id, 2]]);
    });

    it('a batch that fails leaves nothing behind and the writer as it was', async () => {
      const storage = await ctx.open(ctx.fresh('act-rollback'));
      const siteId = await storage.activity.sourceId('site', 'blog', T0);
      const writer = storage.activity.siteWriter(siteId);
      const held: HeldCursor = { id: 123_456_789, expectedOffset: 0 };
      await expect(writer.write(siteRows([{ ts: T0, path: '/', visitor: 1, session: 1 }], [{ key: 1, visitorId: 1, startedAt: T0, endedAt: T0, requests: 1, pageViews: 1 }]), { held, to: position('x', 10, 1) }, T0)).rejects.toBeInstanceOf(
        ConcurrentImportError,
      );
      expect(held).toEqual({ id: 123_456_789, expectedOffset: 0 });
      expect(await storage.activity.countRows([{ kind: 'requests', source: 'blog', siteId, range: {} }, { kind: 'sessions', source: 'blog', siteId, range: {} }])).toMatchObject({ requests: 0, pageViews: 0, sessions: 0 });
      // Key 1 was never stored: the next batch creates its session rather than pointing at a missing row.
      await writer.write(siteRows([{ ts: T0, path: '/', visitor: 1, session: 1 }], [{ key: 1, visitorId: 1, startedAt: T0, endedAt: T0, requests: 1, pageViews: 1 }]), undefined, T0);
      const [session] = await storage.activity.openSessions(siteId, 0);
      const [view] = await collect(storage.activity.exportRows([{ kind: 'requests', source: 'blog', siteId, range: {} }]));
      expect(view!.row.sessionId).toBe(session!.id);
    });

    it('applies age limits, then the session cap with the requests of the sessions it drops', async () => {
      const storage = await ctx.open(ctx.fresh('act-retention'));
      const siteId = await storage.activity.sourceId('site', 'blog', T0);
      const requests = [];
      const sessions = [];
      for (let i = 0; i < 6; i++) {
        const at = T0 - (10 - i) * DAY;
        sessions.push({ key: i, visitorId: 100 + i, startedAt: at, endedAt: at + 1000, requests: 2, pageViews: 2 });
        requests.push({ ts: at, path: `/${i}`, visitor: 100 + i, session: i }, { ts: at + 1000, path: `/${i}/b`, visitor: 100 + i, session: i });
      }
      requests.push({ ts: T0 - 30 * DAY, path: '/ancient', bot: true });
      await storage.activity.siteWriter(siteId).write(siteRows(requests, sessions), undefined, T0);
      // Requests older than 20 days, sessions older than 9.5 days; then at most 3 sessions.
      const deleted = await storage.activity.applySiteRetention(siteId, { pageViewsMs: 20 * DAY, sessionsMs: 9.5 * DAY, maxSessions: 3 }, T0);
      expect(deleted).toEqual({ pageViews: 1 + 4, sessions: 1 + 2 });
      const open = await storage.activity.openSessions(siteId, 100 * DAY);
      expect(open.map((s) => s.visitorId)).toEqual([103, 104, 105]);
      const left = await collect(storage.activity.exportRows([{ kind: 'requests', source: 'blog', siteId, range: {} }]));
      expect(left.map((r) => r.row.path)).toEqual(['/0', '/0/b', '/3', '/3/b', '/4', '/4/b', '/5', '/5/b']);
    });

    it('sums a window into site figures: visitors, sessions, bounces, top pages, referrers, statuses, browsers, systems, countries', async () => {
      const storage = await ctx.open(ctx.fresh('act-figures'));
      const siteId = await storage.activity.sourceId('site', 'blog', T0);
      await storage.activity.siteWriter(siteId).write(
        siteRows(
          [
            { ts: T0, path: '/', visitor: 1, session: 1, referrer: 'news.example', browser: 'Firefox', os: 'Linux', country: 'NL' },
            { ts: T0 + 10, path: '/a.css', visitor: 1, session: 1, pageView: false, browser: 'Firefox', os: 'Linux', country: 'NL' },
            { ts: T0 + 20, path: '/post', visitor: 1, session: 1, referrer: 'blog.example', browser: 'Firefox', os: 'Linux', country: 'NL' },
            { ts: T0 + 30, path: '/', visitor: 2, session: 2, referrer: 'news.example', browser: 'Chrome', os: 'Windows' },
            { ts: T0 + 40, path: '/missing', visitor: 2, session: 2, status: 404, browser: 'Chrome', os: 'Windows' },
            { ts: T0 + 45, path: '/post', visitor: 2, session: 2, browser: 'Chrome', os: 'Windows' },
            { ts: T0 + 50, path: '/', bot: true, status: 200 },
            { ts: T0 + 10 * DAY, path: '/later', visitor: 3, session: 3 },
          ],
          [
            { key: 1, visitorId: 1, startedAt: T0, endedAt: T0 + 20, requests: 3, pageViews: 2 },
            { key: 2, visitorId: 2, startedAt: T0 + 30, endedAt: T0 + 40, requests: 2, pageViews: 2 },
            { key: 3, visitorId: 3, startedAt: T0 + 10 * DAY, endedAt: T0 + 10 * DAY, requests: 1, pageViews: 1 },
          ],
        ),
        undefined,
        T0,
      );
      const figures = await storage.activity.siteFigures(siteId, T0, T0 + DAY, { ownHost: 'blog.example', top: 10 });
      expect(figures).toEqual({
        visitors: 2,
        sessions: 2,
        sessionsAvgMs: 15,
        bounces: 0,
        pageViews: 5,
        requests: 7,
        botRequests: 1,
        topPages: [
          { path: '/', views: 2, visitors: 2 },
          { path: '/post', views: 2, visitors: 2 },
          { path: '/missing', views: 1, visitors: 1 },
        ],
        referrers: [{ host: 'news.example', views: 2 }],
        statusCodes: [
          { status: 200, requests: 6 },
          { status: 404, requests: 1 },
        ],
        browsers: [
          { browser: 'Chrome', visitors: 1, views: 3 },
          { browser: 'Firefox', visitors: 1, views: 2 },
        ],
        systems: [
          { os: 'Windows', visitors: 1, views: 3 },
          { os: 'Linux', visitors: 1, views: 2 },
        ],
        countries: [{ country: 'NL', visitors: 1, views: 2 }],
      });
      expect((await storage.activity.siteFigures(siteId, T0, T0 + DAY, { ownHost: '', top: 1 })).topPages).toEqual([{ path: '/', views: 2, visitors: 2 }]);
      const later = await storage.activity.siteFigures(siteId, T0 + DAY, T0 + 11 * DAY, { ownHost: 'blog.example', top: 10 });
      expect(later).toMatchObject({ visitors: 1, sessions: 1, bounces: 1, sessionsAvgMs: 0, pageViews: 1 });
    });
  });
}
