/**
 * /api/v1 on a real server over SQLite and over PostgreSQL: 401 without a valid key, 403 for a viewer
 * on operator routes, operators silence, unsilence and acknowledge, run-now answers 503 without a
 * runtime, results page backwards, dashboard tokens behave the same, and every request is audited
 * without the key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, newApiKey, newDashboardToken } from '../../../src/access/tokens.js';
import { record } from '../../storage/contract/factory.js';
import { freshDatabase } from '../../helpers/postgres.js';
import { useWorkspace } from '../../helpers/workspace.js';
import { call, startFixture, type Fixture } from './serve-fixture.js';

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`the API (${backend})`, () => {
    const ws = useWorkspace(`trackz-api-${backend}-`);
    let f: Fixture;
    const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

    beforeAll(async () => {
      f = await startFixture(ws, backend === 'postgres' ? { postgresUrl: await freshDatabase('serve_api') } : {});
      const t = Date.now() - 10 * 60_000;
      await f.storage.results.saveResults(Array.from({ length: 5 }, (_, i) => record('web', t + i * 60_000, i === 4 ? 'down' : 'up')));
      await f.storage.incidents.open({ monitor: 'web', rule: 'all', number: 1, kind: 'down', startedAt: t + 4 * 60_000, message: 'connection refused' });
    }, 60_000);
    afterAll(async () => {
      await f?.app.close();
      await f?.storage.close();
    });

    it('refuses requests without a valid key (401) and viewer keys on operator routes (403)', async () => {
      expect((await call(f.base, '/api/v1/monitors')).status).toBe(401);
      expect((await call(f.base, '/api/v1/monitors', { headers: auth(newApiKey()) })).status).toBe(401);
      expect((await call(f.base, '/api/v1/monitors', { headers: { Authorization: f.viewerKey } })).status).toBe(401);
      const viewer = await call(f.base, '/api/v1/monitors', { headers: auth(f.viewerKey) });
      expect(viewer.status).toBe(200);
      expect(JSON.parse(viewer.body).monitors.map((m: { name: string }) => m.name)).toEqual(['web', 'api', 'secret-backend']);
      expect(viewer.body).not.toContain('127.0.0.1:9');
      for (const path of ['/api/v1/monitors/web/run', '/api/v1/monitors/web/silence', '/api/v1/monitors/web/unsilence', '/api/v1/incidents/1/ack']) {
        expect((await call(f.base, path, { method: 'POST', headers: auth(f.viewerKey) })).status, path).toBe(403);
      }
      expect((await call(f.base, '/api/v1/monitors', { method: 'DELETE', headers: auth(f.operatorKey) })).status).toBe(405);
    });

    it('lets operators silence, unsilence and acknowledge; run-now needs the scheduler', async () => {
      const op = auth(f.operatorKey);
      const silenced = await call(f.base, '/api/v1/monitors/web/silence', { method: 'POST', headers: op, body: JSON.stringify({ for: '2h', reason: 'deploy' }) });
      expect(silenced.status).toBe(200);
      expect(JSON.parse(silenced.body)).toMatchObject({ monitor: 'web', reason: 'deploy' });
      expect(JSON.parse((await call(f.base, '/api/v1/monitors/web', { headers: op })).body).silencedUntil).not.toBeNull();
      expect((await call(f.base, '/api/v1/monitors/web/silence', { method: 'POST', headers: op, body: '{"for":"forever"}' })).status).toBe(400);
      expect((await call(f.base, '/api/v1/monitors/web/silence', { method: 'POST', headers: op, body: 'x'.repeat(20_000) })).status).toBe(413);
      expect(JSON.parse((await call(f.base, '/api/v1/monitors/web/unsilence', { method: 'POST', headers: op })).body).silencesEnded).toBe(1);
      expect((await call(f.base, '/api/v1/monitors/web/run', { method: 'POST', headers: op })).status).toBe(503);
      expect((await call(f.base, '/api/v1/monitors/nope/run', { method: 'POST', headers: op })).status).toBe(404);
      const [incident] = JSON.parse((await call(f.base, '/api/v1/incidents?open=true', { headers: op })).body).incidents;
      const ack = await call(f.base, `/api/v1/incidents/${incident.id}/ack`, { method: 'POST', headers: op });
      expect(JSON.parse(ack.body)).toMatchObject({ id: incident.id, acknowledgedBy: 'key:op1' });
      expect((await call(f.base, '/api/v1/incidents/999999/ack', { method: 'POST', headers: op })).status).toBe(404);
    });

    it('pages results backwards with since and a next link', async () => {
      const first = JSON.parse((await call(f.base, '/api/v1/monitors/web/results?limit=3', { headers: auth(f.viewerKey) })).body);
      expect(first.results).toHaveLength(3);
      expect(first.results[0].status).toBe('down');
      const second = JSON.parse((await call(f.base, first.next, { headers: auth(f.viewerKey) })).body);
      expect(second.results).toHaveLength(2);
      expect(second.next).toBeNull();
      expect((await call(f.base, '/api/v1/monitors/web/results?limit=abc', { headers: auth(f.viewerKey) })).status).toBe(400);
      const dashboards = JSON.parse((await call(f.base, '/api/v1/dashboards', { headers: auth(f.viewerKey) })).body).dashboards;
      expect(dashboards).toEqual([expect.objectContaining({ name: 'status', monitors: ['web', 'api'], shared: true })]);
      expect(JSON.stringify(dashboards)).not.toContain(f.token);
    });

    it('refuses a revoked key and a rotated dashboard token within a second', async () => {
      const key = newApiKey();
      await f.storage.access.createKey('temp', 'viewer', hashToken(key), Date.now());
      await new Promise((r) => setTimeout(r, 1_000));
      expect((await call(f.base, '/api/v1/incidents', { headers: auth(key) })).status).toBe(200);
      await f.storage.access.revokeKey('temp', Date.now());
      const old = f.token;
      await f.storage.access.shareDashboard('status', hashToken(newDashboardToken()), Date.now());
      await new Promise((r) => setTimeout(r, 1_000));
      expect((await call(f.base, '/api/v1/incidents', { headers: auth(key) })).status).toBe(401);
      expect((await call(f.base, `/d/${old}`)).status).toBe(404);
    });

    it('audits every API request: key name, method, path, status; never the key', async () => {
      await new Promise((r) => setTimeout(r, 200));
      const log = await f.storage.access.auditLog({ limit: 1000 });
      expect(log.some((e) => e.keyName === null && e.status === 401 && e.path === '/api/v1/monitors')).toBe(true);
      expect(log.some((e) => e.keyName === 'viewer1' && e.status === 403 && e.method === 'POST' && e.path === '/api/v1/incidents/1/ack')).toBe(true);
      expect(log.some((e) => e.keyName === 'op1' && e.status === 200 && e.path === '/api/v1/monitors/web/silence')).toBe(true);
      expect(log.some((e) => e.path.includes('?'))).toBe(false);
      expect(JSON.stringify(log)).not.toContain(f.viewerKey);
      expect(JSON.stringify(log)).not.toContain(f.operatorKey);
    });
  });
}
