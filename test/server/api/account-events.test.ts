/**
 * POST /api/v1/accounts/events on a real node:http server over a real SQLite file: keys and roles,
 * bad bodies, limits, all-or-nothing, and an idempotent resend.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountEventsHandler, ACCOUNT_EVENTS_PATH, type ApiCaller } from '../../../src/server/api/account-events.js';
import type { SqliteStorage } from '../../../src/storage/sqlite/sqlite-storage.js';
import { openSqlite } from '../../helpers/storage.js';
import { useWorkspace } from '../../helpers/workspace.js';

const ws = useWorkspace('trackz-account-api-');
const KEYS: Record<string, ApiCaller> = {
  'op-secret': { keyName: 'ops', role: 'operator' },
  'agent-secret': { keyName: 'crm-app', role: 'agent' },
  'viewer-secret': { keyName: 'wall', role: 'viewer' },
};
const NOW = Date.parse('2026-06-01T00:00:00Z');
const YEAR = 365 * 86_400_000;

let storage: SqliteStorage;
let server: Server;
let base: string;

beforeAll(async () => {
  storage = openSqlite(ws.path('api.db'));
  const handler = accountEventsHandler({
    storage,
    retentionMs: 3 * YEAR,
    maxBodyBytes: 4096,
    maxEvents: 10,
    now: () => NOW,
    authorize: (req) => KEYS[/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? ''],
  });
  server = createServer((req, res) => {
    if (req.url === ACCOUNT_EVENTS_PATH) void handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  await storage.close();
});

const post = async (body: unknown, key: string | null = 'agent-secret', headers: Record<string, string> = {}) => {
  const res = await fetch(`${base}${ACCOUNT_EVENTS_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
};

const ada = { kind: 'created', email: 'Ada@Example.com', firstName: 'Ada', lastName: 'Lovelace', instance: 'acme-prod', status: 'active', date: '2026-01-10' };
const bob = { kind: 'created', email: 'bob@example.com', instance: 'acme-prod', date: '2026-01-12T10:00:00Z' };

describe('POST /api/v1/accounts/events', () => {
  it('refuses a request without a key or with an unknown one (401), and a viewer key (403); stores nothing', async () => {
    const none = await post([ada], null);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await post([ada], 'guess')).status).toBe(401);
    const viewer = await post([ada], 'viewer-secret');
    expect(viewer.status).toBe(403);
    expect(viewer.body.error).toMatch(/"wall" has role viewer: .*operator or agent key/);
    expect(await storage.accounts.countByEmail('ada@example.com')).toBe(0);
  });

  it('answers 400 for a body that is not JSON, an empty array, or any invalid event — with the first problems, and nothing stored', async () => {
    const notJson = await post('{"kind":', 'op-secret');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatch(/^body is not JSON/);
    expect((await post([])).status).toBe(400);
    const invalid = await post([bob, { ...ada, kind: 'deleted' }, { ...ada, email: 'not-an-email', emial: 'x' }]);
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toBe('2 of 3 events invalid: nothing was stored');
    expect(invalid.body.problems).toEqual([
      { index: 1, problems: ['kind: expected one of created, deactivated, reactivated, got "deleted"'] },
      { index: 2, problems: ['emial: unknown field (expected kind, email, instance, date, firstName, lastName, status)', 'email: expected an email address (name@example.com), got "not-an-email"'] },
    ]);
    expect(await storage.accounts.countByEmail('bob@example.com')).toBe(0);
  });

  it('limits the body (413), the number of events (413), the method (405) and the content type (415)', async () => {
    const big = await post([{ ...ada, firstName: 'x'.repeat(5000) }]);
    expect(big.status).toBe(413);
    expect(big.body.error).toMatch(/larger than 4096 bytes/);
    const many = await post(Array.from({ length: 11 }, (_, i) => ({ ...bob, email: `u${i}@example.com` })));
    expect(many.status).toBe(413);
    const get = await fetch(`${base}${ACCOUNT_EVENTS_PATH}`, { headers: { authorization: 'Bearer op-secret' } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await post([ada], 'op-secret', { 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('stores valid events with the key that sent them (200 with counts); a resend adds nothing; one object is an event too', async () => {
    const first = await post([ada, bob]);
    expect(first).toMatchObject({ status: 200, body: { received: 2, inserted: 2, duplicates: 0 } });
    const again = await post([ada, bob], 'op-secret');
    expect(again).toMatchObject({ status: 200, body: { received: 2, inserted: 0, duplicates: 2 } });
    const one = await post({ ...ada, kind: 'deactivated', date: '2026-02-01' }, 'op-secret');
    expect(one).toMatchObject({ status: 200, body: { received: 1, inserted: 1, duplicates: 0 } });
    const stored = await storage.accounts.eventsByEmail('ada@example.com');
    expect(stored.map((e) => [e.kind, e.via, e.receivedAt])).toEqual([
      ['created', 'api:crm-app', NOW],
      ['deactivated', 'api:ops', NOW],
    ]);
    expect(stored[0]).toMatchObject({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', instance: 'acme-prod', status: 'active', at: Date.parse('2026-01-10') });
  });

  it('applies retention: an event older than accounts.retention is deleted as the batch is stored', async () => {
    const old = await post([{ ...bob, email: 'old@example.com', date: '2022-01-01' }]);
    expect(old).toMatchObject({ status: 200, body: { received: 1, inserted: 1 } });
    expect(await storage.accounts.countByEmail('old@example.com')).toBe(0);
  });
});
