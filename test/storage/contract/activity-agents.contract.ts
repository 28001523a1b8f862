/** The activity port, agent side: devices and buckets, events inserted / updated / the same, cursors, device events, retention. */
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import type { PushBatch } from '../../../src/activity/agents/push-batch.js';
import { ingestPushBatch } from '../../../src/activity/agents/push-ingest.js';
import { agentSchema } from '../../../src/config/schema/activity.js';
import type { AgentBucket } from '../../../src/storage/ports/index.js';
import { collect, type ContractContext } from './factory.js';
import { position } from './site-rows.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const MIN = 60_000;

const windowBucket: AgentBucket = { name: 'aw-watcher-window_laptop-7', type: 'currentwindow', device: 'laptop-7', client: 'aw-watcher-window' };
const afkBucket: AgentBucket = { name: 'aw-watcher-afk_laptop-7', type: 'afkstatus', device: 'laptop-7', client: null };
const webBucket: AgentBucket = { name: 'aw-watcher-web-firefox_laptop-7', type: 'web.tab.current', device: 'laptop-7', client: null };

export function activityAgentsContract(ctx: ContractContext): void {
  describe(`activity port: agents (${ctx.backend})`, () => {
    it('makes devices and buckets once, and writes events by (bucket, start): new, grown or changed, or nothing', async () => {
      const name = ctx.fresh('act-agents');
      const storage = await ctx.open(name);
      const agentId = await storage.activity.sourceId('agent', 'laptops', T0);
      const writer = storage.activity.agentWriter(agentId);
      const win = await writer.bucketId(windowBucket);
      expect(await writer.bucketId(windowBucket)).toBe(win);
      // Another process sees the same bucket.
      const other = await ctx.open(name);
      expect(await other.activity.agentWriter(agentId).bucketId(windowBucket)).toBe(win);
      const afk = await writer.bucketId(afkBucket);
      expect(await storage.activity.devices(agentId)).toEqual([{ id: expect.any(Number), name: 'laptop-7' }]);

      const first = await writer.write([
        { bucketId: win, event: { start: T0, end: T0 + 5 * MIN, app: 'code', title: 'main.ts' } },
        { bucketId: win, event: { start: T0 + 5 * MIN, end: T0 + 6 * MIN, app: 'firefox', title: 'docs' } },
        { bucketId: afk, event: { start: T0, end: T0 + 10 * MIN, status: 'not-afk' } },
      ]);
      expect(first).toEqual({ inserted: 3, updated: 0 });
      // The same again: nothing. Grown: updated. Shorter (an older export): never shortened, nothing else changed.
      expect(await writer.write([{ bucketId: win, event: { start: T0, end: T0 + 5 * MIN, app: 'code', title: 'main.ts' } }])).toEqual({ inserted: 0, updated: 0 });
      expect(await writer.write([{ bucketId: win, event: { start: T0 + 5 * MIN, end: T0 + 8 * MIN, app: 'firefox', title: 'docs' } }])).toEqual({ inserted: 0, updated: 1 });
      expect(await writer.write([{ bucketId: win, event: { start: T0 + 5 * MIN, end: T0 + 7 * MIN, app: 'firefox', title: 'docs' } }])).toEqual({ inserted: 0, updated: 0 });
      expect(await writer.write([{ bucketId: win, event: { start: T0, end: T0 + 5 * MIN, app: 'code', title: 'other.ts' } }])).toEqual({ inserted: 0, updated: 1 });
      // One event twice in a batch: as if written one after the other.
      expect(
        await writer.write([
          { bucketId: win, event: { start: T0 + 20 * MIN, end: T0 + 21 * MIN, app: 'term' } },
          { bucketId: win, event: { start: T0 + 20 * MIN, end: T0 + 22 * MIN, app: 'term' } },
          { bucketId: win, event: { start: T0 + 20 * MIN, end: T0 + 22 * MIN, app: 'term' } },
        ]),
      ).toEqual({ inserted: 1, updated: 1 });
      const [device] = await storage.activity.devices(agentId, 'laptop-7');
      const rows = await collect(storage.activity.deviceEvents(device!.id, T0, T0 + 60 * MIN, 'activity'));
      expect(rows).toEqual([
        { bucketType: 'currentwindow', start: T0, end: T0 + 5 * MIN, app: 'code', domain: null, status: null },
        { bucketType: 'currentwindow', start: T0 + 5 * MIN, end: T0 + 8 * MIN, app: 'firefox', domain: null, status: null },
        { bucketType: 'currentwindow', start: T0 + 20 * MIN, end: T0 + 22 * MIN, app: 'term', domain: null, status: null },
      ]);
      expect(await collect(storage.activity.deviceEvents(device!.id, T0, T0 + 60 * MIN, 'afk'))).toEqual([
        { bucketType: 'afkstatus', start: T0, end: T0 + 10 * MIN, app: null, domain: null, status: 'not-afk' },
      ]);
      expect(await storage.activity.devices(agentId, 'nope')).toEqual([]);
    });

    it('streams the events that overlap a window, in start order, however many there are', async () => {
      const storage = await ctx.open(ctx.fresh('act-stream'));
      const agentId = await storage.activity.sourceId('agent', 'laptops', T0);
      const writer = storage.activity.agentWriter(agentId);
      const web = await writer.bucketId(webBucket);
      const events = Array.from({ length: 12_000 }, (_, i) => ({ bucketId: web, event: { start: T0 + i * 1000, end: T0 + i * 1000 + 1500, url: `https://d${i % 3}.example/`, domain: `d${i % 3}.example`, title: 't' } }));
      expect(await writer.write(events)).toEqual({ inserted: 12_000, updated: 0 });
      const [device] = await storage.activity.devices(agentId);
      // Overlapping [T0 + 2000.4 s, T0 + 11000 s): the one that started 1 s before the window and still ran counts.
      const from = T0 + 2000 * 1000 + 400;
      const rows = await collect(storage.activity.deviceEvents(device!.id, from, T0 + 11_000 * 1000, 'activity'));
      expect(rows.length).toBe(9001);
      expect(rows[0]).toEqual({ bucketType: 'web.tab.current', start: T0 + 1999 * 1000, end: T0 + 1999 * 1000 + 1500, app: null, domain: 'd1.example', status: null });
      expect(rows.every((row, i) => i === 0 || row.start > rows[i - 1]!.start)).toBe(true);
    });

    it('keeps the REST cursor (never moving back) and marks a file read to its end, in the batch transaction', async () => {
      const storage = await ctx.open(ctx.fresh('act-agent-cursors'));
      const agentId = await storage.activity.sourceId('agent', 'laptops', T0);
      const writer = storage.activity.agentWriter(agentId);
      const win = await writer.bucketId(windowBucket);
      expect(await writer.cursorOf(win)).toBeNull();
      await writer.write([{ bucketId: win, event: { start: T0, end: T0 + MIN, app: 'code' } }], { bucketCursor: { bucketId: win, ts: T0 } }, T0);
      await writer.write([], { bucketCursor: { bucketId: win, ts: T0 - MIN } }, T0);
      expect(await writer.cursorOf(win)).toBe(T0);
      const done = { ...position('export', 4096, 20, T0 + MIN), gzip: true, done: true };
      await writer.write([{ bucketId: win, event: { start: T0 + MIN, end: T0 + 2 * MIN, app: 'code' } }], { fileDone: done }, T0 + 5);
      await writer.write([], { fileDone: { ...done, offset: 8192, line: 40 } }, T0 + 6);
      const cursors = await storage.activity.loadCursors(agentId);
      expect(cursors).toEqual([{ id: expect.any(Number), ...done, offset: 8192, line: 40 }]);
      expect(await storage.activity.newestImported(agentId)).toBe(T0 + MIN);
    });

    it('stores a pushed batch by (device, bucket, start): a resend adds nothing, a grown event is updated, the rules apply', async () => {
      const storage = await ctx.open(ctx.fresh('act-agent-push'));
      const agent = v.parse(agentSchema, { name: 'laptops', source: { type: 'push' }, privacy: { redact: [{ field: 'title', pattern: 'secret', action: 'mask', replacement: '***' }] } });
      const at = (ms: number) => new Date(ms).toISOString();
      const now = T0 + 60 * MIN;
      const batch: PushBatch = {
        buckets: [
          { id: windowBucket.name, type: 'currentwindow', client: 'aw-watcher-window', hostname: 'laptop-7' },
          { id: 'aw-watcher-input_laptop-7', type: 'os.hid.input', hostname: 'laptop-7' },
        ],
        events: [
          { bucket: windowBucket.name, timestamp: at(T0), duration: 60, data: { app: 'code', title: 'my secret plan' } },
          { bucket: windowBucket.name, timestamp: at(T0 + MIN), duration: 30, data: { app: 'term', title: 'htop' } },
          { bucket: 'aw-watcher-input_laptop-7', timestamp: at(T0), duration: 1, data: { presses: 40 } },
          { bucket: windowBucket.name, timestamp: at(T0 - 400 * 24 * 60 * MIN), duration: 1, data: { app: 'old' } },
        ],
      };
      expect(await ingestPushBatch(storage.activity, agent, batch, now)).toEqual({ inserted: 2, updated: 0, kept: 2, skipped: { 'unsupported-bucket': 1, 'older-than-retention': 1 } });
      expect((await ingestPushBatch(storage.activity, agent, batch, now)).inserted).toBe(0);
      const grown = { ...batch, events: [{ ...batch.events[1]!, duration: 90 }] };
      expect(await ingestPushBatch(storage.activity, agent, grown, now)).toMatchObject({ inserted: 0, updated: 1 });
      const agentId = (await storage.activity.findSource('agent', 'laptops'))!;
      const [device] = await storage.activity.devices(agentId, 'laptop-7');
      const rows = await collect(storage.activity.deviceEvents(device!.id, T0, now, 'activity'));
      expect(rows.map((r) => [r.start - T0, r.end - r.start, r.app])).toEqual([
        [0, 60_000, 'code'],
        [MIN, 90_000, 'term'],
      ]);
      const exported = await collect(storage.activity.exportRows([{ kind: 'events', source: 'laptops', deviceId: device!.id, range: {} }]));
      expect(exported.map((e) => e.row.title)).toEqual(['my *** plan', 'htop']);
      // The push agent's lag: the end of the newest event received.
      expect(await storage.activity.newestImported(agentId)).toBe(T0 + MIN + 90_000);
    });

    it('deletes events past retention for that agent only', async () => {
      const storage = await ctx.open(ctx.fresh('act-agent-retention'));
      const a = await storage.activity.sourceId('agent', 'laptops', T0);
      const b = await storage.activity.sourceId('agent', 'phones', T0);
      for (const agentId of [a, b]) {
        const writer = storage.activity.agentWriter(agentId);
        const win = await writer.bucketId(windowBucket);
        await writer.write([
          { bucketId: win, event: { start: T0 - 100 * MIN, end: T0 - 90 * MIN, app: 'old' } },
          { bucketId: win, event: { start: T0 - 10 * MIN, end: T0, app: 'new' } },
        ]);
      }
      expect(await storage.activity.applyAgentRetention(a, 30 * MIN, T0)).toEqual({ events: 1 });
      const [deviceA] = await storage.activity.devices(a);
      const [deviceB] = await storage.activity.devices(b);
      expect((await collect(storage.activity.deviceEvents(deviceA!.id, 0, T0 + 1, 'activity'))).map((e) => e.app)).toEqual(['new']);
      expect((await collect(storage.activity.deviceEvents(deviceB!.id, 0, T0 + 1, 'activity'))).map((e) => e.app)).toEqual(['old', 'new']);
    });
  });
}
