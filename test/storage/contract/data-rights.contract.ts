/** The activity port's data rights: count, export and delete declared row sets; a row matched two ways counts once; opt-outs stay. */
import { describe, expect, it } from 'vitest';
import type { RowSet } from '../../../src/storage/ports/index.js';
import { collect, type ContractContext } from './factory.js';
import { siteRows } from './site-rows.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);

export function dataRightsContract(ctx: ContractContext): void {
  describe(`activity port: data rights (${ctx.backend})`, () => {
    it("finds a visitor's rows by day hash and by stored IP (once each), exports them, deletes them but not their opt-out", async () => {
      const storage = await ctx.open(ctx.fresh('rights-visitor'));
      const siteId = await storage.activity.sourceId('site', 'blog', T0);
      await storage.activity.siteWriter(siteId).write(
        siteRows(
          [
            // Day 1: hash 501 (the person), stored IP too; another visitor the same day.
            { ts: T0 + 1000, path: '/', visitor: 501, session: 1, ip: '198.51.100.4', browser: 'Firefox', os: 'Linux' },
            { ts: T0 + 2000, path: '/post', visitor: 501, session: 1, ip: '198.51.100.4', browser: 'Firefox', os: 'Linux' },
            { ts: T0 + 3000, path: '/', visitor: 777, session: 2, ip: '203.0.113.9', browser: 'Chrome', os: 'Windows' },
            // Day 2: the same hash value means someone else (the salt rotated); the same IP with another browser is someone else too.
            { ts: T0 + DAY + 1000, path: '/', visitor: 501, session: 3, ip: '192.0.2.1' },
            { ts: T0 + DAY + 2000, path: '/x', visitor: 888, session: 4, ip: '198.51.100.4', browser: 'Chrome', os: 'Windows' },
          ],
          [
            { key: 1, visitorId: 501, startedAt: T0 + 1000, endedAt: T0 + 2000, requests: 2, pageViews: 2 },
            { key: 2, visitorId: 777, startedAt: T0 + 3000, endedAt: T0 + 3000, requests: 1, pageViews: 1 },
            { key: 3, visitorId: 501, startedAt: T0 + DAY + 1000, endedAt: T0 + DAY + 1000, requests: 1, pageViews: 1 },
            { key: 4, visitorId: 888, startedAt: T0 + DAY + 2000, endedAt: T0 + DAY + 2000, requests: 1, pageViews: 1 },
          ],
          { optOuts: [[4242, 1, T0 + 5000]] },
        ),
        undefined,
        T0,
      );
      const visitorSets: RowSet[] = [
        { kind: 'requests', source: 'blog', siteId, range: {}, visitor: { id: 501, day: [T0, T0 + DAY] } },
        { kind: 'sessions', source: 'blog', siteId, range: {}, visitor: { id: 501 } },
        { kind: 'requests', source: 'blog', siteId, range: {}, visitor: { ip: '198.51.100.4', browser: 'Firefox', os: 'Linux' } },
        { kind: 'sessions', source: 'blog', siteId, range: {}, visitor: { ip: '198.51.100.4', browser: 'Firefox', os: 'Linux' } },
        { kind: 'optOuts', source: 'blog', siteId, visitorKey: 4242 },
      ];
      // Sessions by hash match both days (a session carries no day); the IP narrows nothing further here.
      expect(await storage.activity.countRows(visitorSets)).toEqual({ requests: 2, pageViews: 2, sessions: 2, events: 0, buckets: 0, devices: 0, optOuts: 1 });
      // Without the browser family, the same IP with another browser matches too.
      expect((await storage.activity.countRows([{ kind: 'requests', source: 'blog', siteId, range: {}, visitor: { ip: '198.51.100.4' } }])).requests).toBe(3);
      const exported = await collect(storage.activity.exportRows(visitorSets));
      expect(exported.map((e) => [e.kind, e.source])).toEqual([
        ['requests', 'blog'],
        ['requests', 'blog'],
        ['sessions', 'blog'],
        ['sessions', 'blog'],
        ['optOuts', 'blog'],
      ]);
      expect(exported[0]!.row).toMatchObject({ at: new Date(T0 + 1000).toISOString(), path: '/', ip: '198.51.100.4', visitorId: 501 });
      expect(exported[2]!.row).toMatchObject({ visitorId: 501, startedAt: new Date(T0 + 1000).toISOString(), requests: 2, pageViews: 2, entryPath: null });
      expect(exported[4]!.row).toEqual({ optedOutAt: new Date(T0 + 5000).toISOString() });
      expect(await storage.activity.deleteRows(visitorSets)).toEqual({ requests: 2, pageViews: 2, sessions: 2, events: 0, buckets: 0, devices: 0, optOuts: 0 });
      const all: RowSet[] = [
        { kind: 'requests', source: 'blog', siteId, range: {} },
        { kind: 'sessions', source: 'blog', siteId, range: {} },
        { kind: 'optOuts', source: 'blog', siteId },
      ];
      expect(await storage.activity.countRows(all)).toMatchObject({ pageViews: 3, sessions: 2, optOuts: 1 });
      expect(await storage.activity.optOuts(siteId)).toEqual([4242]);
    });

    it('selects a time range, and a device with its events, buckets and device row, children first', async () => {
      const storage = await ctx.open(ctx.fresh('rights-device'));
      const siteId = await storage.activity.sourceId('site', 'blog', T0);
      await storage.activity.siteWriter(siteId).write(
        siteRows([
          { ts: T0, path: '/a' },
          { ts: T0 + DAY, path: '/b' },
          { ts: T0 + 2 * DAY, path: '/c' },
        ]),
        undefined,
        T0,
      );
      const dated: RowSet[] = [{ kind: 'requests', source: 'blog', siteId, range: { since: T0 + DAY, until: T0 + 2 * DAY } }];
      expect((await storage.activity.countRows(dated)).requests).toBe(1);
      expect((await storage.activity.countRows([{ kind: 'requests', source: 'blog', siteId, range: { since: T0 + DAY } }])).requests).toBe(2);
      expect((await storage.activity.countRows([{ kind: 'requests', source: 'blog', siteId, range: { until: T0 + DAY } }])).requests).toBe(1);

      const agentId = await storage.activity.sourceId('agent', 'laptops', T0);
      const writer = storage.activity.agentWriter(agentId);
      const mine = await writer.bucketId({ name: 'aw-watcher-window_mine', type: 'currentwindow', device: 'mine', client: null });
      const afk = await writer.bucketId({ name: 'aw-watcher-afk_mine', type: 'afkstatus', device: 'mine', client: null });
      const theirs = await writer.bucketId({ name: 'aw-watcher-window_theirs', type: 'currentwindow', device: 'theirs', client: null });
      await writer.write([
        { bucketId: mine, event: { start: T0, end: T0 + 1000, app: 'code', title: 'secret plan' } },
        { bucketId: mine, event: { start: T0 + DAY, end: T0 + DAY + 1000, app: 'mail' } },
        { bucketId: afk, event: { start: T0, end: T0 + 5000, status: 'afk' } },
        { bucketId: theirs, event: { start: T0, end: T0 + 1000, app: 'code' } },
      ]);
      const [device] = await storage.activity.devices(agentId, 'mine');
      const sets: RowSet[] = [
        { kind: 'events', source: 'laptops/mine', deviceId: device!.id, range: {} },
        { kind: 'buckets', source: 'laptops/mine', deviceId: device!.id },
        { kind: 'devices', source: 'laptops/mine', deviceId: device!.id },
      ];
      expect(await storage.activity.countRows(sets)).toEqual({ requests: 0, pageViews: 0, sessions: 0, events: 3, buckets: 2, devices: 1, optOuts: 0 });
      expect((await storage.activity.countRows([{ kind: 'events', source: 'laptops/mine', deviceId: device!.id, range: { since: T0 + 1 } }])).events).toBe(1);
      const exported = await collect(storage.activity.exportRows(sets));
      expect(exported.map((e) => e.kind)).toEqual(['events', 'events', 'events']);
      expect(exported[0]!.row).toEqual({ bucket: 'aw-watcher-window_mine', start: new Date(T0).toISOString(), end: new Date(T0 + 1000).toISOString(), app: 'code', title: 'secret plan', url: null, domain: null, status: null });
      expect(await storage.activity.deleteRows(sets)).toEqual({ requests: 0, pageViews: 0, sessions: 0, events: 3, buckets: 2, devices: 1, optOuts: 0 });
      expect((await storage.activity.devices(agentId)).map((d) => d.name)).toEqual(['theirs']);
      expect(await storage.activity.deleteRows(dated)).toMatchObject({ pageViews: 1 });
      expect((await storage.activity.countRows([{ kind: 'requests', source: 'blog', siteId, range: {} }])).requests).toBe(2);
    });
  });
}
