/**
 * Devices pushing to the real `trackz serve` server (createTrackzServer over a real SQLite file): the
 * real `trackz agent` binary forwards with a key made as `trackz keys create NAME --role agent` does;
 * its events land once under the push agent; viewer keys are refused, a revoked key stops within a
 * second, and every push is in the API audit log without the key. An application's account lifecycle
 * events arrive at /api/v1/accounts/events the same way (operator or agent keys), once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, newApiKey } from '../../../src/access/tokens.js';
import { loadConfig } from '../../../src/config/load.js';
import { createLogger } from '../../../src/core/log.js';
import { createTrackzServer, type TrackzServer } from '../../../src/server/create-server.js';
import { openStorage } from '../../../src/storage/open.js';
import type { Storage } from '../../../src/storage/ports/index.js';
import { startAgentProcess } from '../../helpers/agent-process.js';
import { ensureBuiltFor } from '../../helpers/built.js';
import { useWorkspace } from '../../helpers/workspace.js';

const ws = useWorkspace('trackz-agent-push-');
const BUCKET = 'aw-watcher-window_laptop-7';
const T0 = Date.now() - 3_600_000;
let storage: Storage;
let app: TrackzServer;
let base: string;
const agentKey = newApiKey();
const operatorKey = newApiKey();
const viewerKey = newApiKey();

beforeAll(async () => {
  await ensureBuiltFor(['src', 'plugins']);
  const file = ws.write('trackz.yaml', 'workspace: team\nstorage: { path: ./trackz.db }\nmonitors: []\nagents:\n  - name: laptops\n    source: { type: push }\n');
  const config = await loadConfig({ configPath: file, env: {} });
  storage = await openStorage({ target: config.storage.target, workspace: config.workspace });
  await storage.access.createKey('laptop-7', 'agent', hashToken(agentKey), Date.now());
  await storage.access.createKey('wall', 'viewer', hashToken(viewerKey), Date.now());
  await storage.access.createKey('billing-app', 'operator', hashToken(operatorKey), Date.now());
  app = createTrackzServer({ config, storage, log: createLogger('test', 'silent') });
  base = `http://127.0.0.1:${(await app.listen(0, '127.0.0.1')).port}`;
}, 120_000);
afterAll(async () => {
  await app?.close();
  await storage?.close();
});

const push = (key: string) =>
  fetch(`${base}/api/v1/agents/laptops/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ buckets: [{ id: BUCKET, type: 'currentwindow', client: 'aw-watcher-window', hostname: 'laptop-7' }], events: [{ bucket: BUCKET, timestamp: new Date(T0).toISOString(), duration: 5, data: { app: 'Code', title: 'a.ts' } }] }),
  });

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('POST /api/v1/agents/<agent>/events on trackz serve', () => {
  it('takes the real agent\'s forwarded events once, with an agent key', { timeout: 120_000 }, async () => {
    const agent = await startAgentProcess(['--server', base, '--agent', 'laptops', '--store', ws.path('device.db')], { cwd: ws.dir, env: { TRACKZ_AGENT_KEY: agentKey } });
    try {
      await fetch(`${agent.base}/api/0/buckets/${BUCKET}`, { method: 'POST', body: JSON.stringify({ type: 'currentwindow', client: 'aw-watcher-window', hostname: 'laptop-7' }) });
      for (const [s, title] of [[0, 'a.ts'], [2, 'a.ts'], [10, 'b.ts']] as const) {
        const res = await fetch(`${agent.base}/api/0/buckets/${BUCKET}/heartbeat?pulsetime=5`, { method: 'POST', body: JSON.stringify({ timestamp: new Date(T0 + 60_000 + s * 1000).toISOString(), duration: 0, data: { app: 'Code', title } }) });
        expect(res.status).toBe(200);
      }
      const devices = async () => storage.activity.devices(await storage.activity.sourceId('agent', 'laptops', Date.now()));
      await until('the forwarded events', async () => (await devices()).length > 0);
      expect((await devices()).map((d) => d.name)).toEqual(['laptop-7']);
      const audit = await storage.access.auditLog({ limit: 50 });
      const pushes = audit.filter((entry) => entry.path === '/api/v1/agents/laptops/events');
      expect(pushes.length).toBeGreaterThan(0);
      expect(pushes.every((entry) => entry.keyName === 'laptop-7' && entry.status === 200)).toBe(true);
      expect(JSON.stringify(audit)).not.toContain(agentKey);
    } finally {
      await agent.stop();
    }
  });

  it('refuses viewer keys (403), unknown keys (401), and a revoked agent key within a second', async () => {
    expect((await push(viewerKey)).status).toBe(403);
    expect((await push(newApiKey())).status).toBe(401);
    expect((await push(agentKey)).status).toBe(200);
    await storage.access.revokeKey('laptop-7', Date.now());
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await push(agentKey)).status).toBe(401);
  });
});

describe('POST /api/v1/accounts/events on trackz serve', () => {
  const events = [
    { kind: 'created', email: 'Ada@Example.com', instance: 'acme', date: '2026-11-02', firstName: 'Ada', lastName: 'L' },
    { kind: 'deactivated', email: 'bob@example.com', instance: 'acme', date: '2026-11-20' },
  ];
  const send = (key: string, body: unknown) =>
    fetch(`${base}/api/v1/accounts/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body) });

  it('stores them once with an operator key; a resend counts duplicates; viewers are refused; a bad event stores nothing', async () => {
    expect((await send(viewerKey, events)).status).toBe(403);
    const first = await send(operatorKey, events);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ received: 2, inserted: 2, duplicates: 0 });
    expect(await (await send(operatorKey, events)).json()).toMatchObject({ received: 2, inserted: 0, duplicates: 2 });
    const bad = await send(operatorKey, [{ ...events[0], email: 'carol@example.com' }, { kind: 'deleted', email: 'x@example.com', instance: 'acme', date: '2026-11-21' }]);
    expect(bad.status).toBe(400);
    expect(await storage.accounts.countByEmail('carol@example.com')).toBe(0);
    expect(await storage.accounts.countByEmail('ada@example.com')).toBe(1);
    const audit = (await storage.access.auditLog({ limit: 50 })).filter((entry) => entry.path === '/api/v1/accounts/events');
    expect(audit.map((entry) => [entry.keyName, entry.status]).sort()).toEqual([['billing-app', 200], ['billing-app', 200], ['billing-app', 400], ['wall', 403]]);
  });
});
