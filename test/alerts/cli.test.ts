/**
 * Alerting as cron meets it: the built binary as real processes, a real target that goes down, a real
 * SMTP server that parses what arrives, a real webhook receiver that verifies signatures, secrets from
 * the environment and from the encrypted store. Then a grep of everything trackz wrote or printed for
 * the secret values.
 */
import { execa } from 'execa';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEventBody } from '../../src/alerts/alert-event.js';
import { ensureBuilt } from '../config/build.js';
import { BIN, ROOT, trackz, type CliResult } from '../helpers/cli.js';
import { freshDatabase } from '../helpers/postgres.js';
import { freePort, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { useWorkspace } from '../helpers/workspace.js';

const SMTP_PASS = 'smtp-Pa55-e2e-7c1d';
const HMAC = 'hmac-e2e-4b2a9f0e';
const HOOK_TOKEN = 'hooktoken-e2e-91d7';
const SECRETS = [SMTP_PASS, HMAC, HOOK_TOKEN];

let target: Server;
let targetUrl: string;
let targetStatus = 200;
let smtp: SmtpSink;
let receiver: WebhookReceiver;
/** Everything any trackz process printed in this file, for the final grep. */
const printed: string[] = [];
const workspaces: string[] = [];

beforeAll(async () => {
  await ensureBuilt();
  target = createServer((_req, res) => res.writeHead(targetStatus).end(targetStatus === 200 ? 'welcome' : 'maintenance'));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}/`;
  smtp = await startSmtpSink({ auth: { user: 'trackz', pass: SMTP_PASS } });
  receiver = await startWebhookReceiver({ secret: HMAC });
});

afterAll(async () => {
  await new Promise<void>((resolve) => target.close(() => resolve()));
  await smtp.close();
  await receiver.close();
});

const env = { SMTP_PASS, TRACKZ_LOG: 'debug' };

async function run(args: string[], cwd: string, options: { input?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const result = await trackz(args, { cwd, env: { ...env, ...options.env }, ...(options.input !== undefined ? { input: options.input, stdin: undefined } : {}) });
  printed.push(result.stdout, result.stderr);
  return result;
}

/** A config whose channels reach this file's SMTP server and receiver; the webhook path names the workspace. */
function workspace(name: string, options: { smtpPort?: number; rule?: string; delivery?: string; storage?: string } = {}) {
  const ws = useWorkspace(`trackz-alerts-${name}-`);
  workspaces.push(ws.dir);
  ws.write(
    'trackz.config.yaml',
    `workspace: ${name}
${options.storage ? `storage: ${options.storage}\n` : ''}monitors:
  - { name: web, type: uptime, url: "${targetUrl}", timeout: 2s }
alerts:
  dashboardUrl: https://status.example.com/d/${name}
  channels:
    - name: oncall
      type: email
      to: [ops@example.com]
      from: trackz@example.com
      smtp: { host: 127.0.0.1, port: ${options.smtpPort ?? smtp.port}, starttls: "off", user: trackz, pass: "\${SMTP_PASS}" }
      timeout: 3s
    - name: chat
      type: webhook
      url: "${receiver.url}/${name}/\${secret:HOOK_TOKEN}"
      secret: "\${secret:HOOK_HMAC}"
      timeout: 3s
  rules:
    - ${options.rule ?? '{ name: main, channels: [oncall, chat], failureThreshold: 1 }'}
${options.delivery ? `  delivery: ${options.delivery}\n` : ''}`,
  );
  return ws;
}

async function storeSecrets(dir: string): Promise<void> {
  expect((await run(['secrets', 'set', 'HOOK_TOKEN'], dir, { input: `${HOOK_TOKEN}\n` })).exitCode).toBe(0);
  expect((await run(['secrets', 'set', 'HOOK_HMAC'], dir, { input: HMAC })).exitCode).toBe(0);
}

type Backend = 'sqlite' | 'postgres';
let pgDatabase: Promise<string> | undefined;
/** The storage block for a backend: SQLite's default file, or one database of the test run's PostgreSQL (a schema per workspace). */
async function storageFor(backend: Backend): Promise<string | undefined> {
  if (backend === 'sqlite') return undefined;
  pgDatabase ??= freshDatabase('alerts_cli');
  return `{ url: "${await pgDatabase}" }`;
}

const mailsFor = (name: string) => smtp.messages.filter((m) => m.parsed.text?.includes(`/d/${name}`));
const hooksFor = (name: string) => receiver.accepted().filter((h) => h.path.startsWith(`/${name}/`));

describe('trackz secrets', () => {
  it('stores values from stdin, lists names only, refuses a value on the command line, removes', async () => {
    const ws = workspace('secrets');
    const set = await run(['secrets', 'set', 'HOOK_TOKEN'], ws.dir, { input: `${HOOK_TOKEN}\n` });
    expect(set).toMatchObject({ exitCode: 0, stdout: '' });
    expect(set.stderr).toMatch(/^Stored secret HOOK_TOKEN \(AES-256-GCM, key [0-9a-f]{16}\)\. Use it in the config as \$\{secret:HOOK_TOKEN\}\.\nCreated the key file .*\/\.trackz\/trackz\.db\.key \(mode 0600\)/);
    const argv = await run(['secrets', 'set', 'OTHER', 'value-on-argv'], ws.dir);
    expect(argv.exitCode).toBe(2);
    expect(argv.stderr).toMatch(/Unexpected argument: value-on-argv/);
    const list = await run(['secrets', 'list'], ws.dir);
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toMatch(/^NAME\s+\(values are never shown\)\nHOOK_TOKEN\s+updated \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+key [0-9a-f]{16}$/);
    expect((await run(['secrets', 'set', 'BAD-NAME'], ws.dir, { input: 'x' })).exitCode).toBe(2);
    expect((await run(['secrets', 'set', 'EMPTY'], ws.dir, { input: '' })).stderr).toMatch(/no value given for EMPTY/);
    expect((await run(['secrets', 'rm', 'HOOK_TOKEN'], ws.dir)).stdout).toMatch(/^Removed secret HOOK_TOKEN\./);
    expect((await run(['secrets', 'rm', 'HOOK_TOKEN'], ws.dir)).exitCode).toBe(2);
  });

  it('a config that uses a secret not yet set fails at its line, and works once it is set', async () => {
    const ws = workspace('missing-secret');
    const before = await run(['validate'], ws.dir);
    expect(before.exitCode).toBe(2);
    expect(before.stderr).toMatch(/trackz\.config\.yaml:15:\d+: .*secret HOOK_TOKEN is not in the secret store/);
    await storeSecrets(ws.dir);
    expect((await run(['validate'], ws.dir)).exitCode).toBe(0);
  });
});

// The races and the delivery guarantee hold on either backend: the same test against each.
describe.each(['sqlite', 'postgres'] as const)('trackz check --alert (%s)', (backend: Backend) => {
  const suffix = backend === 'sqlite' ? '' : '_pg';
  it('twenty runs started at once against a target that just went down: exactly one message per channel', async () => {
    const name = `twenty${suffix}`;
    const ws = workspace(name, { storage: await storageFor(backend) });
    await storeSecrets(ws.dir);
    targetStatus = 200;
    expect((await run(['check', '--alert'], ws.dir)).exitCode).toBe(0);
    targetStatus = 503;
    const runs = await Promise.all(Array.from({ length: 20 }, () => run(['check', '--alert', '--reporter', 'json'], ws.dir)));
    expect(runs.map((r) => r.exitCode)).toEqual(Array(20).fill(1));
    // Every run has exited, so every delivery attempt is over: what arrived is all that will arrive.
    expect(mailsFor(name)).toHaveLength(1);
    expect(hooksFor(name)).toHaveLength(1);
    const [mail] = mailsFor(name);
    expect(mail!.parsed.subject).toBe('[trackz] DOWN web — status 503, expected 2xx');
    const [hook] = hooksFor(name);
    expect(hook!.verified).toEqual({ ok: true });
    const body = hook!.body as AlertEventBody;
    expect(body.event).toMatchObject({ kind: 'down', monitor: 'web', type: 'uptime', status: 'down', workspace: name, dashboardUrl: `https://status.example.com/d/${name}` });
    expect(hook!.headers['idempotency-key']).toBe(body.event.id);
    // Twenty real observations were applied (in time order); one transition.
    const list = JSON.parse((await run(['alerts', 'list', '--json'], ws.dir)).stdout);
    expect(list.states).toEqual([expect.objectContaining({ monitor: 'web', phase: 'down', incident: 1, notified: expect.objectContaining({ phase: 'down', incident: 1 }) })]);
    expect(list.states[0].failing).toBeGreaterThanOrEqual(1);
    expect(list.outbox).toEqual({ pending: 0, delivered: 2, failed: 0 });

    targetStatus = 200;
    await run(['check', '--alert'], ws.dir);
    expect(mailsFor(name).map((m) => m.parsed.subject)).toEqual(['[trackz] DOWN web — status 503, expected 2xx', expect.stringMatching(/^\[trackz\] RECOVERED web — was down for /)]);
    expect(hooksFor(name).map((h) => (h.body as AlertEventBody).event.kind)).toEqual(['down', 'up']);
  }, 120_000);

  it('SMTP down during an incident, then up: the message arrives exactly once', async () => {
    const port = await freePort();
    const ws = workspace(`smtp_late${suffix}`, { smtpPort: port, rule: '{ name: main, channels: [oncall], failureThreshold: 1 }', delivery: '{ backoff: 1ms, maxBackoff: 1ms }', storage: await storageFor(backend) });
    await storeSecrets(ws.dir);
    targetStatus = 503;
    const first = await run(['check', '--alert'], ws.dir);
    expect(first.exitCode).toBe(1);
    expect(first.stderr).toMatch(/alert down web → oncall: attempt 1\/10 failed \(SMTP 127\.0\.0\.1: .*ECONNREFUSED.*\); retry in/);
    const pending = JSON.parse((await run(['alerts', 'outbox', '--json'], ws.dir)).stdout);
    expect(pending).toEqual([expect.objectContaining({ channel: 'oncall', kind: 'down', status: 'pending', attempts: 1 })]);
    // Decided is not delivered: the list says the DOWN is still pending, with why, and nothing was sent.
    const listed = await run(['alerts', 'list'], ws.dir, { env: { COLUMNS: '200' } });
    expect(listed.stdout).toMatch(/│ web\s+│ ✖ down for \S+\s+│ DOWN pending \(1 try: SMTP 127\.0\.0\.1: .*ECONNREFUSED.*\)\s+│ status 503, expected 2xx/);
    expect(listed.stdout).not.toMatch(/sent/);
    const state = JSON.parse((await run(['alerts', 'list', '--json'], ws.dir)).stdout).states[0];
    expect(state.delivery).toEqual({
      latest: expect.objectContaining({ kind: 'down', channels: [expect.objectContaining({ channel: 'oncall', status: 'pending', attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED/) })] }),
      lastDelivered: null,
    });
    const late = await startSmtpSink({ port, auth: { user: 'trackz', pass: SMTP_PASS } });
    try {
      await run(['check', '--alert'], ws.dir);
      await run(['check', '--alert'], ws.dir);
      expect(late.messages.map((m) => m.parsed.subject)).toEqual(['[trackz] DOWN web — status 503, expected 2xx']);
      const outbox = JSON.parse((await run(['alerts', 'outbox', '--json'], ws.dir)).stdout);
      expect(outbox).toEqual([expect.objectContaining({ status: 'delivered', attempts: 2, lastError: null })]);
      expect((await run(['alerts', 'list'], ws.dir, { env: { COLUMNS: '200' } })).stdout).toMatch(/│ DOWN sent (now|\S+ ago)\s+│/);
    } finally {
      await late.close();
    }
  }, 60_000);
});

