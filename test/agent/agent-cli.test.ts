/**
 * The real `trackz agent` binary, as watchers meet it: ActivityWatch's own JavaScript client (aw-client,
 * unchanged) creates buckets, sends heartbeats and reads events back; the documented heartbeat
 * sequence (docs/agent-protocol.md) gives the documented events; the device-side redaction, the Host
 * check and the API key hold; without --server the events land in the config's own storage.
 */
import { AWClient } from 'aw-client';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentProcess, type AgentProcess } from '../helpers/agent-process.js';
import { ensureBuiltFor } from '../helpers/built.js';
import { openSqlite } from '../helpers/storage.js';
import { useWorkspace } from '../helpers/workspace.js';
import { HEARTBEAT_SEQUENCE, SEQUENCE_BUCKET, SEQUENCE_EVENTS, SEQUENCE_PULSETIME, T0 } from './heartbeat-sequence.js';

const ws = useWorkspace('trackz-agent-cli-');
const CONFIG = `workspace: home
storage: { path: ./trackz.db }
monitors: []
agents:
  - name: laptops
    source: { type: push }
    privacy:
      redact: [{ field: title, pattern: "(?i)online bank" }]
      retention: { events: 3650d }
`;

let agent: AgentProcess;

beforeAll(async () => {
  ensureBuiltFor(['src', 'plugins']);
  ws.write('trackz.config.yaml', CONFIG);
  agent = await startAgentProcess(['--store', ws.path('agent.db')], { cwd: ws.dir });
}, 120_000);
afterAll(async () => {
  expect(await agent?.stop()).toBe(0);
});

const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

