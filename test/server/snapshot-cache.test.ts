import { describe, expect, it } from 'vitest';
import { SnapshotCache } from '../../src/server/dashboards/snapshot-cache.js';
import type { DashboardData } from '../../src/server/views/dashboard-data.js';

const data = (n: number) => ({ generatedAt: n }) as unknown as DashboardData;

describe('SnapshotCache', () => {
  it('shares one gathering for up to its max age, and reads again once forgotten', async () => {
    let now = 0;
    let gathered = 0;
    const cache = new SnapshotCache(1_000, () => now);
    const gather = async () => data(++gathered);
    const [a, b] = await Promise.all([cache.get('status', gather), cache.get('status', gather)]);
    expect([a.generatedAt, b.generatedAt]).toEqual([1, 1]);
    now = 999;
    expect((await cache.get('status', gather)).generatedAt).toBe(1);
    expect((await cache.get('other', gather)).generatedAt).toBe(2);
    cache.forget(['status']);
    expect((await cache.get('status', gather)).generatedAt).toBe(3);
    now = 2_000;
    expect((await cache.get('status', gather)).generatedAt).toBe(4);
    cache.forget();
    expect((await cache.get('other', gather)).generatedAt).toBe(5);
  });

  it('reads on every request with max age 0 (the default), and keeps no failed gathering', async () => {
    let gathered = 0;
    const off = new SnapshotCache(0, () => 0);
    await off.get('s', async () => data(++gathered));
    await off.get('s', async () => data(++gathered));
    expect(gathered).toBe(2);
    const on = new SnapshotCache(1_000, () => 0);
    await expect(on.get('s', async () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    expect((await on.get('s', async () => data(7))).generatedAt).toBe(7);
  });
});
