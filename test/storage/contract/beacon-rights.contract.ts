/**
 * Data requests and the beacon's records, through the ports of each backend: a request by site (or for
 * everything) counts, exports and deletes the site's clicks, scroll depths and custom events, bounded
 * by --since/--until like its page views; a visitor's request never touches them; and a delete takes
 * the activity rows and the beacon records in one transaction, so a failure leaves both.
 */
import { describe, expect, it } from 'vitest';
import { countPlan, deletePlan, exportPlan, planDataRequest, shownCounts, type DataPorts } from '../../../src/privacy/data-rights.js';
import type { HeatmapPort, Storage } from '../../../src/storage/ports/index.js';
import type { ContractContext } from './factory.js';
import { siteRows } from './site-rows.js';

const T0 = Date.UTC(2026, 2, 1);
const HOUR = 3_600_000;

/** A site `blog` with a page view, a click, a scroll depth and a custom event at T0 and at T0 + 2h, and a site `shop` with the same. */
async function seed(storage: Storage): Promise<void> {
  for (const name of ['blog', 'shop']) {
    const siteId = await storage.activity.sourceId('site', name, T0);
    await storage.activity.siteWriter(siteId).write(siteRows([{ ts: T0, path: '/' }, { ts: T0 + 2 * HOUR, path: '/later' }]), undefined, T0);
    for (const ts of [T0, T0 + 2 * HOUR]) {
      await storage.heatmaps.writeBeaconRecords(siteId, {
        clicks: [{ ts, path: '/', selector: '#buy', x: 0.5, y: 0.5, width: 1280 }],
        scrolls: [{ ts, path: '/', depth: 0.9, width: 1280 }],
        events: [{ ts, path: '/', name: 'signup', props: '{"plan":"pro"}' }],
      });
    }
  }
}

export function beaconRightsContract(ctx: ContractContext): void {
  describe(`data requests: the beacon's records (${ctx.backend})`, () => {
    it('a site request in a time range counts, exports and deletes its beacon records with its page views; a visitor request leaves them', async () => {
      const storage = await ctx.open(ctx.fresh('beacon-rights'));
      await seed(storage);
      const late = await planDataRequest(storage.activity, { site: 'blog', since: T0 + HOUR });
      expect(await countPlan(storage, late)).toMatchObject({ requests: 1, clicks: 1, scrollDepths: 1, customEvents: 1 });

      const chunks: string[] = [];
      const exported = await exportPlan(storage, late, (text) => void chunks.push(text), {});
      const document = JSON.parse(chunks.join(''));
      expect(document.sources.map((s: { source: string }) => s.source)).toEqual(['blog']);
      const [blog] = document.sources;
      expect(blog.clicks).toEqual([{ at: new Date(T0 + 2 * HOUR).toISOString(), path: '/', selector: '#buy', x: 0.5, y: 0.5, width: 1280 }]);
      expect(blog.scrollDepths).toEqual([{ at: new Date(T0 + 2 * HOUR).toISOString(), path: '/', depth: 0.9, width: 1280 }]);
      expect(blog.customEvents).toEqual([{ at: new Date(T0 + 2 * HOUR).toISOString(), path: '/', name: 'signup', props: { plan: 'pro' } }]);
      expect(document.counts).toMatchObject({ requests: 1, clicks: 1, scrollDepths: 1, customEvents: 1 });
      expect(exported).toMatchObject({ clicks: 1, scrollDepths: 1, customEvents: 1 });

      // A visitor's request: no beacon set, and its counts do not mention clicks at all.
      const visitor = await planDataRequest(storage.activity, { visitor: { ip: '203.0.113.7', userAgent: 'UA' } });
      expect(visitor.beacon).toBeUndefined();
      expect(shownCounts(visitor, await countPlan(storage, visitor))).not.toHaveProperty('clicks');
      await deletePlan(storage, visitor);

      expect(await deletePlan(storage, late)).toMatchObject({ requests: 1, clicks: 1, scrollDepths: 1, customEvents: 1 });
      const blogId = (await storage.activity.findSource('site', 'blog'))!;
      const shopId = (await storage.activity.findSource('site', 'shop'))!;
      expect(await storage.heatmaps.countRecords(blogId)).toEqual({ clicks: 1, scrollDepths: 1, customEvents: 1 });
      expect(await storage.heatmaps.countRecords(shopId)).toEqual({ clicks: 2, scrollDepths: 2, customEvents: 2 });

      // Everything: both sites, whole.
      const all = await planDataRequest(storage.activity, { all: true });
      expect(await deletePlan(storage, all)).toMatchObject({ requests: 3, clicks: 3, scrollDepths: 3, customEvents: 3 });
      expect(await countPlan(storage, all)).toMatchObject({ requests: 0, clicks: 0, scrollDepths: 0, customEvents: 0 });
    });

    it('deletes page views and beacon records in one transaction: a failure part-way leaves both', async () => {
      const storage = await ctx.open(ctx.fresh('beacon-rights-tx'));
      await seed(storage);
      const plan = await planDataRequest(storage.activity, { site: 'blog' });
      const before = await countPlan(storage, plan);
      expect(before).toMatchObject({ requests: 2, sessions: 0, clicks: 2, scrollDepths: 2, customEvents: 2 });
      // The beacon's part fails after it ran, once the page views are already deleted inside the transaction.
      const failAfter = (heatmaps: HeatmapPort): HeatmapPort =>
        Object.assign(Object.create(heatmaps) as HeatmapPort, {
          deleteRecords: async (...args: Parameters<HeatmapPort['deleteRecords']>) => {
            await heatmaps.deleteRecords(...args);
            throw new Error('disk full, say');
          },
        });
      const failing: DataPorts = {
        activity: storage.activity,
        accounts: storage.accounts,
        heatmaps: storage.heatmaps,
        transaction: (work) => storage.transaction((tx) => work({ activity: tx.activity, accounts: tx.accounts, heatmaps: failAfter(tx.heatmaps) })),
      };
      await expect(deletePlan(failing, plan)).rejects.toThrow('disk full, say');
      expect(await countPlan(storage, plan)).toEqual(before);
    });
  });
}
