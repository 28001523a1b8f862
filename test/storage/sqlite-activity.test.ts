/**
 * Parts of the SQLite activity port the imports do not reach in volume: a device's events streamed
 * page by page across several buckets (in start order, none lost or doubled at page edges), and the
 * agent writer's idempotence and cursors.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceEventRow } from '../../src/storage/ports/activity.js';
import { PAGE_ROWS } from '../../src/storage/sqlite/activity/devices.js';
import type { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { openSqlite } from '../helpers/storage.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-activity-port-');
let files = 0;
const opened: SqliteStorage[] = [];
afterEach(async () => {
  for (const storage of opened.splice(0)) await storage.close();
});
function fresh(): SqliteStorage {
  const storage = openSqlite(ws.path(`a${++files}.db`));
  opened.push(storage);
  return storage;
}

async function collect(rows: AsyncIterable<DeviceEventRow>): Promise<DeviceEventRow[]> {
  const out: DeviceEventRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

describe('device events', () => {
  it('streams every overlapping event of a device in start order, across buckets and page edges', async () => {
    const storage = fresh();
    const agentId = await storage.activity.sourceId('agent', 'laptops', 0);
    const writer = storage.activity.agentWriter(agentId);
    const window = await writer.bucketId({ name: 'aw-watcher-window_l1', type: 'currentwindow', device: 'l1', client: null });
    const web = await writer.bucketId({ name: 'aw-watcher-web_l1', type: 'web.tab.current', device: 'l1', client: null });
    const afk = await writer.bucketId({ name: 'aw-watcher-afk_l1', type: 'afkstatus', device: 'l1', client: null });
    const other = await writer.bucketId({ name: 'aw-watcher-window_l2', type: 'currentwindow', device: 'l2', client: null });
    // More than two pages per bucket; window events every 10 s, web events every 15 s, both 5 s long.
    const count = 2 * PAGE_ROWS + 123;
    const events = [
      ...Array.from({ length: count }, (_, i) => ({ bucketId: window, event: { start: i * 10_000, end: i * 10_000 + 5_000, app: `app${i % 7}` } })),
      ...Array.from({ length: count }, (_, i) => ({ bucketId: web, event: { start: i * 15_000 + 1, end: i * 15_000 + 5_001, url: 'https://example.com/', domain: 'example.com' } })),
      ...Array.from({ length: 10 }, (_, i) => ({ bucketId: afk, event: { start: i * 60_000, end: (i + 1) * 60_000, status: i % 2 ? ('afk' as const) : ('not-afk' as const) } })),
      ...Array.from({ length: 50 }, (_, i) => ({ bucketId: other, event: { start: i * 10_000, end: i * 10_000 + 5_000, app: 'elsewhere' } })),
    ];
    expect(await writer.write(events)).toEqual({ inserted: events.length, updated: 0 });
    const [device] = await storage.activity.devices(agentId, 'l1');

    const all = await collect(storage.activity.deviceEvents(device!.id, 0, Number.MAX_SAFE_INTEGER, 'activity'));
    expect(all).toHaveLength(2 * count);
    expect(all.every((row, i) => i === 0 || all[i - 1]!.start <= row.start)).toBe(true);
    expect(new Set(all.map((row) => `${row.bucketType}@${row.start}`)).size).toBe(2 * count);
    expect(all.some((row) => row.app === 'elsewhere' || row.bucketType === 'afkstatus')).toBe(false);

    // [from, to): events that started before its end and ended after its start.
    const part = await collect(storage.activity.deviceEvents(device!.id, 20_002, 40_000, 'activity'));
    expect(part.map((row) => `${row.bucketType} ${row.start}`)).toEqual(['currentwindow 20000', 'currentwindow 30000', 'web.tab.current 30001']);
    expect((await collect(storage.activity.deviceEvents(device!.id, 0, 600_000, 'afk'))).map((row) => row.status)).toEqual(Array.from({ length: 10 }, (_, i) => (i % 2 ? 'afk' : 'not-afk')));
  });
});

describe('agent writer', () => {
  it('stores an event once, grows it in place, never shortens it, and moves cursors with the batch', async () => {
    const storage = fresh();
    const agentId = await storage.activity.sourceId('agent', 'laptops', 0);
    const writer = storage.activity.agentWriter(agentId);
    const bucketId = await writer.bucketId({ name: 'aw-watcher-window_l1', type: 'currentwindow', device: 'l1', client: 'aw' });
    expect(await writer.bucketId({ name: 'aw-watcher-window_l1', type: 'currentwindow', device: 'l1', client: 'aw' })).toBe(bucketId);
    expect(await writer.cursorOf(bucketId)).toBeNull();
    const event = { start: 1_000, end: 2_000, app: 'editor', title: 'a.ts' };
    expect(await writer.write([{ bucketId, event }], { bucketCursor: { bucketId, ts: 1_000 } })).toEqual({ inserted: 1, updated: 0 });
    expect(await writer.write([{ bucketId, event }])).toEqual({ inserted: 0, updated: 0 });
    expect(await writer.write([{ bucketId, event: { ...event, end: 5_000 } }])).toEqual({ inserted: 0, updated: 1 });
    expect(await writer.write([{ bucketId, event: { ...event, end: 3_000 } }])).toEqual({ inserted: 0, updated: 0 });
    expect(storage.db.prepare('SELECT end_at FROM agent_events').pluck().all()).toEqual([5_000]);
    expect(await writer.cursorOf(bucketId)).toBe(1_000);
    expect(await storage.activity.newestImported(agentId)).toBe(1_000);
  });
});
