/**
 * The activity commands as a user meets them, through the built binary: config errors at
 * file:line:column, `trackz import` exit codes, `trackz activity` for agents, `trackz data export`
 * and `trackz data delete` (confirmation, --yes, counts), and start-up staying free of activity code.
 */
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltFor } from '../helpers/built.js';
import { BIN, trackz } from '../helpers/cli.js';
import { clf } from '../helpers/clf-time.js';
import { useWorkspace } from '../helpers/workspace.js';
// @ts-expect-error plain ESM fixture without types
import { writeAwExport } from '../fixtures/activity/generate-aw-export.mjs';

const ws = useWorkspace('trackz-activity-cli-');
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36';
const entry = (ip: string, ua: string, at: number, path = '/') => `${ip} - - [${clf(at)}] "GET ${path} HTTP/1.1" 200 100 "-" "${ua}"\n`;

beforeAll(async () => {
  ensureBuiltFor(['src', 'plugins']);
  const now = Date.now();
  ws.write('access.log', [entry('198.51.100.1', FIREFOX, now - 600_000), entry('198.51.100.1', FIREFOX, now - 500_000, '/two'), entry('198.51.100.2', CHROME, now - 400_000), entry('198.51.100.1', CHROME, now - 300_000)].join(''));
  await writeAwExport(ws.path('export.json'), { hosts: ['laptop-1', 'laptop-2'], perHost: 40, startMs: now - 3_600_000 });
  ws.write(
    'trackz.config.yaml',
    `sites:
  - name: blog
    logs: { path: access.log }
agents:
  - name: laptops
    source: { type: activitywatch-export, path: export.json }
    privacy:
      redact: [{ field: title, pattern: "(?i)inbox" }]
`,
  );
});

describe('config', () => {
  it('points at each activity mistake with file:line:column, exit 2, nothing written', async () => {
    ws.write(
      'bad/trackz.config.yaml',
      `monitors:
  - { name: "site:blog", type: uptime, url: "http://127.0.0.1:9/" }
  - { name: sneaky, type: activity }
sites:
  - name: blog
    logs: { path: a.log, format: '%h %x "%r"' }
  - name: blog
    logs: { path: "-" }
agents:
  - name: laptops
    source: { type: activitywatch, url: "ftp://x" }
    privacy: { redact: [{ field: title, pattern: "(unclosed" }] }
`,
    );
    const run = await trackz(['validate'], { cwd: ws.path('bad') });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    const file = ws.path('bad/trackz.config.yaml');
    expect(run.stderr).toContain(`${file}:3:5: monitors[1]: activity checks are declared under \`sites:\` or \`agents:\`, not under \`monitors:\``);
    expect(run.stderr).toContain(`${file}:6:34: sites[0].logs.format: invalid log format: the format needs the status (%s)`);
    expect(run.stderr).toContain(`${file}:8:19: sites[1].logs.path: \`-\` (stdin) is only for \`trackz import NAME -\``);
    expect(run.stderr).toContain(`${file}:11:41: agents[0].source.url: expected an http:// or https:// URL`);
    expect(run.stderr).toContain(`${file}:5:11: sites[0].name: the site "blog" is checked as "site:blog", which monitors[0] (line 2) already uses`);
    expect(run.stderr).toContain(`${file}:7:11: sites[1].name: duplicate site name "blog"`);
    // Patterns are RE2's (src/core/pattern.ts): its parser words the problem.
    expect(run.stderr).toContain(`${file}:12:50: agents[0].privacy.redact[0].pattern: not a regular expression RE2 can match: missing closing ): \`(unclosed\``);
    ws.write('clash/trackz.config.yaml', `monitors:\n  - { name: "site:blog", type: uptime, url: "http://127.0.0.1:9/" }\nsites:\n  - { name: blog, logs: { path: a.log } }\n  - { name: blog, logs: { path: b.log } }\n`);
    const clash = await trackz(['validate'], { cwd: ws.path('clash') });
    expect(clash.exitCode).toBe(2);
    const clashFile = ws.path('clash/trackz.config.yaml');
    expect(clash.stderr).toContain(`${clashFile}:4:13: sites[0].name: the site "blog" is checked as "site:blog", which monitors[0] (line 2) already uses`);
    expect(clash.stderr).toContain(`${clashFile}:5:13: sites[1].name: duplicate site name "blog"`);
  });

  it('validates a good file and counts its activity checks', async () => {
    const run = await trackz(['validate'], { cwd: ws.dir });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/monitors:\s+2 \(2 activity\)/);
  });
});

