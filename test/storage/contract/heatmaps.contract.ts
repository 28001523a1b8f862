/** The heatmaps port: beacon clicks, scroll depths and custom events per site; retention, and a data request's count, export and delete by site and time range. */
import { describe, expect, it } from 'vitest';
import { collect, type ContractContext } from './factory.js';

export function heatmapsContract(ctx: ContractContext): void {
  describe(`heatmaps port (${ctx.backend})`, () => {
    it('groups clicks by element and offset, lists scroll depths, counts events; deletes by age and by site', async () => {
      const storage = await ctx.open(ctx.fresh('heatmaps'));
      const blog = await storage.activity.sourceId('site', 'blog', 1);
      const shop = await storage.activity.sourceId('site', 'shop', 1);
      const click = (ts: number, selector: string, x: number, width = 1280) => ({ ts, path: '/p', selector, x, y: 0.5, width });
      await storage.heatmaps.writeBeaconRecords(blog, {
        clicks: [click(1000, '#buy', 0.501), click(2000, '#buy', 0.499), click(3000, 'body>p:nth-of-type(2)', 0.1), click(3000, '#buy', 0.5, 320)],
        scrolls: [0.9, 0.3, 1].map((depth, i) => ({ ts: 1000 * (i + 1), path: '/p', depth, width: 1280 })),
        events: [
          { ts: 1000, path: '/p', name: 'signup', props: '{"plan":"pro"}' },
          { ts: 2000, path: '/p', name: 'signup', props: '{}' },
          { ts: 2500, path: '/q', name: 'share', props: '{}' },
        ],
      });
      await storage.heatmaps.writeBeaconRecords(shop, { clicks: [click(1000, '#cart', 0.5)], scrolls: [], events: [] });
      expect(await storage.heatmaps.clicks({ siteId: blog, path: '/p', width: 1280 })).toEqual([
        { selector: '#buy', x: 0.5, y: 0.5, count: 2 },
        { selector: 'body>p:nth-of-type(2)', x: 0.1, y: 0.5, count: 1 },
      ]);
      expect(await storage.heatmaps.clicks({ siteId: blog, path: '/p', width: 1280, since: 2500 })).toEqual([{ selector: 'body>p:nth-of-type(2)', x: 0.1, y: 0.5, count: 1 }]);
      expect(await storage.heatmaps.scrollDepths({ siteId: blog, path: '/p', width: 1280 })).toEqual([0.3, 0.9, 1]);
      expect(await storage.heatmaps.eventCounts(blog, 0, 2500)).toEqual([{ name: 'signup', count: 2 }]);
      const counts = (clicks: number, scrollDepths: number, customEvents: number) => ({ clicks, scrollDepths, customEvents });
      expect(await storage.heatmaps.countRecords(blog)).toEqual(counts(4, 3, 3));
      expect(await storage.heatmaps.pages(shop, { limit: 10 })).toEqual([{ path: '/p', width: 1280, clicks: 1, scrollViews: 0 }]);
      // Retention: everything before a time.
      expect(await storage.heatmaps.deleteRecords(blog, { until: 2000 })).toEqual(counts(1, 1, 1));
      expect(await storage.heatmaps.countRecords(blog)).toEqual(counts(3, 2, 2));
      expect(await storage.heatmaps.deleteRecords(blog)).toEqual(counts(3, 2, 2));
      expect(await storage.heatmaps.countRecords(blog)).toEqual(counts(0, 0, 0));
      expect(await storage.heatmaps.countRecords(shop)).toEqual(counts(1, 0, 0));
    });

    it("counts, exports and deletes a site's records in a time range [since, until), other sites untouched", async () => {
      const storage = await ctx.open(ctx.fresh('heatmaps-range'));
      const blog = await storage.activity.sourceId('site', 'blog', 1);
      const shop = await storage.activity.sourceId('site', 'shop', 1);
      const records = {
        clicks: [1000, 2000, 3000].map((ts) => ({ ts, path: '/p', selector: '#buy', x: 0.25, y: 0.75, width: 1280 })),
        scrolls: [{ ts: 2000, path: '/p', depth: 0.5, width: 640 }],
        events: [
          { ts: 1500, path: '/p', name: 'signup', props: '{"plan":"pro","seats":3}' },
          { ts: 2500, path: '/q', name: 'share', props: '{}' },
        ],
      };
      await storage.heatmaps.writeBeaconRecords(blog, records);
      await storage.heatmaps.writeBeaconRecords(shop, records);
      const range = { since: 1500, until: 3000 };
      expect(await storage.heatmaps.countRecords(blog, range)).toEqual({ clicks: 1, scrollDepths: 1, customEvents: 2 });
      expect(await storage.heatmaps.countRecords(blog, { since: 2500 })).toEqual({ clicks: 1, scrollDepths: 0, customEvents: 1 });
      expect(await collect(storage.heatmaps.exportRecords(blog, 'clicks', range))).toEqual([{ at: new Date(2000).toISOString(), path: '/p', selector: '#buy', x: 0.25, y: 0.75, width: 1280 }]);
      expect(await collect(storage.heatmaps.exportRecords(blog, 'scrollDepths', range))).toEqual([{ at: new Date(2000).toISOString(), path: '/p', depth: 0.5, width: 640 }]);
      // The owner's properties come back as the object they were, in the order they were stored.
      expect(await collect(storage.heatmaps.exportRecords(blog, 'customEvents'))).toEqual([
        { at: new Date(1500).toISOString(), path: '/p', name: 'signup', props: { plan: 'pro', seats: 3 } },
        { at: new Date(2500).toISOString(), path: '/q', name: 'share', props: {} },
      ]);
      expect(await storage.heatmaps.deleteRecords(blog, range)).toEqual({ clicks: 1, scrollDepths: 1, customEvents: 2 });
      expect((await collect(storage.heatmaps.exportRecords(blog, 'clicks'))).map((row) => row.at)).toEqual([new Date(1000).toISOString(), new Date(3000).toISOString()]);
      expect(await storage.heatmaps.countRecords(shop)).toEqual({ clicks: 3, scrollDepths: 1, customEvents: 2 });
    });

    it('deletes inside a storage transaction: rolled back with the rest of it', async () => {
      const storage = await ctx.open(ctx.fresh('heatmaps-tx'));
      const blog = await storage.activity.sourceId('site', 'blog', 1);
      await storage.heatmaps.writeBeaconRecords(blog, { clicks: [{ ts: 1000, path: '/', selector: '#a', x: 0, y: 0, width: 0 }], scrolls: [], events: [{ ts: 1000, path: '/', name: 'e', props: '{}' }] });
      await expect(
        storage.transaction(async (tx) => {
          expect(await tx.heatmaps.deleteRecords(blog)).toEqual({ clicks: 1, scrollDepths: 0, customEvents: 1 });
          throw new Error('abandoned');
        }),
      ).rejects.toThrow('abandoned');
      expect(await storage.heatmaps.countRecords(blog)).toEqual({ clicks: 1, scrollDepths: 0, customEvents: 1 });
    });

    it('lists the pages with data per width bucket, most clicks first, scroll-only pages too, bounded and by age', async () => {
      const storage = await ctx.open(ctx.fresh('heatmap-pages'));
      const blog = await storage.activity.sourceId('site', 'blog', 1);
      const other = await storage.activity.sourceId('site', 'other', 1);
      const click = (ts: number, path: string, width: number) => ({ ts, path, selector: '#a', x: 0.5, y: 0.5, width });
      const scroll = (ts: number, path: string, width: number) => ({ ts, path, depth: 0.5, width });
      await storage.heatmaps.writeBeaconRecords(blog, {
        clicks: [click(1000, '/pricing', 1280), click(1000, '/pricing', 1280), click(3000, '/pricing', 1280), click(1000, '/pricing', 320), click(2000, '/', 1280), click(2000, '/', 1280)],
        scrolls: [scroll(1000, '/pricing', 1280), scroll(2000, '/', 1280), scroll(2000, '/', 1280), scroll(3000, '/', 1280), scroll(1000, '/about', 0), scroll(1000, '/b', 960)],
        events: [{ ts: 1000, path: '/events-only', name: 'signup', props: '{}' }],
      });
      await storage.heatmaps.writeBeaconRecords(other, { clicks: Array.from({ length: 5 }, () => click(1000, '/elsewhere', 1280)), scrolls: [], events: [] });
      expect(await storage.heatmaps.pages(blog, { limit: 10 })).toEqual([
        { path: '/pricing', width: 1280, clicks: 3, scrollViews: 1 },
        { path: '/', width: 1280, clicks: 2, scrollViews: 3 },
        { path: '/pricing', width: 320, clicks: 1, scrollViews: 0 },
        { path: '/about', width: 0, clicks: 0, scrollViews: 1 },
        { path: '/b', width: 960, clicks: 0, scrollViews: 1 },
      ]);
      expect(await storage.heatmaps.pages(blog, { limit: 2 })).toEqual([
        { path: '/pricing', width: 1280, clicks: 3, scrollViews: 1 },
        { path: '/', width: 1280, clicks: 2, scrollViews: 3 },
      ]);
      expect(await storage.heatmaps.pages(blog, { limit: 10, since: 2000 })).toEqual([
        { path: '/', width: 1280, clicks: 2, scrollViews: 3 },
        { path: '/pricing', width: 1280, clicks: 1, scrollViews: 0 },
      ]);
      expect(await storage.heatmaps.pages(await storage.activity.sourceId('site', 'empty', 1), { limit: 10 })).toEqual([]);
    });
  });
}
