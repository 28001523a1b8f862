/**
 * Agent imports: an ActivityWatch export built to its documented format, the REST API of a local
 * ActivityWatch-compatible server, and the generic NDJSON/CSV format; then the per-device report.
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import * as v from 'valibot';
import { afterAll, describe, expect, it } from 'vitest';
import type { ActivityJob } from '../../src/activity/activity-job.js';
import { agentReport } from '../../src/activity/views/agent-report.js';
import { PAGE_LIMIT } from '../../src/activity/agents/aw-rest-client.js';
import { ActivitySourceError } from '../../src/activity/input/import-inputs.js';
import { runImport } from '../../src/activity/run-import.js';
import { agentSchema } from '../../src/config/schema/activity.js';
import { startAwServer, type AwEvent, type AwServer } from '../helpers/aw-server.js';
import { openSqlite } from '../helpers/storage.js';
import { useWorkspace } from '../helpers/workspace.js';
// @ts-expect-error plain ESM fixture without types
import { writeAwExport } from '../fixtures/activity/generate-aw-export.mjs';

const NOW = Date.UTC(2024, 5, 12, 12, 0, 0);
const START = NOW - 6 * 3_600_000;
const ws = useWorkspace('trackz-agent-import-');
let counter = 0;

function setup(agent: Record<string, unknown>) {
  const name = `a${++counter}`;
  ws.write(`${name}/.keep`, '');
  const dbPath = ws.path(name, 'trackz.db');
  const job: ActivityJob = { kind: 'agent', agent: v.parse(agentSchema, { name, ...agent }), storage: { target: { backend: 'sqlite', path: dbPath }, workspace: 'test' }, configDir: ws.path(name) };
  const open = () => new Database(dbPath, { readonly: true });
  return { job, dbPath, name, path: (rel: string) => ws.path(name, rel), run: (inputs?: string[]) => runImport(job, { now: () => NOW, inputs }), open };
}

describe('ActivityWatch export', () => {
  it('imports window, AFK and web buckets; drops incognito; applies redaction; importing again adds nothing', async () => {
    const a = setup({ source: { type: 'activitywatch-export', path: 'export.json' }, privacy: { redact: [{ field: 'title', pattern: '(?i)inbox' }, { field: 'url', pattern: 'mail\\.example', action: 'drop' }] } });
    const written = await writeAwExport(a.path('export.json'), { hosts: ['laptop-1', 'laptop-2'], perHost: 120, startMs: START });
    const stats = await a.run();
    // Per host: 120 window, 6 AFK, 60 web events; web: every 7th incognito, every 4th on mail.example.com.
    const incognito = Array.from({ length: 60 }, (_, i) => i).filter((i) => i % 7 === 6).length;
    const mail = Array.from({ length: 60 }, (_, i) => i).filter((i) => i % 7 !== 6 && i % 4 === 3).length;
    expect(stats.lines).toBe(written);
    expect(stats.skipped).toEqual({ incognito: 2 * incognito, 'redaction-drop': 2 * mail });
    expect(stats.imported).toBe(written - 2 * (incognito + mail));
    const db = a.open();
    expect(db.prepare('SELECT name FROM agent_devices ORDER BY name').pluck().all()).toEqual(['laptop-1', 'laptop-2']);
    expect(db.prepare("SELECT COUNT(*) FROM agent_events WHERE title LIKE '%Inbox%'").pluck().get()).toBe(0);
    expect(db.prepare("SELECT COUNT(*) FROM agent_events WHERE title = '[redacted]'").pluck().get()).toBe(2 * 24);
    expect(db.prepare("SELECT COUNT(*) FROM agent_events WHERE url LIKE '%?%'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT typeof(start_at), typeof(end_at) FROM agent_events LIMIT 1').raw().get()).toEqual(['integer', 'integer']);
    db.close();
    const again = await a.run();
    expect(again.imported + again.updated).toBe(0);
    expect(again.files[0]).toMatchObject({ action: 'skip' });
    // A changed copy of the same export is read again, and still adds nothing.
    const b = await a.run([a.path('export.json')]);
    expect(b.imported + b.updated).toBe(0);
  });

  it('computes active time as window time while not AFK, per device, with top apps and domains', async () => {
    const a = setup({ source: { type: 'activitywatch-export', path: 'export.json' } });
    await writeAwExport(a.path('export.json'), { hosts: ['laptop-1'], perHost: 120, startMs: START });
    await a.run();
    const storage = openSqlite(a.dbPath);
    const report = await agentReport(storage.activity, a.name, START, START + 3_600_000);
    await storage.close();
    const [device] = report.devices;
    // 60 minutes of window events; AFK alternates every 10 minutes starting not-AFK: 30 minutes active.
    expect(device).toMatchObject({ device: 'laptop-1', activeMs: 30 * 60_000, afkMs: 30 * 60_000, notAfkMs: 30 * 60_000, afkShare: 0.5 });
    expect(device!.topApps.reduce((sum, app) => sum + app.ms, 0)).toBe(30 * 60_000);
    expect(device!.topApps[0]).toEqual({ app: expect.any(String), ms: 6 * 60_000 });
    // Web: 30 s per minute, minus incognito, and only while not AFK.
    expect(device!.topDomains.map((d) => d.domain).sort()).toEqual(['docs.example.com', 'github.com', 'mail.example.com', 'news.ycombinator.com']);
  });

  it('skips buckets of kinds it does not read (keyboard counts) and reports broken exports without failing', async () => {
    const a = setup({ source: { type: 'activitywatch-export', path: '*.json' } });
    writeFileSync(
      a.path('one.json'),
      JSON.stringify({
        buckets: {
          'aw-watcher-input_h': { id: 'aw-watcher-input_h', type: 'os.hid.input', hostname: 'h', events: [{ timestamp: '2024-06-12T10:00:00Z', duration: 5, data: { presses: 42 } }] },
          'aw-watcher-window_h': { id: 'aw-watcher-window_h', type: 'currentwindow', hostname: 'h', events: [{ timestamp: '2024-06-12T10:00:00Z', duration: 5, data: { app: 'x', title: 'y' } }, { duration: 5 }] },
        },
      }),
    );
    writeFileSync(a.path('two.json'), '{"buckets": {"b": {"events": [');
    const stats = await a.run();
    expect(stats).toMatchObject({ imported: 1, skipped: { 'unsupported-bucket': 1 }, malformed: 2 });
    expect(stats.malformedSamples.map((m) => m.reason).sort()).toEqual(['not a valid ActivityWatch export: the document ends in the middle (truncated file?)', 'not an ActivityWatch event']);
  });
});

const servers: AwServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

describe('ActivityWatch REST API', () => {
  const iso = (ms: number) => new Date(ms).toISOString();
  const windowEvents = (count: number, from: number, step: number): AwEvent[] =>
    Array.from({ length: count }, (_, i) => ({ id: i + 1, timestamp: iso(from + i * step), duration: step / 1000, data: { app: i % 2 ? 'code' : 'Firefox', title: `t${i}` } }));

  it('pages through each bucket by time, from its cursor on; re-fetches the event that may still grow', async () => {
    const events = windowEvents(2 * PAGE_LIMIT + 10, NOW - 5 * 3_600_000, 1000);
    const server = await startAwServer([
      { id: 'aw-watcher-window_desk', type: 'currentwindow', client: 'aw-watcher-window', hostname: 'desk', events },
      { id: 'aw-watcher-afk_desk', type: 'afkstatus', client: 'aw-watcher-afk', hostname: 'desk', events: [{ timestamp: iso(NOW - 5 * 3_600_000), duration: 5 * 3600, data: { status: 'not-afk' } }] },
      { id: 'aw-watcher-input_desk', type: 'os.hid.input', client: 'aw-watcher-input', hostname: 'desk', events: [] },
    ]);
    servers.push(server);
    const a = setup({ source: { type: 'activitywatch', url: server.url, since: '1d' } });
    const first = await a.run();
    expect(first).toMatchObject({ imported: events.length + 1, skipped: { 'unsupported-bucket': 1 } });
    // Full windows were split rather than truncated.
    expect(server.requests.filter((r) => r.includes('aw-watcher-window_desk/events')).length).toBeGreaterThan(2);
    // The newest event grows (a heartbeat), one more arrives; the next run starts at the cursor.
    events.at(-1)!.duration += 30;
    events.push({ id: 99_999, timestamp: iso(NOW - 60_000), duration: 5, data: { app: 'Slack', title: 'x' } });
    server.requests.length = 0;
    const second = await a.run();
    expect(second).toMatchObject({ imported: 1, updated: 1 });
    // It asked only from the newest stored event on.
    const starts = server.requests.filter((r) => r.includes('aw-watcher-window_desk/events')).map((r) => Date.parse(new URL(r, 'http://x').searchParams.get('start')!));
    expect(Math.min(...starts)).toBe(Date.parse(events.at(-2)!.timestamp));
    const db = a.open();
    expect(db.prepare('SELECT COUNT(*) FROM agent_events').pluck().get()).toBe(events.length + 1);
    expect(db.prepare('SELECT end_at - start_at FROM agent_events WHERE start_at = ?').pluck().get(Date.parse(events.at(-2)!.timestamp))).toBe(31_000);
    db.close();
  });

  it('is down, with the reason, when ActivityWatch cannot be reached', async () => {
    const server = await startAwServer([]);
    await server.close();
    const a = setup({ source: { type: 'activitywatch', url: server.url } });
    await expect(a.run()).rejects.toThrow(ActivitySourceError);
    await expect(a.run()).rejects.toThrow(/cannot reach ActivityWatch at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
  });
});

describe('generic NDJSON and CSV events', () => {
  it('imports both formats into window and AFK buckets per device, with line numbers for bad lines', async () => {
    const a = setup({ source: { type: 'events', path: 'events/*' } });
    ws.write(
      `${a.name}/events/a.ndjson`,
      [
        JSON.stringify({ timestamp: '2024-06-12T09:00:00Z', duration: 600, device: 'pos-1', app: 'Till', title: 'Sale' }),
        '{"timestamp": "2024-06-12T09:10:00Z", "duration": 60, "device": "pos-1", "afk": true}',
        'not json',
        JSON.stringify({ timestamp: '2024-06-12T09:11:00Z', duration: 30, device: 'pos-1', app: 'Firefox', url: 'https://shop.example.com/cart?id=7' }),
      ].join('\n'),
    );
    ws.write(`${a.name}/events/b.csv`, 'timestamp,duration,device,app,title,url\n2024-06-12T09:00:00Z,120,pos-2,"Till, v2","Sale ""big""",\n2024-06-12T09:05:00Z,x,pos-2,Till,,\n');
    const stats = await a.run();
    expect(stats).toMatchObject({ imported: 4, malformed: 2 });
    expect(stats.malformedSamples).toEqual([
      { file: a.path('events/a.ndjson'), line: 3, reason: 'not a JSON object' },
      { file: a.path('events/b.csv'), line: 3, reason: 'duration is not a number of seconds' },
    ]);
    const db = a.open();
    expect(db.prepare("SELECT app, title FROM agent_events WHERE app LIKE 'Till%' ORDER BY app").all()).toEqual([
      { app: 'Till', title: 'Sale' },
      { app: 'Till, v2', title: 'Sale "big"' },
    ]);
    expect(db.prepare("SELECT url, domain FROM agent_events WHERE app = 'Firefox'").get()).toEqual({ url: 'https://shop.example.com/cart', domain: 'shop.example.com' });
    expect(db.prepare("SELECT status FROM agent_events e JOIN agent_buckets b ON b.id = e.bucket_id WHERE b.type = 'afkstatus'").pluck().all()).toEqual(['afk']);
    db.close();
  });
});
