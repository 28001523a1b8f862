/**
 * `trackz check` as a user and a CI job meet it: the built binary as a subprocess, real HTTP
 * servers on 127.0.0.1, real files. Reporters, exit codes, selection, storage and history.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { trackz } from '../helpers/cli.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace();
let server: Server;
let base: string;

const config = (port: number) => `workspace: e2e
monitors:
  - name: home
    type: uptime
    url: http://127.0.0.1:${port}/ok
    expect: { body: { contains: hello } }
    tags: [web]
  - name: slow
    type: uptime
    url: http://127.0.0.1:${port}/slow
    expect: { latency: { degraded: 150ms, down: 5s } }
    tags: [web]
  - name: broken
    type: uptime
    url: http://127.0.0.1:${port}/broken
    tags: [api]
  - name: port
    type: tcp
    host: 127.0.0.1
    port: ${port}
  - name: parked
    type: uptime
    url: http://127.0.0.1:${port}/ok
    enabled: false
`;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok') return res.end('hello trackz');
    if (req.url === '/slow') return setTimeout(() => res.end('slow hello'), 300);
    res.writeHead(503).end('maintenance');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  base = `http://127.0.0.1:${port}`;
  ws.write('trackz.config.yaml', config(port));
  ws.write('healthy/trackz.config.yaml', `monitors:\n  - { name: home, type: uptime, url: "${base}/ok" }\n  - { name: slow, type: uptime, url: "${base}/slow", expect: { latency: { degraded: 150ms } } }\n`);
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const cwd = () => ws.dir;

describe('exit codes and the default table', () => {
  it('prints a table of every enabled monitor and exits 1 when one is down', async () => {
    const result = await trackz(['check', '--no-store'], { cwd: cwd() });
    expect(result.exitCode).toBe(1);
    for (const name of ['home', 'slow', 'broken', 'port']) expect(result.stdout).toContain(name);
    expect(result.stdout).not.toContain('parked');
    expect(result.stdout).toMatch(/✖ down\s+│ broken\s+│ uptime\s+│ [\d.]+ms\s+│ status 503, expected 2xx/);
    expect(result.stdout).toMatch(/▲ degraded\s+│ slow/);
    expect(result.stdout).toContain('4 monitors: 2 up, 1 degraded, 1 down');
    // NO_COLOR is set by the helper and stdout is a pipe: no escape codes; no progress noise on stderr.
    expect(result.stdout).not.toMatch(/\x1b\[/);
    expect(result.stderr).toBe('');
  });

  it('exits 0 when all are up or degraded, and 1 for degraded with --fail-on degraded', async () => {
    const healthy = ws.path('healthy');
    expect((await trackz(['check', '--no-store'], { cwd: healthy })).exitCode).toBe(0);
    expect((await trackz(['check', '--no-store', '--fail-on', 'degraded'], { cwd: healthy })).exitCode).toBe(1);
  });

  it('exits 0 with --fail-on never even when something is down', async () => {
    expect((await trackz(['check', '--no-store', '--fail-on', 'never'], { cwd: cwd() })).exitCode).toBe(0);
  });

  it('exits 2 for usage errors: unknown flag, unknown reporter, bad --fail-on, unknown monitor', async () => {
    for (const args of [['--bogus'], ['--reporter', 'xml'], ['--fail-on', 'sometimes'], ['hoem']]) {
      const result = await trackz(['check', '--no-store', ...args], { cwd: cwd() });
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    const unknown = await trackz(['check', '--no-store', 'hoem'], { cwd: cwd() });
    expect(unknown.stderr).toContain('no monitor named "hoem" (did you mean `home`?)');
    const reporter = await trackz(['check', '--no-store', '--reporter', 'jsn'], { cwd: cwd() });
    expect(reporter.stderr).toContain('did you mean `json`?');
  });

  it('exits 2 when no config can be found, saying how to create one', async () => {
    const empty = ws.path('nowhere');
    execFileSync('mkdir', ['-p', empty]);
    const result = await trackz(['check'], { cwd: '/' , env: { HOME: empty } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('trackz init');
  });
});

describe('selection', () => {
  it('runs only the named monitors, a disabled one included', async () => {
    const result = await trackz(['check', '--no-store', '--reporter', 'json', 'home', 'parked'], { cwd: cwd() });
    const report = JSON.parse(result.stdout);
    expect(report.results.map((r: { monitor: string }) => r.monitor)).toEqual(['home', 'parked']);
    expect(result.exitCode).toBe(0);
  });

  it('filters by --tag and --type', async () => {
    const byTag = JSON.parse((await trackz(['check', '--no-store', '-r', 'json', '--tag', 'web'], { cwd: cwd() })).stdout);
    expect(byTag.results.map((r: { monitor: string }) => r.monitor)).toEqual(['home', 'slow']);
    const byType = JSON.parse((await trackz(['check', '--no-store', '-r', 'json', '--type', 'tcp'], { cwd: cwd() })).stdout);
    expect(byType.results.map((r: { monitor: string }) => r.monitor)).toEqual(['port']);
    const none = await trackz(['check', '--no-store', '--tag', 'nothing-has-this'], { cwd: cwd() });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('no monitors match --tag nothing-has-this');
  });
});

describe('reporters', () => {
  it('json: the documented, stable shape', async () => {
    const result = await trackz(['check', '--no-store', '--reporter', 'json'], { cwd: cwd() });
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ version: 1, workspace: 'e2e', failOn: 'down', exitCode: 1, summary: { total: 4, up: 2, degraded: 1, down: 1, unknown: 0 } });
    expect(Date.parse(report.startedAt)).not.toBeNaN();
    const broken = report.results.find((r: { monitor: string }) => r.monitor === 'broken');
    expect(broken).toMatchObject({ type: 'uptime', status: 'down', message: 'status 503, expected 2xx', attempts: 1, tags: ['api'] });
    expect(broken.metrics).toMatchObject({ status_code: 503 });
    expect(broken.metrics.total_ms).toBeGreaterThan(0);
    expect(broken.assertions[0]).toMatchObject({ name: 'status', status: 'down', actual: 503 });
  });

  it('junit: a file valid against the JUnit schema, written even though checks failed', async () => {
    const file = ws.path('reports', 'junit.xml');
    const result = await trackz(['check', '--no-store', '--reporter', `junit=${file}`], { cwd: cwd() });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    const xsd = new URL('../fixtures/junit/junit.xsd', import.meta.url).pathname;
    // xmllint exits non-zero (and the test fails) if the file does not validate.
    execFileSync('xmllint', ['--noout', '--schema', xsd, file], { stdio: 'pipe' });
    const xml = readFileSync(file, 'utf8');
    expect(xml).toMatch(/<testsuites name="trackz e2e" tests="\d+" failures="1" errors="0"/);
    expect(xml).toContain('<failure message="status 503, expected 2xx" type="down">');
    expect(xml).toContain('<system-out>degraded: latency');
    // Written atomically: no temporary file is left beside it.
    expect(readdirSync(ws.path('reports'))).toEqual(['junit.xml']);
  });

  it('junit: degraded is a failure with --fail-on degraded', async () => {
    const file = ws.path('reports', 'strict.xml');
    await trackz(['check', '--no-store', '--fail-on', 'degraded', '-r', `junit=${file}`, 'slow'], { cwd: cwd() });
    expect(readFileSync(file, 'utf8')).toContain('type="degraded"');
  });

  it('github: annotations that point at the monitor line, and a step summary', async () => {
    const summary = ws.path('step-summary.md');
    const result = await trackz(['check', '--no-store', '--reporter', 'github'], { cwd: cwd(), env: { GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: ws.dir } });
    expect(result.stdout).toContain('::error file=trackz.config.yaml,line=13,title=broken › status (down)::status 503, expected 2xx');
    expect(result.stdout).toMatch(/::warning file=trackz.config.yaml,line=8,title=slow › latency \(degraded\)::latency \d+ms is at or above the degraded threshold 150ms/);
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown).toContain('### trackz check — 4 monitors: 2 up, 1 degraded, 1 down');
    expect(markdown).toContain('| ❌ down | broken | uptime |');
  });

  it('tap: TAP version 14 with a YAML diagnostic for what is not up', async () => {
    const result = await trackz(['check', '--no-store', '--reporter', 'tap'], { cwd: cwd() });
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual(['TAP version 14', '1..4']);
    // Test points are streamed as checks finish, so they are numbered in that order: 1 to 4, once each.
    const points = lines.filter((line) => /^(not )?ok \d+ - /.test(line));
    expect(points.map((line) => Number(/ok (\d+) -/.exec(line)![1]))).toEqual([1, 2, 3, 4]);
    expect(points.map((line) => line.replace(/^(not ok|ok) \d+ - /, '$1 ')).sort()).toEqual(['not ok broken', 'ok home', 'ok port', 'ok slow']);
    const broken = lines.findIndex((line) => /^not ok \d+ - broken$/.test(line));
    const start = broken + 1;
    const end = lines.indexOf('  ...', start);
    expect(lines[start]).toBe('  ---');
    const diagnostic = parseYaml(lines.slice(start + 1, end).map((l) => l.slice(2)).join('\n'));
    expect(diagnostic).toMatchObject({ status: 'down', type: 'uptime', message: 'status 503, expected 2xx', failed: [expect.objectContaining({ name: 'status', status: 'down' })], degraded: [] });
    // A degraded latency is a warning: under `degraded:`, never under `failed:`.
    const slow = lines.findIndex((line) => /^ok \d+ - slow$/.test(line)) + 1;
    const warning = parseYaml(lines.slice(slow + 1, lines.indexOf('  ...', slow)).map((l) => l.slice(2)).join('\n'));
    expect(warning).toMatchObject({ status: 'degraded', failed: [], degraded: [expect.objectContaining({ name: 'latency', status: 'degraded' })] });
  });

  it('several reporters at once: table on stdout, json and tap in files', async () => {
    const json = ws.path('reports', 'run.json');
    const tap = ws.path('reports', 'run.tap');
    const result = await trackz(['check', '--no-store', '-r', 'table', '-r', `json=${json}`, '-r', `tap=${tap}`], { cwd: cwd() });
    expect(result.stdout).toContain('STATUS');
    expect(JSON.parse(readFileSync(json, 'utf8')).summary.total).toBe(4);
    expect(readFileSync(tap, 'utf8')).toMatch(/^TAP version 14/);
  });
});

describe('storage and history', () => {
  const db = () => ws.path('.trackz', 'trackz.db');

  it('--no-store writes nothing', async () => {
    rmSync(ws.path('.trackz'), { recursive: true, force: true });
    await trackz(['check', '--no-store'], { cwd: cwd() });
    expect(existsSync(ws.path('.trackz'))).toBe(false);
  });

  it('stores every result and shows history with uptime and percentiles', async () => {
    rmSync(ws.path('.trackz'), { recursive: true, force: true });
    await trackz(['check'], { cwd: cwd() });
    await trackz(['check', 'home', 'broken'], { cwd: cwd() });
    expect(existsSync(db())).toBe(true);
    const history = await trackz(['history', 'home', '--json'], { cwd: cwd() });
    expect(history.exitCode).toBe(0);
    const data = JSON.parse(history.stdout);
    expect(data).toMatchObject({ monitor: 'home', type: 'uptime' });
    expect(data.windows['24h']).toMatchObject({ total: 2, up: 2, down: 0, uptimePercent: 100 });
    expect(data.windows['24h'].p50).toBeGreaterThan(0);
    expect(data.results).toHaveLength(2);
    const broken = JSON.parse((await trackz(['history', 'broken', '--json'], { cwd: cwd() })).stdout);
    expect(broken.windows['7d']).toMatchObject({ total: 2, down: 2, uptimePercent: 0 });
    expect(broken.results[0].message).toBe('status 503, expected 2xx');
    const table = await trackz(['history', 'broken'], { cwd: cwd() });
    expect(table.stdout).toContain('broken (uptime)');
    expect(table.stdout).toMatch(/24h\s+│ 2\s+│ 0.00%\s+│ 2/);
  });

  it('history refuses unknown monitors and a missing database with exit 2', async () => {
    const unknown = await trackz(['history', 'hom'], { cwd: cwd() });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('did you mean `home`?');
    const fresh = await trackz(['history', 'home'], { cwd: ws.path('healthy') });
    expect(fresh.exitCode).toBe(2);
    expect(fresh.stderr).toContain('run `trackz check` first');
  });
});

describe('validate and init', () => {
  it('validate summarises a good config and writes nothing', async () => {
    rmSync(ws.path('.trackz'), { recursive: true, force: true });
    const result = await trackz(['validate'], { cwd: cwd() });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('trackz.config.yaml is valid');
    expect(result.stdout).toContain('monitors:  5 (4 uptime, 1 tcp), 1 disabled');
    expect(existsSync(ws.path('.trackz'))).toBe(false);
  });

  it('init writes a starter that validates, and refuses to overwrite it', async () => {
    const dir = ws.path('fresh-project');
    execFileSync('mkdir', ['-p', dir]);
    const first = await trackz(['init'], { cwd: dir });
    expect(first.exitCode).toBe(0);
    expect(readFileSync(`${dir}/trackz.config.yaml`, 'utf8')).toContain('$schema=');
    expect((await trackz(['validate'], { cwd: dir })).exitCode).toBe(0);
    const before = readFileSync(`${dir}/trackz.config.yaml`, 'utf8');
    const second = await trackz(['init'], { cwd: dir });
    expect(second.exitCode).toBe(2);
    expect(second.stderr).toContain('already exists; not overwriting');
    expect(readFileSync(`${dir}/trackz.config.yaml`, 'utf8')).toBe(before);
  });

  it("init's commented alerts, sites and agents examples are valid once uncommented", async () => {
    const dir = ws.path('starter-sections');
    execFileSync('mkdir', ['-p', dir]);
    await trackz(['init'], { cwd: dir });
    // Uncomment each example block: from "# alerts:" (or sites/agents) to the next blank line.
    let inBlock = false;
    const uncommented = readFileSync(`${dir}/trackz.config.yaml`, 'utf8')
      .split('\n')
      .map((line) => {
        if (/^# (alerts|sites|agents):/.test(line)) inBlock = true;
        if (line.trim() === '') inBlock = false;
        return inBlock ? line.slice(2) : line;
      })
      .join('\n');
    expect(uncommented).toMatch(/^alerts:$/m);
    expect(uncommented).toMatch(/^sites:$/m);
    writeFileSync(`${dir}/trackz.config.yaml`, uncommented);
    const result = await trackz(['validate'], { cwd: dir, env: { SMTP_USER: 'ops', SMTP_PASS: 'secret-pass', CHAT_WEBHOOK: 'https://hooks.example.com/T/1' } });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('2 activity');
  });
});

describe('start-up discipline', () => {
  it('an uptime-only check never loads Lighthouse, Chrome, Ink, React, nodemailer or the other check types', async () => {
    const log = ws.path('imports.log');
    const hook = new URL('../fixtures/hooks/record-imports.mjs', import.meta.url).pathname;
    // The healthy config has only uptime monitors: nothing else may be imported, not even the ssl/tcp plugin modules.
    const result = await trackz(['check', '--no-store', '--config', ws.path('healthy', 'trackz.config.yaml')], { cwd: ws.path('healthy'), env: { NODE_OPTIONS: `--import=${hook}`, TRACKZ_IMPORT_LOG: log } });
    expect(result.exitCode).toBe(0);
    const modules = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(modules.some((url) => url.includes('/dist/plugins/uptime/'))).toBe(true);
    for (const heavy of ['lighthouse', 'chrome-launcher', '/ink/', '/react/', 'nodemailer', 'smtp-server', 'puppeteer', '/dist/plugins/ssl/', '/dist/plugins/tcp/']) {
      expect(modules.filter((url) => url.includes(heavy)), heavy).toEqual([]);
    }
    // Inside the bundle: map every loaded chunk back to its sources (its source map) and check that no
    // box this config does not use was loaded, not even its part of the config schema.
    const sources = modules
      .filter((url) => url.startsWith('file:') && url.includes('/dist/') && url.endsWith('.js'))
      .flatMap((url) => (JSON.parse(readFileSync(`${new URL(url).pathname}.map`, 'utf8')) as { sources: string[] }).sources);
    expect(sources.some((s) => s.endsWith('plugins/uptime/index.ts'))).toBe(true);
    for (const unused of ['src/alerts/', 'src/activity/', 'src/secrets/', 'config/schema/alerts.ts', 'config/schema/activity.ts', 'plugins/lighthouse/', 'reporters/junit.ts', 'reporters/tap.ts', 'node_modules/cosmiconfig/']) {
      expect(sources.filter((s) => s.includes(unused)), unused).toEqual([]);
    }
  });

  it('a check that stores into SQLite never loads the PostgreSQL driver or adapter', async () => {
    const log = ws.path('imports-sqlite.log');
    const hook = new URL('../fixtures/hooks/record-imports.mjs', import.meta.url).pathname;
    const dir = ws.path('stored');
    ws.write('stored/trackz.config.yaml', `storage: { path: data/t.db }\nmonitors:\n  - { name: home, type: uptime, url: "${base}/ok" }\n`);
    const result = await trackz(['check', '--config', `${dir}/trackz.config.yaml`], { cwd: dir, env: { NODE_OPTIONS: `--import=${hook}`, TRACKZ_IMPORT_LOG: log } });
    expect(result.exitCode).toBe(0);
    expect(existsSync(`${dir}/data/t.db`)).toBe(true);
    const modules = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(modules.some((url) => url.includes('better-sqlite3'))).toBe(true);
    expect(modules.filter((url) => /\/node_modules\/(pg|pg-[a-z-]+|pgpass)\//.test(url))).toEqual([]);
    // pg is bundled: no loaded chunk may hold it, nor the adapter around it.
    const sources = modules
      .filter((url) => url.startsWith('file:') && url.includes('/dist/') && url.endsWith('.js'))
      .flatMap((url) => (JSON.parse(readFileSync(`${new URL(url).pathname}.map`, 'utf8')) as { sources: string[] }).sources);
    for (const unused of ['node_modules/pg/', 'node_modules/pg-protocol/', 'node_modules/pg-pool/', 'src/storage/postgres/']) {
      expect(sources.filter((s) => s.includes(unused)), unused).toEqual([]);
    }
  });
});