describe('trackz agent: the ActivityWatch API', () => {
  it('works with aw-client unchanged: info, buckets (an existing one answers 304), heartbeats, events back', async () => {
    const client = new AWClient('aw-watcher-window', { baseURL: agent.base });
    expect(await client.getInfo()).toMatchObject({ hostname: expect.any(String), version: expect.stringContaining('trackz'), testing: false });
    expect(await client.ensureBucket('aw-watcher-window_client', 'currentwindow', 'client')).toEqual({ alreadyExist: false });
    expect(await client.ensureBucket('aw-watcher-window_client', 'currentwindow', 'client')).toEqual({ alreadyExist: true });
    const buckets = await client.getBuckets();
    expect(buckets['aw-watcher-window_client']).toMatchObject({ id: 'aw-watcher-window_client', type: 'currentwindow', client: 'aw-watcher-window', hostname: 'client' });
    expect((await client.getBucketInfo('aw-watcher-window_client')).created).toBeInstanceOf(Date);

    const beat = (s: number, title: string) => client.heartbeat('aw-watcher-window_client', 5, { timestamp: new Date(T0 + s * 1000), duration: 0, data: { app: 'Terminal', title } });
    await Promise.all([beat(0, 'vim'), beat(3, 'vim'), beat(6, 'vim'), beat(7, 'htop')]);
    const events = await client.getEvents('aw-watcher-window_client');
    expect(events.map((e) => [e.timestamp.toISOString(), e.duration, e.data])).toEqual([
      [iso(7), 0, { app: 'Terminal', title: 'htop' }],
      [iso(0), 6, { app: 'Terminal', title: 'vim' }],
    ]);
    expect(await client.getEvents('aw-watcher-window_client', { limit: 1 })).toHaveLength(1);
    expect(await client.getEvents('aw-watcher-window_client', { start: new Date(T0 + 6500), end: new Date(T0 + 60_000) })).toHaveLength(1);
    await client.insertEvents('aw-watcher-window_client', [{ timestamp: new Date(T0 + 60_000), duration: 2, data: { app: 'Mail', title: 'inbox' } }]);
    expect((await client.getEvents('aw-watcher-window_client', { limit: 1 }))[0]!.data).toEqual({ app: 'Mail', title: 'inbox' });
  });

  it('merges the documented heartbeat sequence into the documented events', async () => {
    const post = (path: string, body: unknown) => fetch(`${agent.base}/api/0/buckets/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post(SEQUENCE_BUCKET, { type: 'currentwindow', client: 'test', hostname: 'laptop' })).status).toBe(200);
    for (const h of HEARTBEAT_SEQUENCE) {
      const res = await post(`${SEQUENCE_BUCKET}/heartbeat?pulsetime=${SEQUENCE_PULSETIME}`, { timestamp: iso(h.at), duration: h.duration ?? 0, data: h.data });
      expect(res.status).toBe(200);
    }
    const events = (await (await fetch(`${agent.base}/api/0/buckets/${SEQUENCE_BUCKET}/events`)).json()) as { timestamp: string; duration: number; data: { title: string } }[];
    expect(events.map((e) => ({ at: (Date.parse(e.timestamp) - T0) / 1000, duration: e.duration, title: e.data.title }))).toEqual(SEQUENCE_EVENTS);
  });

  it('applies the redaction rules on the device, keeps only known fields, and keeps no events of other watchers', async () => {
    const post = (path: string, body: unknown) => fetch(`${agent.base}/api/0/buckets/${path}`, { method: 'POST', body: JSON.stringify(body) });
    await post('aw-watcher-web-firefox_laptop', { type: 'web.tab.current', client: 'aw-client-web', hostname: 'laptop' });
    const res = await post('aw-watcher-web-firefox_laptop/heartbeat?pulsetime=30', {
      timestamp: iso(100),
      duration: 0,
      data: { url: 'https://bank.example/login?session=s3cr3t', title: 'My Online Bank', audible: false, tabCount: 4, incognito: false },
    });
    expect(await res.json()).toMatchObject({ data: { url: 'https://bank.example/login', title: '[redacted]' } });
    await post('aw-watcher-input_laptop', { type: 'os.hid.input', client: 'aw-watcher-input', hostname: 'laptop' });
    const input = await post('aw-watcher-input_laptop/heartbeat?pulsetime=1', { timestamp: iso(100), duration: 1, data: { presses: 42, clicks: 3 } });
    expect(input.status).toBe(200);
    expect(await (await fetch(`${agent.base}/api/0/buckets/aw-watcher-input_laptop/events`)).json()).toEqual([]);
    // An incognito tab is never kept.
    await post('aw-watcher-web-firefox_laptop/heartbeat?pulsetime=30', { timestamp: iso(200), duration: 0, data: { url: 'https://private.example/', title: 'private', incognito: true } });
    expect(await (await fetch(`${agent.base}/api/0/buckets/aw-watcher-web-firefox_laptop/events`)).json()).toHaveLength(1);
    // Nothing of what was redacted reached the agent's file.
    const file = readFileSync(ws.path('agent.db')).toString('latin1') + readFileSync(ws.path('agent.db-wal')).toString('latin1');
    expect(file).not.toContain('Online Bank');
    expect(file).not.toContain('s3cr3t');
  });

  it('refuses a foreign Host (DNS rebinding) and answers errors as aw-server does', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) =>
      http.get({ host: '127.0.0.1', port: agent.port, path: '/api/0/info', headers: { host: `attacker.example:${agent.port}` } }, (res) => resolve(res.statusCode!)).on('error', reject),
    );
    expect(status).toBe(403);
    expect((await fetch(`http://localhost:${agent.port}/api/0/info`)).status).toBe(200);
    expect((await fetch(`${agent.base}/api/0/buckets/nope/events`)).status).toBe(404);
    const noPulse = await fetch(`${agent.base}/api/0/buckets/${SEQUENCE_BUCKET}/heartbeat`, { method: 'POST', body: JSON.stringify({ timestamp: iso(0), duration: 0, data: {} }) });
    expect(noPulse.status).toBe(400);
    expect(((await noPulse.json()) as { message: string }).message).toMatch(/pulsetime/);
    const badTime = await fetch(`${agent.base}/api/0/buckets/${SEQUENCE_BUCKET}/events`, { method: 'POST', body: JSON.stringify([{ timestamp: 'yesterday', data: {} }]) });
    expect(((await badTime.json()) as { message: string }).message).toMatch(/^events\[0\]\.timestamp: expected an ISO 8601 time/);
  });

  it('without --server, delivers what it keeps into the config storage, once', async () => {
    const storage = openSqlite(ws.path('trackz.db'));
    try {
      const deadline = Date.now() + 20_000;
      let count = 0;
      while (Date.now() < deadline) {
        count = (storage.db.prepare('SELECT COUNT(*) FROM agent_events').pluck().get() as number) ?? 0;
        if (count >= 3 + 5 + 1) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      // aw-client's bucket: 2 heartbeat events and 1 inserted; the sequence's 5; the web bucket's 1.
      expect(count).toBe(9);
      const titles = storage.db.prepare('SELECT title, url FROM agent_events e JOIN agent_buckets b ON b.id = e.bucket_id WHERE b.type = ?').all('web.tab.current');
      expect(titles).toEqual([{ title: '[redacted]', url: 'https://bank.example/login' }]);
    } finally {
      await storage.close();
    }
  });
});

describe('trackz agent --api-key', () => {
  it('requires the key on the local API when one is set (from the environment)', async () => {
    const keyed = await startAgentProcess(['--store', ws.path('keyed.db')], { cwd: ws.dir, env: { TRACKZ_AGENT_API_KEY: 'local-secret' } });
    try {
      expect((await fetch(`${keyed.base}/api/0/info`)).status).toBe(401);
      expect((await fetch(`${keyed.base}/api/0/info`, { headers: { authorization: 'Bearer wrong-secret!' } })).status).toBe(401);
      expect((await fetch(`${keyed.base}/api/0/info`, { headers: { authorization: 'Bearer local-secret' } })).status).toBe(200);
    } finally {
      expect(await keyed.stop()).toBe(0);
    }
  });
});

describe('trackz agent: usage errors', () => {
  it('refuses a non-loopback --host and an unknown --agent with one line, exit 2', async () => {
    const { trackz } = await import('../helpers/cli.js');
    const host = await trackz(['agent', '--host', '0.0.0.0', '--port', '0'], { cwd: ws.dir });
    expect(host.exitCode).toBe(2);
    expect(host.stderr).toMatch(/^trackz: --host 0\.0\.0\.0: trackz agent answers on loopback only/);
    const unknown = await trackz(['agent', '--agent', 'phones', '--port', '0'], { cwd: ws.dir });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr.trim()).toMatch(/^trackz: no agent named phones in .*trackz\.config\.yaml \(agents: laptops\)$/);
  });
});
