/**
 * Each channel against a real peer: email to a real SMTP server on 127.0.0.1 that parses what it
 * receives, webhooks to a real HTTP receiver that verifies the HMAC signature, commands that read
 * the event from stdin.
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/alert-event.js';
import { createChannel } from '../../src/alerts/channels/index.js';
import { messageIdFor } from '../../src/alerts/channels/email/email-channel.js';
import { signature, verifySignature } from '../../src/alerts/channels/webhook/signature.js';
import { redactWebhookUrl } from '../../src/alerts/channels/webhook/webhook-channel.js';
import { sendWithin } from '../../src/alerts/delivery.js';
import { channelSchema } from '../../src/config/schema/alerts.js';
import { makeTestPki } from '../helpers/certs.js';
import { freePort, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-channels-');
const channel = (raw: Record<string, unknown>) => createChannel(v.parse(channelSchema, raw), { configDir: ws.dir, env: { PATH: process.env.PATH, TRACKZ_SECRET_KEY: 'a'.repeat(64) } });

const down: AlertEvent = {
  id: 'homepage/main/3.1717290000000/down',
  kind: 'down',
  monitor: 'homepage',
  type: 'uptime',
  rule: 'main',
  incident: 3,
  status: 'down',
  message: 'connection refused',
  since: '2024-06-02T01:00:00.000Z',
  durationMs: 720_000,
  lastError: 'connection refused',
  dashboardUrl: 'https://status.example.com/d/abc',
  workspace: 'acme',
  at: '2024-06-02T01:12:00.000Z',
};
const send = async (raw: Record<string, unknown>, event = down) => {
  const ch = await channel(raw);
  try {
    await sendWithin(ch, { eventKey: event.id, event }, ch.timeoutMs);
  } finally {
    await ch.close();
  }
};

describe('email', () => {
  let smtp: SmtpSink;
  let tlsSmtp: SmtpSink;
  beforeAll(async () => {
    smtp = await startSmtpSink({ auth: { user: 'trackz', pass: 'smtp-pass-1234' } });
    tlsSmtp = await startSmtpSink({ tls: makeTestPki().good });
  });
  afterAll(async () => {
    await smtp.close();
    await tlsSmtp.close();
  });

  it('sends a subject that says what and why, text and HTML bodies, and a stable Message-ID', async () => {
    await send({ name: 'ops', type: 'email', to: ['ops@example.com', 'Lead <lead@example.com>'], from: 'trackz@example.com', smtp: { host: '127.0.0.1', port: smtp.port, starttls: 'off', user: 'trackz', pass: 'smtp-pass-1234' } });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.user).toBe('trackz');
    expect(mail!.envelope).toEqual({ from: 'trackz@example.com', to: ['ops@example.com', 'lead@example.com'] });
    const parsed = mail!.parsed;
    expect(parsed.subject).toBe('[trackz] DOWN homepage — connection refused');
    expect(parsed.messageId).toBe(messageIdFor(down.id, 'ops'));
    expect(parsed.headers.get('x-trackz-event')).toBe(down.id);
    expect(parsed.text).toContain('homepage is DOWN: connection refused');
    expect(parsed.text).toMatch(/Since:\s+2024-06-02 01:00:00 UTC \(12m ago\)/);
    expect(parsed.text).toMatch(/Last error:\s+connection refused/);
    expect(parsed.text).toMatch(/Dashboard:\s+https:\/\/status\.example\.com\/d\/abc/);
    expect(parsed.html).toContain('<a href="https://status.example.com/d/abc">');
    expect(parsed.html).toContain('<h2 style="color:#c62828;margin:0 0 12px">DOWN homepage</h2>');
  });

  it('escapes HTML in monitor messages', async () => {
    const before = smtp.messages.length;
    await send({ name: 'ops', type: 'email', to: ['ops@example.com'], smtp: { host: '127.0.0.1', port: smtp.port, starttls: 'off', user: 'trackz', pass: 'smtp-pass-1234' } }, { ...down, id: 'x/y/1.0/down', message: 'body had <script>alert(1)</script>' });
    const mail = (await smtp.waitFor(before + 1))[before]!;
    expect(mail.parsed.html).toContain('&lt;script&gt;');
    expect(mail.parsed.html).not.toContain('<script>');
  });

  it('says RECOVERED and for how long', async () => {
    const before = smtp.messages.length;
    const up: AlertEvent = { ...down, id: 'homepage/main/3.1717290000000/up', kind: 'up', status: 'up', message: 'status 200', durationMs: 3_000_000, recoveredFrom: 'down' };
    await send({ name: 'ops', type: 'email', to: ['ops@example.com'], smtp: { host: '127.0.0.1', port: smtp.port, starttls: 'off', user: 'trackz', pass: 'smtp-pass-1234' } }, up);
    const mail = (await smtp.waitFor(before + 1))[before]!;
    expect(mail.parsed.subject).toBe('[trackz] RECOVERED homepage — was down for 50m');
  });

  it('upgrades with STARTTLS when required', async () => {
    await send({ name: 'tls', type: 'email', to: ['ops@example.com'], smtp: { host: '127.0.0.1', port: tlsSmtp.port, starttls: 'required', rejectUnauthorized: false } });
    const [mail] = await tlsSmtp.waitFor(1);
    expect(mail!.secure).toBe(true);
  });

  it('fails clearly, and without the password, when the login is refused or the server is down', async () => {
    const refused = send({ name: 'ops', type: 'email', to: ['ops@example.com'], smtp: { host: '127.0.0.1', port: smtp.port, starttls: 'off', user: 'trackz', pass: 'wrong-pass-5678' } });
    await expect(refused).rejects.toThrow(/^SMTP 127\.0\.0\.1: .*Invalid username or password/);
    await expect(refused).rejects.not.toThrow(/wrong-pass-5678/);
    const port = await freePort();
    await expect(send({ name: 'ops', type: 'email', to: ['ops@example.com'], smtp: { host: '127.0.0.1', port, starttls: 'off' } })).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('webhook', () => {
  const secret = 'whsec-test-0123456789';
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver({ secret });
  });
  afterAll(() => receiver.close());

  it('posts the documented generic JSON with a signature the receiver verifies, and the idempotency key', async () => {
    await send({ name: 'hook', type: 'webhook', url: `${receiver.url}/hooks/generic`, secret, headers: { 'X-Team': 'ops' } });
    const [hook] = await receiver.waitFor(1);
    expect(hook!.verified).toEqual({ ok: true });
    expect(hook!.headers['idempotency-key']).toBe(down.id);
    expect(hook!.headers['x-team']).toBe('ops');
    expect(hook!.headers['content-type']).toBe('application/json');
    expect(hook!.body).toEqual({ version: 1, event: down });
  });

  it('refuses a forged or replayed body', () => {
    const body = JSON.stringify({ version: 1, event: down });
    const now = Date.parse('2024-06-02T01:12:00Z');
    const timestamp = String(Math.floor(now / 1000));
    const good = signature(secret, timestamp, body);
    expect(verifySignature({ secret, body, timestamp, signature: good, nowMs: now })).toEqual({ ok: true });
    expect(verifySignature({ secret, body: body.replace('down', 'up'), timestamp, signature: good, nowMs: now })).toEqual({ ok: false, reason: 'signature mismatch' });
    expect(verifySignature({ secret: 'other', body, timestamp, signature: good, nowMs: now })).toEqual({ ok: false, reason: 'signature mismatch' });
    expect(verifySignature({ secret, body, timestamp, signature: good, nowMs: now + 10 * 60_000 })).toEqual({ ok: false, reason: 'timestamp too old' });
    expect(verifySignature({ secret, body, timestamp: undefined, signature: good, nowMs: now })).toEqual({ ok: false, reason: 'missing or malformed timestamp' });
  });

  it('a receiver that checks the signature refuses a body signed with the wrong secret', async () => {
    const before = receiver.requests.length;
    await expect(send({ name: 'hook', type: 'webhook', url: `${receiver.url}/hooks/generic`, secret: 'not-the-secret' })).rejects.toThrow(/HTTP 401 signature mismatch/);
    expect(receiver.requests[before]!.verified).toEqual({ ok: false, reason: 'signature mismatch' });
  });

  it('formats for Slack ({text, blocks}) and Discord ({content, embeds})', async () => {
    const before = receiver.accepted().length;
    await send({ name: 'slack', type: 'webhook', url: `${receiver.url}/slack`, format: 'slack', secret });
    await send({ name: 'discord', type: 'webhook', url: `${receiver.url}/discord`, format: 'discord', secret });
    const [slack, discord] = (await receiver.waitFor(before + 2)).slice(before) as { body: Record<string, any> }[];
    expect(slack!.body.text).toBe('DOWN homepage — connection refused');
    expect(slack!.body.blocks[0].text.text).toBe('*DOWN* `homepage` — connection refused');
    expect(slack!.body.blocks[2].elements[0].url).toBe('https://status.example.com/d/abc');
    expect(discord!.body.content).toBe('DOWN homepage — connection refused');
    expect(discord!.body.embeds[0]).toMatchObject({ title: 'DOWN homepage', description: 'connection refused', color: 0xc62828, timestamp: down.at, url: 'https://status.example.com/d/abc' });
    expect(discord!.body.embeds[0].fields).toContainEqual({ name: 'Last error', value: 'connection refused', inline: true });
  });

  it('treats a non-2xx answer and a hang as failures, within the time limit', async () => {
    receiver.failNext(1, { status: 503 });
    await expect(send({ name: 'hook', type: 'webhook', url: `${receiver.url}/hooks/generic/tok-123456`, secret })).rejects.toThrow(/^POST http:\/\/127\.0\.0\.1:\d+\/…: HTTP 503 receiver is failing on purpose$/);
    receiver.failNext(1, { hang: true });
    await expect(send({ name: 'hook', type: 'webhook', url: `${receiver.url}/hooks/generic`, secret, timeout: '300ms' })).rejects.toThrow(/no answer within 300ms|aborted/i);
  });

  it('never prints a webhook URL beyond its scheme and host', () => {
    expect(redactWebhookUrl('https://hooks.slack.com/services/T000/B000/XXXXSECRET')).toBe('https://hooks.slack.com/…');
    expect(redactWebhookUrl('https://example.com/')).toBe('https://example.com/');
  });
});

describe('command', () => {
  it('runs the program with the event JSON on stdin and its id in the environment, without the secret key', async () => {
    const script = ws.write('notify.mjs', `import { writeFileSync, readFileSync } from 'node:fs';\nwriteFileSync('received.json', JSON.stringify({ stdin: JSON.parse(readFileSync(0, 'utf8')), id: process.env.TRACKZ_EVENT_ID, kind: process.env.TRACKZ_EVENT_KIND, team: process.env.TEAM, key: process.env.TRACKZ_SECRET_KEY ?? null }));\n`);
    await send({ name: 'cmd', type: 'command', run: [process.execPath, script], env: { TEAM: 'ops' } });
    const received = JSON.parse(readFileSync(ws.path('received.json'), 'utf8'));
    expect(received).toEqual({ stdin: { version: 1, event: down }, id: down.id, kind: 'down', team: 'ops', key: null });
  });

  it('fails with the exit code and the end of stderr', async () => {
    await expect(send({ name: 'cmd', type: 'command', run: [process.execPath, '-e', 'console.error("pager API said no"); process.exit(3)'] })).rejects.toThrow(/exited with code 3: pager API said no$/);
    await expect(send({ name: 'cmd', type: 'command', run: ['./does-not-exist.sh'] })).rejects.toThrow(/does-not-exist\.sh/);
  });

  it('is stopped at its time limit', async () => {
    await expect(send({ name: 'cmd', type: 'command', run: [process.execPath, '-e', 'setTimeout(() => {}, 60_000)'], timeout: '300ms' })).rejects.toThrow(/time limit|no answer within 300ms/);
  });
});
