/**
 * The real `trackz agent` forwarding to a real ingestion server (node:http + SQLite): while the server
 * is down every event stays in the on-disk spool; when it returns each is delivered once; and a
 * `kill -9` of the agent after the server stored a batch but before the agent saw the answer loses
 * nothing and doubles nothing (rows counted on the server).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeviceStore } from '../../src/storage/agent-spool/device-store.js';
import { agentConfig, startIngestServer, type IngestServer } from '../helpers/agent-ingest-server.js';
import { startAgentProcess, type AgentProcess } from '../helpers/agent-process.js';
import { ensureBuiltFor } from '../helpers/built.js';
import { closedPort } from '../helpers/ports.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-agent-forward-');
const AGENTS = [agentConfig({ name: 'laptops', source: { type: 'push' } })];
const KEYS = { 'k-agent': { keyName: 'laptop-7', role: 'agent' } };
const T0 = Date.now() - 3_600_000;
const BUCKET = 'aw-watcher-window_laptop-7';

const running: { stop(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const item of running.splice(0).reverse()) await item.stop();
});

beforeAll(() => ensureBuiltFor(['src', 'plugins']), 120_000);

async function agentFor(port: number, store: string): Promise<AgentProcess> {
  const agent = await startAgentProcess(['--server', `http://127.0.0.1:${port}`, '--agent', 'laptops', '--store', store], { cwd: ws.dir, env: { TRACKZ_AGENT_KEY: 'k-agent' } });
  running.push(agent);
  return agent;
}

async function beat(agent: AgentProcess, seconds: number, title: string): Promise<void> {
  const res = await fetch(`${agent.base}/api/0/buckets/${BUCKET}/heartbeat?pulsetime=5`, {
    method: 'POST',
    body: JSON.stringify({ timestamp: new Date(T0 + seconds * 1000).toISOString(), duration: 0, data: { app: 'Code', title } }),
  });
  expect(res.status).toBe(200);
}

async function createBucket(agent: AgentProcess): Promise<void> {
  await fetch(`${agent.base}/api/0/buckets/${BUCKET}`, { method: 'POST', body: JSON.stringify({ type: 'currentwindow', client: 'aw-watcher-window', hostname: 'laptop-7' }) });
}

async function until(what: string, check: () => boolean, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function spooled(path: string): number {
  const store = new DeviceStore(path);
  try {
    return store.spooledCount();
  } finally {
    store.close();
  }
}

const serverRows = (server: IngestServer) =>
  server.storage.db.prepare('SELECT start_at - ? AS start, end_at - start_at AS duration, title FROM agent_events ORDER BY start_at').all(T0) as { start: number; duration: number; title: string }[];

describe('trackz agent --server', () => {
  it('spools while the server is down and delivers each event once when it returns', { timeout: 120_000 }, async () => {
    const port = await closedPort();
    const store = ws.path('down.db');
    const agent = await agentFor(port, store);
    await createBucket(agent);
    // 20 files, 3 heartbeats each (merged into one event), the first two seconds apart.
    for (let i = 0; i < 20; i++) for (const s of [0, 2, 4]) await beat(agent, i * 10 + s, `file-${i}.ts`);
    await until('the first failed delivery', () => /cannot deliver/.test(agent.stderr()));
    expect(spooled(store)).toBe(20);

    const server = await startIngestServer({ dbPath: ws.path('server-down.db'), agents: AGENTS, keys: KEYS, port });
    running.push({ stop: () => server.close() });
    await until('delivery after the server returned', () => server.count() === 20 && spooled(store) === 0);
    expect(serverRows(server)).toEqual(Array.from({ length: 20 }, (_, i) => ({ start: i * 10_000, duration: 4_000, title: `file-${i}.ts` })));

    // An event that grows after it was delivered is sent again and updated, not added.
    await beat(agent, 19 * 10 + 7, 'file-19.ts');
    await until('the update', () => serverRows(server).at(-1)!.duration === 7_000);
    expect(server.count()).toBe(20);
    expect(server.audit.every((e) => e.status === 200)).toBe(true);
  });

  it('loses nothing and doubles nothing when the agent is killed (kill -9) before it sees the answer', { timeout: 120_000 }, async () => {
    const store = ws.path('killed.db');
    let agent: AgentProcess | undefined;
    let armed = false;
    let killed = false;
    const server = await startIngestServer({
      dbPath: ws.path('server-killed.db'),
      agents: AGENTS,
      keys: KEYS,
      afterStore: async (res) => {
        if (!armed || killed || !agent || res.statusCode !== 200) return;
        killed = true;
        await agent.kill9();
      },
    });
    running.push({ stop: () => server.close() });
    agent = await agentFor(server.port, store);
    await createBucket(agent);
    // Acknowledged by the agent before it dies: all of these must reach the server, once.
    await Promise.all(Array.from({ length: 50 }, (_, i) => beat(agent!, i * 10, `doc-${i}`)));
    // Delivered and confirmed before arming, so the batch the kill interrupts is the next one (on a slow
    // machine the agent could otherwise die while it still answers the heartbeat below).
    await until('the first 50 delivered', () => server.count() === 50 && spooled(store) === 0);
    // The next batch the server stores is never answered: the agent dies first. One more event makes
    // sure there is such a batch.
    armed = true;
    await beat(agent, 600, 'doc-50');
    await until('the kill', () => killed && agent!.child.signalCode === 'SIGKILL');
    expect(server.count()).toBeGreaterThan(0);
    // The batch the server stored was never confirmed to the agent: it is still in the spool.
    const unconfirmed = spooled(store);
    expect(unconfirmed).toBeGreaterThanOrEqual(1);

    const restarted = await agentFor(server.port, store);
    await until('the resend', () => spooled(store) === 0);
    expect(server.count()).toBe(51);
    const rows = serverRows(server);
    expect(new Set(rows.map((r) => r.start)).size).toBe(51);
    expect(rows.map((r) => r.title).sort()).toEqual(Array.from({ length: 51 }, (_, i) => `doc-${i}`).sort());
    // The resend reached the server and stored nothing new: 51 inserted over every request, however many.
    const outcomes = server.audit.filter((e) => e.status === 200).map((e) => (e as { outcome?: { inserted: number } }).outcome!.inserted);
    expect(outcomes.reduce((a, b) => a + b, 0)).toBe(51);
    expect(outcomes.length).toBeGreaterThanOrEqual(2);
    expect(await restarted.stop()).toBe(0);
  });
});
