/**
 * Every command that reads or writes data, through the built binary, on a SQLite config and on a
 * PostgreSQL config with the same monitors, logs and export: check, history, secrets, import (a site
 * and an agent, with their privacy rules), activity, data export and delete, alerts (list, silence,
 * unsilence, outbox), lighthouse report and storage info. Each must succeed on both and answer the
 * same (times and locations aside).
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_ARTIFACT } from '../../plugins/lighthouse/lhr.js';
import { openStorage } from '../../src/storage/open.js';
import type { StorageTarget } from '../../src/storage/ports/index.js';
import { ensureBuiltFor } from '../helpers/built.js';
import { trackz, type CliResult } from '../helpers/cli.js';
import { makeLhr } from '../helpers/lhr.js';
import { freshDatabase } from '../helpers/postgres.js';
import { useWorkspace } from '../helpers/workspace.js';
import { record } from './contract/factory.js';
// @ts-expect-error plain ESM fixture without types
import { writeAccessLog } from '../fixtures/activity/generate-access-log.mjs';
// @ts-expect-error plain ESM fixture without types
import { writeAwExport } from '../fixtures/activity/generate-aw-export.mjs';

const ws = useWorkspace('trackz-both-');
const NOW = Date.now();
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0';
let target: Server;
let pgUrl: string;

const config = (storage: string, port: number) => `workspace: both
storage: ${storage}
monitors:
  - { name: web, type: uptime, url: "http://127.0.0.1:${port}/" }
  - { name: audit, type: lighthouse, url: "http://127.0.0.1:${port}/" }
alerts:
  channels:
    - { name: hook, type: webhook, url: "http://127.0.0.1:9/\${secret:HOOK_TOKEN}" }
  rules:
    - { name: main, channels: [hook], failureThreshold: 1 }
sites:
  - name: blog
    logs: { path: ../access.log }
agents:
  - name: laptops
    source: { type: activitywatch-export, path: ../export.json }
    privacy:
      redact: [{ field: title, pattern: "(?i)inbox" }]
`;

const BACKENDS = ['sqlite', 'postgres'] as const;
type Backend = (typeof BACKENDS)[number];
const run = (backend: Backend, args: string[], input?: string): Promise<CliResult> => trackz(args, { cwd: ws.path(backend), timeout: 120_000, ...(input !== undefined ? { input, stdin: undefined } : {}) });
/** Times and where the data is differ by nature; everything else must not. */
// Each storage has its own secret key and daily salts: key ids and visitor hashes differ by design.
const VARY = new Set(['from', 'to', 'location', 'backend', 'sizeBytes', 'at', 'exportedAt', 'durationMs', 'seconds', 'createdAt', 'updatedAt', 'keyId', 'visitorId']);
const comparable = (text: string) => JSON.parse(text, (key, value: unknown) => (VARY.has(key) || /PerSecond$/.test(key) ? undefined : value)) as unknown;
/** Two processes per command on a shared machine. */
const SLOW = 180_000;

beforeAll(async () => {
  ensureBuiltFor(['src', 'plugins']);
  target = createServer((_req, res) => res.writeHead(200).end('ok'));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const port = (target.address() as { port: number }).port;
  pgUrl = await freshDatabase('both');
  await writeAccessLog(ws.path('access.log'), { lines: 2_000, seed: 3, startMs: NOW - 3 * 86_400_000, endMs: NOW - 3_600_000, visitors: 300 });
  // An extra, known visitor: exported and deleted by IP and User-Agent below.
  ws.write('visitor.log', `198.51.100.7 - - [${new Date(NOW - 7_200_000).toUTCString().replace(/^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1/$2/$3:$4 +0000')}] "GET /pricing HTTP/1.1" 200 100 "-" "${FIREFOX}"\n`);
  await writeAwExport(ws.path('export.json'), { hosts: ['laptop-1'], perHost: 60, startMs: NOW - 2 * 86_400_000 });
  ws.write('sqlite/trackz.config.yaml', config('{ path: trackz.db }', port));
  ws.write('postgres/trackz.config.yaml', config(`{ url: "${pgUrl}" }`, port));
}, 120_000);
afterAll(async () => {
  await new Promise<void>((resolve) => target?.close(() => resolve()));
});

/** Runs the same command on both backends; both must exit as expected. */
async function both(args: string[], exitCode = 0, input?: string): Promise<Record<Backend, CliResult>> {
  const [sqlite, postgres] = await Promise.all(BACKENDS.map((backend) => run(backend, args, input)));
  for (const [backend, result] of [['sqlite', sqlite!], ['postgres', postgres!]] as const) expect(result.exitCode, `${backend}: trackz ${args.join(' ')}\n${result.stderr}`).toBe(exitCode);
  return { sqlite: sqlite!, postgres: postgres! };
}

