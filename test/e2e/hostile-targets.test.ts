/**
 * What targets send back, through the built binary and every view a user meets: terminal escapes,
 * OSC window titles, BEL, clear-screen and carriage returns in command output, an SMTP greeting and
 * HTTP headers; credentials in a monitor URL; a pattern that backtracks for minutes in V8; numbers
 * with float noise. Every reporter, `history` and the database must get one clean line per message,
 * no credential, rounded numbers; the pattern must finish long before the timeout.
 */
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ensureBuilt } from '../config/build.js';
import { trackz, type CliResult } from '../helpers/cli.js';
import { FAULT_CREDENTIALS, startBannerServer, startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-hostile-');
let web: FaultServer;
/** A mail server that greets with escape sequences, byte for byte (a real SMTP library would tidy them). */
let smtp: FaultServer;
let run: CliResult & { elapsedMs: number };
const ESC = '\x1b';
/** Anything a terminal would act on: ESC, BEL, CR, the 8-bit CSI/OSC, bidi overrides. */
// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROL = /[\x00-\x08\x0b-\x1f\x7f\x9b\x9d\u202a-\u202e\u2066-\u2069]/;

beforeAll(async () => {
  await ensureBuilt();
  web = await startFaultServer();
  smtp = await startBannerServer(`554 ${ESC}]0;owned${ESC}\\${ESC}[5mgo away${ESC}[0m\x07\r\n`);
  const userinfo = `${FAULT_CREDENTIALS.user}:${FAULT_CREDENTIALS.pass}`;
  ws.write(
    'trackz.config.yaml',
    `monitors:
  - name: disk
    type: command
    run: "printf '${ESC}]0;pwned\\\\007${ESC}[2J${ESC}[31mCRITICAL${ESC}[0m - disk full | t=0.1s load=0.3\\\\nsecond line\\\\rOK\\\\n'; exit 2"
  - { name: mail, type: smtp, host: 127.0.0.1, port: ${smtp.port}, starttls: never }
  - name: api
    type: uptime
    url: ${web.url}/hostile
    expect:
      headers: { x-version: "2.0" }
      json: [{ path: $.status, equals: ok }]
  - name: private
    type: uptime
    url: http://${userinfo}@127.0.0.1:${web.port}/basic-auth
  - name: backtrack
    type: uptime
    url: ${web.url}/aaaa
    timeout: 3s
    expect: { body: { matches: "^(a+)+$" } }
`,
  );
  const started = performance.now();
  const result = await trackz(
    ['check', '-r', 'table', '-r', 'json=report.json', '-r', 'junit=junit.xml', '-r', 'tap=report.tap', '-r', 'github=github.txt'],
    { cwd: ws.dir, env: { GITHUB_STEP_SUMMARY: ws.path('summary.md'), GITHUB_WORKSPACE: ws.dir } },
  );
  run = { ...result, elapsedMs: performance.now() - started };
});

afterAll(async () => {
  await web?.close();
  await smtp?.close();
});

interface JsonResult {
  monitor: string;
  status: string;
  message: string;
  latencyMs: number | null;
  durationMs: number;
  metrics: Record<string, number>;
  assertions: { name: string; message: string; actual?: unknown }[];
  details: Record<string, unknown> | null;
}

const results = () => Object.fromEntries((JSON.parse(readFileSync(ws.path('report.json'), 'utf8')) as { results: JsonResult[] }).results.map((r) => [r.monitor, r]));

describe('target text reaches every view clean', () => {
  it('the run itself reports each result with a clean one-line message', () => {
    expect(run.exitCode, run.stderr).toBe(1);
    const byName = results();
    expect(byName.disk).toMatchObject({ status: 'down', message: 'CRITICAL - disk full' });
    expect(byName.mail).toMatchObject({ status: 'down', message: 'the server refuses the session: 554 go away\\x07' });
    // JSON quoting escapes C0 controls; the sanitiser shows the bidi override that JSON leaves raw.
    expect(byName.api).toMatchObject({ status: 'down', message: '$.status is "\\u001b]0;pwned\\u0007\\u001b[2Jok\\u202e", expected "ok"' });
    expect(byName.api!.assertions.find((a) => a.name === 'header x-version')?.message).toBe('header x-version is "1.0", expected "2.0"');
  });

  it('no terminal control character in the table, the reports, the annotations, the step summary or history', async () => {
    const history = await trackz(['history', 'disk'], { cwd: ws.dir });
    const historyJson = await trackz(['history', 'mail', '--json'], { cwd: ws.dir });
    expect(history.exitCode, history.stderr).toBe(0);
    const views: Record<string, string> = {
      table: run.stdout,
      stderr: run.stderr,
      json: readFileSync(ws.path('report.json'), 'utf8'),
      junit: readFileSync(ws.path('junit.xml'), 'utf8'),
      tap: readFileSync(ws.path('report.tap'), 'utf8'),
      github: readFileSync(ws.path('github.txt'), 'utf8'),
      summary: readFileSync(ws.path('summary.md'), 'utf8'),
      history: history.stdout,
      historyJson: historyJson.stdout,
    };
    for (const [name, text] of Object.entries(views)) expect(TERMINAL_CONTROL.exec(text)?.[0], name).toBeUndefined();
    expect(views.table).toContain('CRITICAL - disk full');
    expect(views.history).toContain('CRITICAL - disk full');
    // One line per message: the annotation of each failing case is a single line.
    expect(views.github.split('\n').filter((line) => line.startsWith('::error')).every((line) => !line.includes('%0A') && !line.includes('%0D'))).toBe(true);
  });

  it('the database holds the clean text, and the long output keeps its lines in the details (a bare CR is a line break)', () => {
    const db = new Database(ws.path('.trackz/trackz.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT message, details FROM results').all() as { message: string; details: string | null }[];
      for (const row of rows) expect(TERMINAL_CONTROL.exec(row.message)?.[0], row.message).toBeUndefined();
      const disk = results().disk!;
      expect(disk.details).toMatchObject({ longText: ['second line', 'OK'] });
    } finally {
      db.close();
    }
  });
});

describe('a password in a monitor URL', () => {
  it('is used to sign in, and appears in no output and nowhere in the database', () => {
    const privateResult = results().private!;
    expect(privateResult.status).toBe('up');
    expect(privateResult.details).toMatchObject({ url: `http://***@127.0.0.1:${web.port}/basic-auth` });
    const everything = [run.stdout, run.stderr, ...readdirSync(ws.dir).filter((f) => /\.(json|xml|tap|txt|md)$/.test(f)).map((f) => readFileSync(ws.path(f), 'utf8'))].join('\n');
    expect(everything).not.toContain(FAULT_CREDENTIALS.pass);
    expect(everything).not.toContain(`${FAULT_CREDENTIALS.user}:`);
    for (const file of readdirSync(ws.path('.trackz'))) {
      const bytes = readFileSync(ws.path('.trackz', file));
      expect(bytes.includes(FAULT_CREDENTIALS.pass), file).toBe(false);
    }
  });
});

describe('a catastrophic pattern', () => {
  it('is matched in linear time: down with its reason, far inside the 3 s timeout', () => {
    const backtrack = results().backtrack!;
    expect(backtrack).toMatchObject({ status: 'down', message: 'body does not match ^(a+)+$' });
    expect(backtrack.durationMs).toBeLessThan(3000);
  });
});

describe('numbers without float noise', () => {
  it('JSON metrics and TAP latencies are rounded to what is meaningful', () => {
    const disk = results().disk!;
    // 0.1 s × 1000 is 100.00000000000001 in floating point.
    expect(disk.metrics).toMatchObject({ t_ms: 100, load: 0.3 });
    for (const result of Object.values(results())) {
      for (const value of [result.latencyMs, result.durationMs, ...Object.values(result.metrics)]) {
        if (value === null) continue;
        expect(String(value), `${result.monitor}: ${value}`).not.toMatch(/\.\d{13,}|\d{13,}\.\d|e-/);
      }
      for (const [name, value] of Object.entries(result.metrics)) if (name.endsWith('_ms')) expect(Math.round(value * 10) / 10).toBe(value);
      if (result.latencyMs !== null) expect(Math.round(result.latencyMs * 10) / 10).toBe(result.latencyMs);
    }
    const tap = readFileSync(ws.path('report.tap'), 'utf8');
    const blocks = tap.split(/\n {2}---\n/).slice(1).map((block) => parseYaml(block.split('\n  ...')[0]!.replace(/^ {2}/gm, '')) as { latencyMs: number | null });
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) if (block.latencyMs !== null) expect(Math.round(block.latencyMs * 10) / 10).toBe(block.latencyMs);
  });
});