describe('trackz import', () => {
  it('imports a site and an agent, and says what it did', async () => {
    const site = await trackz(['import', 'blog'], { cwd: ws.dir });
    expect(site.exitCode).toBe(0);
    expect(site.stdout).toMatch(/^site blog: 4 lines read from 1 source/);
    expect(site.stdout).toMatch(/imported\s+4 requests/);
    const agent = await trackz(['import', 'agent:laptops', '--json'], { cwd: ws.dir });
    expect(agent.exitCode).toBe(0);
    expect(JSON.parse(agent.stdout)).toMatchObject({ kind: 'agent', name: 'laptops', malformed: 0 });
  });

  it('exits 2 for an unknown name or a missing file, 1 for --strict on a malformed line', async () => {
    const unknown = await trackz(['import', 'blgo'], { cwd: ws.dir });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/no site or agent named "blgo" \(did you mean `blog`\?\)/);
    const missing = await trackz(['import', 'blog', 'nope.log'], { cwd: ws.dir });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain(`no file at ${ws.path('nope.log')}`);
    ws.write('bad.log', `${entry('198.51.100.3', FIREFOX, Date.now() - 60_000)}broken line\n`);
    const strict = await trackz(['import', 'blog', 'bad.log', '--strict'], { cwd: ws.dir });
    expect(strict.exitCode).toBe(1);
    expect(strict.stderr).toContain(`${ws.path('bad.log')}:2: no [timestamp] (--strict stops at the first malformed line; the lines before it were imported)`);
    expect(strict.stderr).not.toContain('broken line');
  });

  it('reads stdin', async () => {
    const input = entry('198.51.100.4', FIREFOX, Date.now() - 30_000, '/from-stdin');
    const run = await trackz(['import', 'blog', '-', '--json'], { cwd: ws.dir, input, stdin: undefined });
    expect(JSON.parse(run.stdout)).toMatchObject({ lines: 1, imported: 1 });
  });
});

describe('trackz activity', () => {
  it('shows each device of an agent: active time, AFK share, top apps and domains', async () => {
    const run = await trackz(['activity', '--agent', 'laptops', '--json'], { cwd: ws.dir });
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.devices.map((d: { device: string }) => d.device)).toEqual(['laptop-1', 'laptop-2']);
    expect(report.devices[0]).toMatchObject({ activeMs: 10 * 60_000, afkShare: 0.5 });
    // Times as ISO strings, like every other JSON trackz prints.
    expect([report.from, report.to].every((t: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(t))).toBe(true);
    const text = await trackz(['activity', '--agent', 'laptops'], { cwd: ws.dir });
    expect(text.stdout).toMatch(/laptop-1: top apps/);
    const bad = await trackz(['activity', '--since', 'a while'], { cwd: ws.dir });
    expect(bad.exitCode).toBe(2);
  });
});