describe('trackz check --alert', () => {
  it('refuses --alert with --no-store', async () => {
    const ws = workspace('no-store');
    await storeSecrets(ws.dir);
    const result = await run(['check', '--alert', '--no-store'], ws.dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('trackz: --alert keeps alert state and its outbox in the SQLite file, so it cannot be combined with --no-store');
  });
});

describe('trackz alerts', () => {
  it('list: a config without alert rules says so, before and after a check', async () => {
    const ws = useWorkspace('trackz-alerts-none-');
    ws.write('trackz.config.yaml', `monitors:\n  - { name: web, type: uptime, url: "${targetUrl}" }\n`);
    const said = 'No alert rules: the config has no `alerts:` section with rules, so `trackz check --alert` has nothing to send. See the README section "Alerts".';
    expect(await run(['alerts', 'list'], ws.dir)).toMatchObject({ exitCode: 0, stdout: said });
    await run(['check'], ws.dir);
    expect((await run(['alerts', 'list', '--all'], ws.dir)).stdout).toBe(said);
    expect(JSON.parse((await run(['alerts', 'list', '--json'], ws.dir)).stdout)).toMatchObject({ rules: 0, states: [] });
  });

  it('silence: nothing sent, state kept and shown; unsilence: the next run sends the DOWN', async () => {
    const ws = workspace('silence');
    await storeSecrets(ws.dir);
    targetStatus = 503;
    const silenced = await run(['alerts', 'silence', 'web', '--for', '2h', '--reason', 'deploying v2'], ws.dir);
    expect(silenced.stdout).toMatch(/^Silenced web for 2h, until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(deploying v2\)\./);
    expect((await run(['check', '--alert'], ws.dir)).exitCode).toBe(1);
    expect((await run(['check', '--alert'], ws.dir)).exitCode).toBe(1);
    expect(mailsFor('silence')).toEqual([]);
    expect(hooksFor('silence')).toEqual([]);
    const list = await run(['alerts', 'list'], ws.dir, { env: { COLUMNS: '200' } });
    expect(list.stdout).toMatch(/│ web\s+│ ✖ down for \S+\s+│ held: silenced until \d{4}-\d\d-\d\d \d\d:\d\d \(deploying v2\); nothing yet\s+│ status 503, expected 2xx/);
    expect(list.stdout).toMatch(/Silences\n  web until .* \((1h59m|2h) left\): deploying v2 — \S+/);
    expect((await run(['alerts', 'unsilence', 'web'], ws.dir)).stdout).toMatch(/^web is no longer silenced \(1 silence ended\)/);
    await run(['check', '--alert'], ws.dir);
    expect(mailsFor('silence').map((m) => m.parsed.subject)).toEqual(['[trackz] DOWN web — status 503, expected 2xx']);
    expect(hooksFor('silence')).toHaveLength(1);
    expect((await run(['alerts', 'silence', 'wbe', '--for', '1h'], ws.dir)).stderr).toBe('trackz: no monitor named "wbe" (did you mean `web`?)');
    expect((await run(['alerts', 'silence', 'web', '--for', '2'], ws.dir)).exitCode).toBe(2);
  });

  it('test: sends a real, signed message now; an unknown channel is a usage error; a dead one exits 1', async () => {
    const ws = workspace('test-message');
    await storeSecrets(ws.dir);
    const sent = await run(['alerts', 'test', 'chat'], ws.dir);
    expect(sent.exitCode).toBe(0);
    expect(sent.stdout).toMatch(/^✔ test message sent to chat \(webhook: http:\/\/127\.0\.0\.1:\d+\/… \(generic\)\) in \S+$/);
    const [hook] = hooksFor('test-message');
    expect(hook!.verified).toEqual({ ok: true });
    expect((hook!.body as AlertEventBody).event).toMatchObject({ kind: 'test', workspace: 'test-message' });
    expect((await run(['alerts', 'test', 'oncall'], ws.dir)).exitCode).toBe(0);
    expect(mailsFor('test-message').map((m) => m.parsed.subject)).toEqual(['[trackz] TEST — test message for channel oncall: if you can read this, trackz alerts reach you']);
    expect((await run(['alerts', 'test', 'chta'], ws.dir)).stderr).toBe('trackz: no alert channel named "chta" (did you mean `chat`?)');
    receiver.failNext(1, { status: 500 });
    const failed = await run(['alerts', 'test', 'chat'], ws.dir);
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toMatch(/^✖ test message to chat .* failed: POST http:\/\/127\.0\.0\.1:\d+\/…: HTTP 500/);
  });

  it('outbox: pending, failed and delivered, with why', async () => {
    const ws = workspace('outbox', { delivery: '{ maxAttempts: 1 }' });
    await storeSecrets(ws.dir);
    targetStatus = 503;
    receiver.failNext(1, { status: 500 });
    await run(['check', '--alert'], ws.dir);
    const table = await run(['alerts', 'outbox'], ws.dir);
    expect(table.stdout).toMatch(/│ chat\s+│ DOWN web\s+│ failed\s+│ 1\s+│ (now|\S+ ago)\s+│ POST http:\/\/127\.0\.0\.1:\d+\/…: HTTP 500/);
    expect(table.stdout).toMatch(/│ oncall\s+│ DOWN web\s+│ delivered │ 1\s+│ (now|\S+ ago)\s+│ –/);
    expect(table.stdout).toMatch(/Outbox: 0 pending, 1 failed, 1 delivered\.$/);
    const list = await run(['alerts', 'list'], ws.dir);
    expect(list.stdout).toMatch(/│ DOWN sent to oncall (now|\S+ ago); failed on chat: POST http:\/\/127\.0\.0\.1:\d+\/…: HTTP 500[^│]*│/);
    expect(list.stdout).toMatch(/Gave up on 1 notification: see `trackz alerts outbox --status failed`\./);
    // At 80 columns, both fit: errors are cut at a word boundary, names stay whole.
    for (const args of [['alerts', 'outbox'], ['alerts', 'list', '--all']]) {
      const narrow = await run(args, ws.dir, { env: { COLUMNS: '80' } });
      expect(Math.max(...narrow.stdout.split('\n').map((line) => [...line].length)), args.join(' ')).toBeLessThanOrEqual(80);
      expect(narrow.stdout).toMatch(/│ (web|oncall|chat)\s+│/);
      expect(narrow.stdout).toContain('…');
    }
    expect(JSON.parse((await run(['alerts', 'outbox', '--status', 'failed', '--json'], ws.dir)).stdout)).toEqual([expect.objectContaining({ channel: 'chat', status: 'failed' })]);
  });
});

describe('start-up without --alert', () => {
  it('`trackz check` never imports the alert engine, croner or nodemailer; `check --alert` does', async () => {
    const ws = workspace('imports', { rule: '{ name: main, channels: [oncall], failureThreshold: 1 }' });
    await storeSecrets(ws.dir);
    ws.write('trackz.config.yaml', readFileSync(ws.path('trackz.config.yaml'), 'utf8').replace('alerts:\n', 'alerts:\n  maintenance: [{ cron: "0 3 * * sun", duration: 30m }]\n'));
    targetStatus = 200;
    const imported = async (args: string[], log: string) => {
      const result = await execa(process.execPath, ['--import', join(ROOT, 'test/fixtures/hooks/record-imports.mjs'), BIN, ...args], { cwd: ws.dir, reject: false, env: { NO_COLOR: '1', SMTP_PASS, TRACKZ_IMPORT_LOG: ws.path(log) } });
      printed.push(String(result.stdout), String(result.stderr));
      expect(result.exitCode).toBe(0);
      return readFileSync(ws.path(log), 'utf8');
    };
    const plain = await imported(['check'], 'plain.log');
    expect(plain).toMatch(/dist\/src\/commands\/check\.js/);
    for (const heavy of ['/node_modules/nodemailer/', '/node_modules/croner/', '/chunks/alerting-', '/node_modules/execa/']) expect(plain).not.toContain(heavy);
    const alerting = await imported(['check', '--alert'], 'alert.log');
    expect(alerting).toContain('/node_modules/croner/');
    expect(alerting).toMatch(/\/chunks\/alerting-/);
  });
});

describe('secrets never leak', () => {
  it('no configured secret value appears in any database file, key-less file, output or log', () => {
    expect(printed.length).toBeGreaterThan(50);
    for (const text of printed) for (const secret of SECRETS) expect(text.includes(secret), `printed output contains ${secret.slice(0, 6)}…`).toBe(false);
    let files = 0;
    for (const dir of workspaces) {
      const data = join(dir, '.trackz');
      if (!existsSync(data)) continue;
      for (const name of readdirSync(data)) {
        const content = readFileSync(join(data, name));
        files++;
        for (const secret of SECRETS) {
          expect(content.includes(secret), `${name} contains a secret`).toBe(false);
          expect(content.includes(Buffer.from(secret, 'utf16le')), `${name} contains a secret (UTF-16)`).toBe(false);
        }
      }
    }
    expect(files).toBeGreaterThanOrEqual(10);
    // The secrets did reach their peers: the password logged in, the token was in the URL.
    expect(smtp.messages.every((m) => m.user === 'trackz')).toBe(true);
    expect(receiver.accepted().some((h) => h.path.endsWith(`/${HOOK_TOKEN}`))).toBe(true);
  });
});