describe('the same commands, the same answers, on SQLite and on PostgreSQL', () => {
  it('secrets set, list and rm', async () => {
    await both(['secrets', 'set', 'HOOK_TOKEN'], 0, 'token-both-1\n');
    await both(['secrets', 'set', 'SPARE'], 0, 'spare\n');
    expect((await both(['secrets', 'rm', 'SPARE'])).postgres.exitCode).toBe(0);
    const listed = await both(['secrets', 'list', '--json']);
    expect(comparable(listed.postgres.stdout)).toEqual(comparable(listed.sqlite.stdout));
    expect(listed.postgres.stdout).toContain('HOOK_TOKEN');
    expect(listed.postgres.stdout).not.toContain('SPARE');
  }, SLOW);

  it('check and history', async () => {
    await both(['check', 'web']);
    await both(['check', 'web']);
    const history = await both(['history', 'web', '--json']);
    const [sqlite, postgres] = [JSON.parse(history.sqlite.stdout), JSON.parse(history.postgres.stdout)];
    expect(postgres.results).toHaveLength(2);
    expect(postgres.results.map((r: { status: string }) => r.status)).toEqual(sqlite.results.map((r: { status: string }) => r.status));
  }, SLOW);

  it('lighthouse report from a stored report', async () => {
    for (const backend of BACKENDS) {
      const storageTarget: StorageTarget = backend === 'sqlite' ? { backend: 'sqlite', path: ws.path('sqlite/trackz.db') } : { backend: 'postgres', url: pgUrl };
      const storage = await openStorage({ target: storageTarget, workspace: 'both' });
      try {
        await storage.results.saveResults([record('audit', NOW - 60_000, 'up', { type: 'lighthouse', artifacts: { [REPORT_ARTIFACT]: JSON.stringify(makeLhr()) } })]);
      } finally {
        await storage.close();
      }
    }
    const report = await both(['lighthouse', 'report', 'audit']);
    const shown = (r: CliResult) => `${r.stdout}${r.stderr}`;
    expect(shown(report.postgres)).toMatch(/98/);
    expect(shown(report.postgres)).toBe(shown(report.sqlite));
  }, SLOW);

  it('import (a site and an agent, with privacy rules) and activity', async () => {
    const site = await both(['import', 'blog', '--json']);
    expect(comparable(site.postgres.stdout)).toEqual(comparable(site.sqlite.stdout));
    expect(JSON.parse((await both(['import', 'blog', '../visitor.log', '--json'])).postgres.stdout)).toMatchObject({ imported: 1 });
    const agent = await both(['import', 'agent:laptops', '--json']);
    expect(comparable(agent.postgres.stdout)).toEqual(comparable(agent.sqlite.stdout));
    const activity = await both(['activity', '--since', '30d', '--json']);
    expect(comparable(activity.postgres.stdout)).toEqual(comparable(activity.sqlite.stdout));
    // The redaction rule held on the way in, on both.
    const device = await both(['data', 'export', '--device', 'laptop-1']);
    expect(device.postgres.stdout).not.toMatch(/Inbox/);
    expect(comparable(device.postgres.stdout)).toEqual(comparable(device.sqlite.stdout));
  }, SLOW);

  it('data export and delete of one visitor', async () => {
    const exported = await both(['data', 'export', '--visitor', '198.51.100.7', FIREFOX]);
    expect(exported.postgres.stderr).toMatch(/exported 1 request \(1 page view\), 1 session,/);
    expect(comparable(exported.postgres.stdout)).toEqual(comparable(exported.sqlite.stdout));
    const refused = await both(['data', 'delete', '--visitor', '198.51.100.7', FIREFOX], 2);
    expect(refused.postgres.stderr).toBe(refused.sqlite.stderr);
    const deleted = await both(['data', 'delete', '--visitor', '198.51.100.7', FIREFOX, '--yes', '--json']);
    expect(JSON.parse(deleted.postgres.stdout).deleted).toEqual(JSON.parse(deleted.sqlite.stdout).deleted);
    const gone = await both(['data', 'export', '--visitor', '198.51.100.7', FIREFOX]);
    expect(gone.postgres.stderr).toMatch(/exported 0 requests/);
  }, SLOW);

  it('alerts list, silence, unsilence and outbox', async () => {
    await both(['alerts', 'silence', 'web', '--for', '2h', '--reason', 'deploying']);
    const listed = await both(['alerts', 'list', '--json']);
    const states = (text: string) => JSON.parse(text).states.map((s: { monitor: string; phase: string; silenced?: unknown }) => [s.monitor, s.phase, Boolean(s.silenced)]);
    expect(states(listed.postgres.stdout)).toEqual(states(listed.sqlite.stdout));
    await both(['alerts', 'unsilence', 'web']);
    const outbox = await both(['alerts', 'outbox', '--json']);
    expect(JSON.parse(outbox.postgres.stdout)).toEqual(JSON.parse(outbox.sqlite.stdout));
  }, SLOW);

  it('storage info: the same rows per table', async () => {
    const info = await both(['storage', 'info', '--json']);
    const [sqlite, postgres] = [JSON.parse(info.sqlite.stdout), JSON.parse(info.postgres.stdout)];
    expect([sqlite.backend, postgres.backend]).toEqual(['sqlite', 'postgres']);
    expect(postgres.rows).toEqual(sqlite.rows);
    expect(postgres.rows.results).toBe(3);
  }, SLOW);

  it('data delete of a whole site', async () => {
    const deleted = await both(['data', 'delete', '--site', 'blog', '--yes', '--json']);
    expect(JSON.parse(deleted.postgres.stdout).deleted).toEqual(JSON.parse(deleted.sqlite.stdout).deleted);
    const info = await both(['storage', 'info', '--json']);
    expect(JSON.parse(info.postgres.stdout).rows.site_page_views).toBe(0);
    expect(JSON.parse(info.postgres.stdout).rows).toEqual(JSON.parse(info.sqlite.stdout).rows);
  }, SLOW);
});
