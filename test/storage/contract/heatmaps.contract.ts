/** The heatmaps port: beacon clicks, scroll depths and custom events per site; retention and a site's wipe. */
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './factory.js';

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
      expect(await storage.heatmaps.countSite(blog)).toBe(10);
      expect(await storage.heatmaps.pages(shop, { limit: 10 })).toEqual([{ path: '/p', width: 1280, clicks: 1, scrollViews: 0 }]);
      expect(await storage.heatmaps.deleteBefore(blog, 2000)).toBe(3);
      expect(await storage.heatmaps.countSite(blog)).toBe(7);
      expect(await storage.heatmaps.deleteSite(blog)).toBe(7);
      expect(await storage.heatmaps.countSite(blog)).toBe(0);
      expect(await storage.heatmaps.countSite(shop)).toBe(1);
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