describe('trackz data', () => {
  const db = () => new Database(ws.path('.trackz/trackz.db'), { readonly: true });

  it('exports a visitor by IP and User-Agent, only theirs', async () => {
    const run = await trackz(['data', 'export', '--visitor', '198.51.100.1', FIREFOX], { cwd: ws.dir });
    expect(run.exitCode).toBe(0);
    const exported = JSON.parse(run.stdout);
    const blog = exported.sources.find((s: { source: string }) => s.source === 'blog');
    expect(blog.requests.map((p: { path: string }) => p.path)).toEqual(['/', '/two']);
    expect(blog.sessions).toHaveLength(1);
    expect(run.stderr).toMatch(/exported 2 requests \(2 page views\), 1 session,/);
    const file = await trackz(['data', 'export', '--device', 'laptop-2', '--out', 'laptop-2.json'], { cwd: ws.dir });
    expect(file.exitCode).toBe(0);
    const device = JSON.parse(readFileSync(ws.path('laptop-2.json'), 'utf8'));
    expect(device.sources).toHaveLength(1);
    expect(device.sources[0].events.length).toBeGreaterThan(40);
    expect(JSON.stringify(device)).not.toMatch(/Inbox/);
  });

  it('refuses to delete without --yes when stdin is not a terminal; deletes with it and reports counts', async () => {
    const refused = await trackz(['data', 'delete', '--visitor', '198.51.100.1', FIREFOX], { cwd: ws.dir });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/refusing to delete without --yes when stdin is not a terminal \(it would delete 2 requests \(2 page views\), 1 session,/);
    const deleted = await trackz(['data', 'delete', '--visitor', '198.51.100.1', FIREFOX, '--yes'], { cwd: ws.dir });
    expect(deleted.exitCode).toBe(0);
    expect(deleted.stdout).toMatch(/^Deleted 2 requests \(2 page views\), 1 session, 0 device events/);
    const handle = db();
    // The same IP with another browser is another visitor, and stays; other Firefox users stay too.
    expect(handle.prepare("SELECT path FROM site_page_views WHERE browser = 'Firefox' ORDER BY ts").pluck().all()).toEqual(['/', '/from-stdin']);
    expect(handle.prepare("SELECT COUNT(*) FROM site_page_views WHERE browser = 'Chrome'").pluck().get()).toBe(2);
    handle.close();
    const device = await trackz(['data', 'delete', '--device', 'laptop-1', '--yes', '--json'], { cwd: ws.dir });
    const counts = JSON.parse(device.stdout).deleted;
    expect(counts).toMatchObject({ buckets: 3, devices: 1 });
    expect(counts.events).toBeGreaterThan(40);
    const again = await trackz(['data', 'delete', '--device', 'laptop-1', '--yes'], { cwd: ws.dir });
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/no data stored for device "laptop-1"/);
    const site = await trackz(['data', 'delete', '--site', 'blog', '--yes'], { cwd: ws.dir });
    expect(site.stdout).toMatch(/^Deleted 4 requests \(\d+ page views?\), \d+ sessions?/);
    // The cursor stays: the deleted lines are not imported again.
    const reimport = await trackz(['import', 'blog', '--json'], { cwd: ws.dir });
    expect(JSON.parse(reimport.stdout).imported).toBe(0);
    const bad = await trackz(['data', 'delete', '--visitor', '1.2.3.4'], { cwd: ws.dir });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--visitor takes two values/);
  });
});

describe('start-up', () => {
  it('trackz check on an uptime-only config loads none of the activity code', async () => {
    ws.write('uptime/trackz.config.yaml', 'monitors:\n  - { name: local, type: uptime, url: "http://127.0.0.1:9/" }\n');
    const log = ws.path('uptime/modules.log');
    ws.write('uptime/hook.mjs', `import { register } from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(`import{appendFileSync}from'node:fs';export async function resolve(s,c,n){const r=await n(s,c);appendFileSync(${JSON.stringify(log)},r.url+'\\n');return r;}`)}`)});\n`);
    writeFileSync(log, '');
    const run = await execa(process.execPath, ['--import', ws.path('uptime/hook.mjs'), BIN, 'check', '--reporter', 'json'], { cwd: ws.path('uptime'), reject: false, env: { NO_COLOR: '1' } });
    expect(run.exitCode).toBe(1);
    const loaded = readFileSync(log, 'utf8');
    expect(loaded).toMatch(/chunks\/check-/);
    for (const heavy of ['plugins/activity', 'activity-monitors', 'activity-check', 'site-import', 'agent-import', 'ua-parser-js', 'isbot', 'tinyglobby', 'csv-parse']) expect(loaded, heavy).not.toContain(heavy);
  });
});

describe('check --no-store', () => {
  it('leaves activity imports out, says so, and writes nothing', async () => {
    const dir = ws.path('no-store');
    ws.write('no-store/access.log', entry('198.51.100.9', FIREFOX, Date.now() - 60_000));
    ws.write('no-store/trackz.config.yaml', 'monitors:\n  - { name: self, type: tcp, host: 127.0.0.1, port: 9, timeout: 1s }\nsites:\n  - name: blog\n    logs: { path: access.log }\n');
    const run = await trackz(['check', '--no-store', '--reporter', 'json'], { cwd: dir });
    expect(run.stderr).toContain('trackz: skipped site:blog: it imports into the store, and --no-store writes nothing');
    expect(JSON.parse(run.stdout).results.map((r: { monitor: string }) => r.monitor)).toEqual(['self']);
    expect(readdirSync(dir).sort()).toEqual(['access.log', 'trackz.config.yaml']);
    const named = await trackz(['check', '--no-store', 'site:blog'], { cwd: dir });
    expect(named.exitCode).toBe(2);
    expect(named.stderr).toContain('site:blog imports into the store, so cannot run with --no-store');
    expect(readdirSync(dir).sort()).toEqual(['access.log', 'trackz.config.yaml']);
  });
});
