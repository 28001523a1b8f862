/**
 * POST /api/v1/agents/<agent>/events on a real node:http server over a real SQLite file: who may push,
 * to which agents, what a batch may hold, the server-side rules, and the upsert that makes a resent
 * batch store nothing new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentConfig, startIngestServer, type IngestServer } from '../helpers/agent-ingest-server.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-agent-events-');
const NOW = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
let server: IngestServer;

beforeAll(async () => {
  server = await startIngestServer({
    dbPath: ws.path('server.db'),
    agents: [
      agentConfig({ name: 'laptops', source: { type: 'push' }, privacy: { redact: [{ field: 'url', pattern: 'intranet', action: 'drop' }] } }),
      agentConfig({ name: 'imported', source: { type: 'activitywatch', url: 'http://127.0.0.1:5600' } }),
    ],
    keys: { 'k-agent': { keyName: 'laptop-7', role: 'agent' }, 'k-viewer': { keyName: 'wall', role: 'viewer' }, 'k-op': { keyName: 'ops', role: 'operator' } },
  });
});
afterAll(() => server.close());

const window = { id: 'aw-watcher-window_laptop-7', type: 'currentwindow', client: 'aw-watcher-window', hostname: 'laptop-7' };
const web = { id: 'aw-watcher-web-chrome_laptop-7', type: 'web.tab.current', client: 'aw-client-web', hostname: 'laptop-7' };

function push(body: unknown, options: { key?: string; agent?: string; type?: string; method?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': options.type ?? 'application/json' };
  if (options.key !== '') headers.authorization = `Bearer ${options.key ?? 'k-agent'}`;
  return fetch(`${server.base}/api/v1/agents/${options.agent ?? 'laptops'}/events`, { method: options.method ?? 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

const answer = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> });

describe('POST /api/v1/agents/<agent>/events', () => {
  it('stores a batch once: a resent batch adds nothing, an event that grew is updated', async () => {
    const batch = {
      buckets: [window, web],
      events: [
        { bucket: window.id, timestamp: iso(NOW - 60_000), duration: 10, data: { app: 'Code', title: 'a.ts' } },
        { bucket: window.id, timestamp: iso(NOW - 40_000), duration: 5, data: { app: 'Mail', title: 'inbox' } },
        { bucket: web.id, timestamp: iso(NOW - 30_000), duration: 3, data: { url: 'https://docs.example/x', title: 'Docs' } },
        { bucket: web.id, timestamp: iso(NOW - 20_000), duration: 3, data: { url: 'https://intranet.example/', title: 'HR' } },
      ],
    };
    expect(await answer(await push(batch))).toEqual({ status: 200, body: { inserted: 3, updated: 0, kept: 3, skipped: { 'redaction-drop': 1 } } });
    expect(await answer(await push(batch))).toEqual({ status: 200, body: { inserted: 0, updated: 0, kept: 3, skipped: { 'redaction-drop': 1 } } });
    const grown = { buckets: [window], events: [{ ...batch.events[1]!, duration: 25 }] };
    expect((await answer(await push(grown))).body).toMatchObject({ inserted: 0, updated: 1 });
    expect(server.count()).toBe(3);
    expect(server.storage.db.prepare('SELECT end_at - start_at FROM agent_events WHERE app = ?').pluck().get('Mail')).toBe(25_000);
    // The push agent's lag is measured from the end of the newest event received (the grown one).
    const agentId = await server.storage.activity.findSource('agent', 'laptops');
    expect(await server.storage.activity.newestImported(agentId!)).toBe(NOW - 40_000 + 25_000);
    expect(server.audit.at(-1)).toMatchObject({ keyName: 'laptop-7', agent: 'laptops', status: 200 });
  });

  it('accepts an operator key; refuses no key (401), a viewer key (403), an unknown agent (404), a non-push agent (409)', async () => {
    const empty = { buckets: [], events: [] };
    expect((await push(empty, { key: 'k-op' })).status).toBe(200);
    const none = await push(empty, { key: '' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await push(empty, { key: 'wrong' })).status).toBe(401);
    expect(await answer(await push(empty, { key: 'k-viewer' }))).toEqual({ status: 403, body: { error: 'key wall has role viewer; pushing events needs role agent or operator' } });
    expect((await push(empty, { agent: 'phones' })).status).toBe(404);
    expect(await answer(await push(empty, { agent: 'imported' }))).toMatchObject({ status: 409 });
    expect((await push(empty, { method: 'PUT' })).status).toBe(405);
    expect(server.audit.some((e) => e.status === 403 && e.keyName === 'wall')).toBe(true);
  });

  it('refuses a malformed or oversized batch with one line naming the place, storing nothing', async () => {
    const before = server.count();
    expect(await answer(await push('{"buckets": ['))).toEqual({ status: 400, body: { error: 'the body is not valid JSON' } });
    expect((await push({ buckets: [] }, { type: 'text/plain' })).status).toBe(415);
    const badTime = { buckets: [window], events: [{ bucket: window.id, timestamp: iso(NOW), duration: -1, data: {} }] };
    expect(await answer(await push(badTime))).toEqual({ status: 400, body: { error: 'events[0].duration: expected seconds ≥ 0' } });
    const stray = { buckets: [window], events: [{ bucket: 'other', timestamp: iso(NOW), duration: 0, data: {} }] };
    expect((await answer(await push(stray))).body.error).toBe('events[0].bucket: other is not in buckets');
    const extra = { buckets: [window], events: [], keystrokes: [] };
    expect((await answer(await push(extra))).status).toBe(400);
    const tooMany = { buckets: [window], events: Array.from({ length: 5001 }, (_, i) => ({ bucket: window.id, timestamp: iso(NOW - i), duration: 0, data: { app: 'x' } })) };
    expect(await answer(await push(tooMany))).toEqual({ status: 400, body: { error: 'events: more than 5000 events in one batch' } });
    const huge = await push({ buckets: [window], events: [{ bucket: window.id, timestamp: iso(NOW), duration: 0, data: { title: 'x'.repeat(9 * 1024 * 1024) } }] });
    expect(huge.status).toBe(413);
    expect(server.count()).toBe(before);
  });
});
