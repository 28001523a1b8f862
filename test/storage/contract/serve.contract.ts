/**
 * What `trackz serve` keeps, on every backend: dashboard links (one live per dashboard, rotate, revoke),
 * API keys (one live per name), the bounded audit log, incidents (opened once, closed, acknowledged
 * once), and the dashboard's reads of results (counts per day with roll-ups, light result points).
 */
import { describe, expect, it, afterEach } from 'vitest';
import { clearSecrets, registerSecret } from '../../../src/privacy/redactor.js';
import type { ContractContext } from './factory.js';
import { record } from './factory.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const hash = (n: number) => n.toString(16).padStart(64, '0');

export function serveContract(ctx: ContractContext): void {
  describe(`access port: dashboard links (${ctx.backend})`, () => {
    it('shares, rotates and revokes: one live link per dashboard, only hashes, the newest listed', async () => {
      const name = ctx.fresh('links');
      const a = await ctx.open(name);
      const b = await ctx.open(name);
      expect(await a.access.shareDashboard('status', hash(1), T0)).toBe('created');
      expect(await a.access.shareDashboard('ops', hash(2), T0 + 1)).toBe('created');
      expect(await b.access.liveLinkHashes()).toEqual(expect.arrayContaining([{ dashboard: 'status', tokenHash: hash(1) }, { dashboard: 'ops', tokenHash: hash(2) }]));
      // Rotating: the old hash stops being live at once, for every process.
      expect(await b.access.shareDashboard('status', hash(3), T0 + 2)).toBe('rotated');
      expect((await a.access.liveLinkHashes()).filter((l) => l.dashboard === 'status')).toEqual([{ dashboard: 'status', tokenHash: hash(3) }]);
      await a.access.touchLink(hash(3), T0 + 5);
      await a.access.touchLink(hash(99), T0 + 5);
      expect(await a.access.dashboardLinks()).toEqual([
        { dashboard: 'ops', createdAt: T0 + 1, lastUsedAt: null, revokedAt: null },
        { dashboard: 'status', createdAt: T0 + 2, lastUsedAt: T0 + 5, revokedAt: null },
      ]);
      expect(await a.access.revokeDashboard('status', T0 + 10)).toBe(true);
      expect(await a.access.revokeDashboard('status', T0 + 11)).toBe(false);
      expect(await a.access.revokeDashboard('never-shared', T0 + 11)).toBe(false);
      expect(await b.access.liveLinkHashes()).toEqual([{ dashboard: 'ops', tokenHash: hash(2) }]);
      expect((await b.access.dashboardLinks()).find((l) => l.dashboard === 'status')).toEqual({ dashboard: 'status', createdAt: T0 + 2, lastUsedAt: T0 + 5, revokedAt: T0 + 10 });
      // Shared again after a revoke: a new live link.
      expect(await a.access.shareDashboard('status', hash(4), T0 + 20)).toBe('created');
      expect((await a.access.liveLinkHashes()).map((l) => l.tokenHash).sort()).toEqual([hash(2), hash(4)]);
    });
  });

  describe(`access port: API keys and audit (${ctx.backend})`, () => {
    it('one live key per name; revoked keys stay listed and free the name', async () => {
      const storage = await ctx.open(ctx.fresh('keys'));
      expect(await storage.access.createKey('ana', 'operator', hash(10), T0)).toBe(true);
      expect(await storage.access.createKey('ana', 'viewer', hash(11), T0 + 1)).toBe(false);
      expect(await storage.access.createKey('ci', 'viewer', hash(12), T0 + 2)).toBe(true);
      expect(await storage.access.createKey('laptop-7', 'agent', hash(13), T0 + 3)).toBe(true);
      expect((await storage.access.liveKeyHashes()).sort((x, y) => x.name.localeCompare(y.name))).toEqual([
        { name: 'ana', role: 'operator', keyHash: hash(10) },
        { name: 'ci', role: 'viewer', keyHash: hash(12) },
        { name: 'laptop-7', role: 'agent', keyHash: hash(13) },
      ]);
      await storage.access.touchKey(hash(12), T0 + 50);
      expect(await storage.access.revokeKey('ana', T0 + 60)).toBe(true);
      expect(await storage.access.revokeKey('ana', T0 + 61)).toBe(false);
      expect(await storage.access.createKey('ana', 'viewer', hash(14), T0 + 70)).toBe(true);
      expect(await storage.access.keys()).toEqual([
        { name: 'ana', role: 'operator', createdAt: T0, lastUsedAt: null, revokedAt: T0 + 60 },
        { name: 'ci', role: 'viewer', createdAt: T0 + 2, lastUsedAt: T0 + 50, revokedAt: null },
        { name: 'laptop-7', role: 'agent', createdAt: T0 + 3, lastUsedAt: null, revokedAt: null },
        { name: 'ana', role: 'viewer', createdAt: T0 + 70, lastUsedAt: null, revokedAt: null },
      ]);
      expect((await storage.access.liveKeyHashes()).find((k) => k.name === 'ana')).toEqual({ name: 'ana', role: 'viewer', keyHash: hash(14) });
    });

    it('keeps the audit log newest first, filters it, cuts long paths and prunes by age and by count', async () => {
      const storage = await ctx.open(ctx.fresh('audit'));
      await storage.access.audit([
        { keyName: 'ana', method: 'GET', path: '/api/v1/monitors', status: 200, at: T0 },
        { keyName: null, method: 'GET', path: '/api/v1/monitors', status: 401, at: T0 + 1 },
        { keyName: 'ana', method: 'POST', path: `/api/v1/monitors/${'x'.repeat(600)}/run`, status: 404, at: T0 + 2 },
      ]);
      await storage.access.audit([]);
      const log = await storage.access.auditLog();
      expect(log.map((e) => [e.keyName, e.method, e.status])).toEqual([
        ['ana', 'POST', 404],
        [null, 'GET', 401],
        ['ana', 'GET', 200],
      ]);
      expect(log[0]!.path).toHaveLength(512);
      expect((await storage.access.auditLog({ keyName: 'ana', limit: 1 })).map((e) => e.at)).toEqual([T0 + 2]);
      expect((await storage.access.auditLog({ since: T0 + 1 })).map((e) => e.at)).toEqual([T0 + 2, T0 + 1]);
      await storage.access.audit(Array.from({ length: 20 }, (_, i) => ({ keyName: 'ci', method: 'GET', path: '/api/v1/incidents', status: 200, at: T0 + DAY + i })));
      // Older than a day goes first (3 rows), then the oldest beyond 10 rows (10 more).
      expect(await storage.access.pruneAudit(T0 + 2 * DAY, DAY, 10)).toBe(13);
      const kept = await storage.access.auditLog({ limit: 100 });
      expect(kept.map((e) => e.at)).toEqual(Array.from({ length: 10 }, (_, i) => T0 + DAY + 19 - i));
    });
  });

  describe(`incidents port (${ctx.backend})`, () => {
    afterEach(() => clearSecrets());

    it('opens an incident once, closes it once, lists newest first and filters, acknowledges once', async () => {
      const name = ctx.fresh('incidents');
      const a = await ctx.open(name);
      const b = await ctx.open(name);
      registerSecret('s3cret-token');
      const opening = { monitor: 'api', rule: 'default', number: 1, kind: 'down' as const, startedAt: T0, message: 'GET /?t=s3cret-token: HTTP 503' };
      expect(await a.incidents.open(opening)).toBe(true);
      expect(await b.incidents.open(opening)).toBe(false);
      expect(await a.incidents.open({ ...opening, monitor: 'home', startedAt: T0 + 10, kind: 'degraded', message: null })).toBe(true);
      const [home, api] = await a.incidents.list();
      expect(api).toMatchObject({ monitor: 'api', rule: 'default', number: 1, kind: 'down', startedAt: T0, endedAt: null, message: 'GET /?t=***: HTTP 503', acknowledgedBy: null, acknowledgedAt: null });
      expect(home).toMatchObject({ monitor: 'home', kind: 'degraded', message: null });
      expect(await a.incidents.close('api', 'default', 1, T0 + 500)).toBe(true);
      expect(await b.incidents.close('api', 'default', 1, T0 + 600)).toBe(false);
      expect(await b.incidents.close('api', 'default', 7, T0 + 600)).toBe(false);
      expect((await a.incidents.get(api!.id))!.endedAt).toBe(T0 + 500);
      expect((await a.incidents.list({ open: true })).map((i) => i.monitor)).toEqual(['home']);
      expect((await a.incidents.list({ open: false })).map((i) => i.monitor)).toEqual(['api']);
      expect((await a.incidents.list({ monitors: ['api', 'other'] })).map((i) => i.monitor)).toEqual(['api']);
      expect(await a.incidents.list({ monitors: [] })).toEqual([]);
      expect((await a.incidents.list({ since: T0 + 501 })).map((i) => i.monitor)).toEqual(['home']);
      expect((await a.incidents.list({ beforeId: home!.id })).map((i) => i.monitor)).toEqual(['api']);
      expect((await a.incidents.list({ limit: 1 })).map((i) => i.monitor)).toEqual(['home']);
      const acked = await a.incidents.acknowledge(home!.id, 'ana', T0 + 700);
      expect(acked).toMatchObject({ acknowledgedBy: 'ana', acknowledgedAt: T0 + 700 });
      expect(await b.incidents.acknowledge(home!.id, 'bob', T0 + 800)).toMatchObject({ acknowledgedBy: 'ana', acknowledgedAt: T0 + 700 });
      expect(await a.incidents.acknowledge(999_999, 'ana', T0)).toBeUndefined();
      expect(await a.incidents.get(999_999)).toBeUndefined();
    });

    it('writes inside a transaction and is gone when it rolls back', async () => {
      const storage = await ctx.open(ctx.fresh('incidents-tx'));
      await expect(
        storage.transaction(async (tx) => {
          await tx.incidents.open({ monitor: 'api', rule: 'r', number: 1, kind: 'down', startedAt: T0, message: 'x' });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await storage.incidents.list()).toEqual([]);
      await storage.transaction((tx) => tx.incidents.open({ monitor: 'api', rule: 'r', number: 1, kind: 'down', startedAt: T0, message: 'x' }), { lock: 'alerts' });
      expect(await storage.incidents.list()).toHaveLength(1);
    });
  });

  describe(`results port: what a dashboard reads (${ctx.backend})`, () => {
    it('counts results per UTC day, blending roll-ups for the hours retention rolled up', async () => {
      const storage = await ctx.open(ctx.fresh('daily'));
      const day0 = Math.floor(T0 / DAY) * DAY;
      const records = [
        record('api', day0 - 3 * DAY + HOUR, 'up'),
        record('api', day0 - 3 * DAY + 2 * HOUR, 'down'),
        record('api', day0 - DAY + HOUR, 'up'),
        record('api', day0 + HOUR, 'up'),
        record('api', day0 + 2 * HOUR, 'degraded'),
        record('api', day0 + 3 * HOUR, 'unknown'),
        record('other', day0 + HOUR, 'down'),
      ];
      await storage.results.saveResults(records);
      const before = await storage.results.dailyCounts('api', day0 - 5 * DAY, day0 + DAY);
      expect(before.map((d) => [d.day, d.counts, d.rolledUp])).toEqual([
        [day0 - 3 * DAY, { total: 2, up: 1, degraded: 0, down: 1, unknown: 0 }, false],
        [day0 - DAY, { total: 1, up: 1, degraded: 0, down: 0, unknown: 0 }, false],
        [day0, { total: 3, up: 1, degraded: 1, down: 0, unknown: 1 }, false],
      ]);
      // Raw results older than two days become roll-ups: the same counts, marked.
      await storage.results.applyRetention(day0 + 4 * HOUR, { resultsMs: 2 * DAY, rollupsMs: 400 * DAY }, { force: true });
      const after = await storage.results.dailyCounts('api', day0 - 5 * DAY, day0 + DAY);
      expect(after.map((d) => [d.day, d.counts.total, d.counts.down, d.rolledUp])).toEqual([
        [day0 - 3 * DAY, 2, 1, true],
        [day0 - DAY, 1, 0, false],
        [day0, 3, 0, false],
      ]);
      expect(await storage.results.dailyCounts('api', day0, day0 + DAY)).toHaveLength(1);
      expect(await storage.results.dailyCounts('nobody', day0 - DAY, day0 + DAY)).toEqual([]);
    });

    it('gives light result points, newest first, from a time and up to a limit', async () => {
      const storage = await ctx.open(ctx.fresh('points'));
      await storage.results.saveResults(Array.from({ length: 10 }, (_, i) => record('api', T0 + i * 1000, i === 4 ? 'down' : 'up', i === 4 ? { latencyMs: undefined } : { latencyMs: 100 + i })));
      const points = await storage.results.resultPoints('api', T0 + 3000, 5);
      expect(points.map((p) => [p.ts, p.latencyMs, p.status])).toEqual([
        [T0 + 9000, 109, 'up'],
        [T0 + 8000, 108, 'up'],
        [T0 + 7000, 107, 'up'],
        [T0 + 6000, 106, 'up'],
        [T0 + 5000, 105, 'up'],
      ]);
      expect((await storage.results.resultPoints('api', T0 + 3000, 100)).find((p) => p.ts === T0 + 4000)).toMatchObject({ latencyMs: null, status: 'down' });
      expect(await storage.results.resultPoints('nobody', 0, 10)).toEqual([]);
    });
  });
}
