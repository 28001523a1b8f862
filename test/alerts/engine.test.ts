/**
 * The alert engine against real peers: a real SQLite file, a real webhook receiver that verifies
 * signatures, a real SMTP server. The clock is passed in, so thresholds, reminders, maintenance
 * windows, silences and back-off are exercised without sleeping.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAlertEngine, type AlertEngine, type Evaluation } from '../../src/alerts/alert-engine.js';
import { alertSettingsFrom } from '../../src/alerts/alert-settings.js';
import type { AlertEvent } from '../../src/alerts/alert-event.js';
import { loadConfigText } from '../../src/config/load.js';
import { createLogger } from '../../src/core/log.js';
import type { CheckRecord, Status } from '../../src/core/result.js';
import type { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { openSqlite } from '../helpers/storage.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-engine-');
const SECRET = 'engine-hmac-secret';
const MIN = 60_000;
let receiver: WebhookReceiver;
let smtp: SmtpSink;
let files = 0;

beforeAll(async () => {
  receiver = await startWebhookReceiver({ secret: SECRET });
  smtp = await startSmtpSink();
});
afterAll(async () => {
  await receiver.close();
  await smtp.close();
});

const opened: SqliteStorage[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

interface Harness {
  engine: AlertEngine;
  store: SqliteStorage;
  path: string;
  /** This harness's webhook path: event ids repeat across harnesses (same clock), paths do not. */
  hookPath: string;
  clock: { now: number };
  /** What the last step's evaluation returned. */
  last?: Evaluation;
  /** One `check --alert` run: store the results, evaluate, deliver. Returns the webhook events it delivered. */
  step(statuses: Record<string, Status>, advanceMs?: number): Promise<AlertEvent[]>;
  /** Another process on the same file (its own connection, its own engine). */
  peer(): Promise<AlertEngine>;
}

const quiet = createLogger('test', 'silent');

async function harness(alerts: string, options: { monitors?: string; path?: string; start?: string } = {}): Promise<Harness> {
  const monitors = options.monitors ?? '  - { name: web, type: tcp, host: 127.0.0.1, port: 1 }\n';
  const n = ++files;
  const path = options.path ?? ws.path(`engine-${n}.db`);
  const hookPath = `/hook/${n}`;
  const text = `workspace: acme\nstorage: { path: ${path} }\nmonitors:\n${monitors}alerts:\n  channels:\n    - { name: hook, type: webhook, url: "${receiver.url}${hookPath}", secret: ${SECRET} }\n    - { name: mail, type: email, to: [ops@example.com], smtp: { host: 127.0.0.1, port: ${smtp.port}, starttls: "off" } }\n${alerts}`;
  const config = await loadConfigText(ws.path('trackz.config.yaml'), text, { env: {} });
  const settings = alertSettingsFrom(config);
  const clock = { now: Date.parse(options.start ?? '2024-06-02T00:00:00Z') };
  const make = async () => {
    const store = openSqlite(path);
    opened.push(store);
    const engine = await createAlertEngine({ settings, storage: store, now: () => clock.now, random: () => 0.5, log: quiet });
    return { store, engine };
  };
  const { store, engine } = await make();
  const h: Harness = {
    engine,
    store,
    path,
    hookPath,
    clock,
    async step(statuses, advanceMs = MIN) {
      const records: CheckRecord[] = Object.entries(statuses).map(([monitor, status], i) => ({
        monitor,
        type: 'tcp',
        tags: [],
        status,
        message: status === 'up' ? 'connected' : status === 'degraded' ? 'slow: 900ms' : 'connection refused',
        metrics: {},
        startedAt: clock.now + i,
        durationMs: 5,
        attempts: 1,
      }));
      await store.results.saveResults(records);
      h.last = await engine.evaluate(records);
      const before = receiver.accepted().length;
      await engine.deliver();
      clock.now += advanceMs;
      return receiver.accepted().slice(before).map((hook) => (hook.body as { event: AlertEvent }).event);
    },
    async peer() {
      return (await make()).engine;
    },
  };
  return h;
}

const kinds = (events: AlertEvent[]) => events.map((e) => `${e.kind} ${e.monitor}`);

describe('thresholds over runs', () => {
  it('a flapping target: DOWN only after failureThreshold failures in a row, RECOVERED after successThreshold passes', async () => {
    const h = await harness('  rules:\n    - { name: main, channels: [hook], failureThreshold: 3, successThreshold: 2 }\n');
    const sequence: Status[] = ['down', 'down', 'up', 'down', 'up', 'down', 'down', 'up', 'down', 'down', 'down', 'up', 'down', 'up', 'up'];
    const sent: string[] = [];
    for (const [i, status] of sequence.entries()) for (const event of await h.step({ web: status })) sent.push(`${event.kind}@${i}`);
    expect(sent).toEqual(['down@10', 'up@14']);
    const state = (await h.store.alerts.getState('web', 'main'))!;
    expect(state).toMatchObject({ phase: 'ok', incident: 1, notified: { phase: 'ok', incident: 1 } });
  });

  it('the RECOVERED message says how long it was down; DOWN says since when and why', async () => {
    const h = await harness('  rules:\n    - { name: main, channels: [hook], failureThreshold: 1 }\n');
    const [down] = await h.step({ web: 'down' }, 30 * MIN);
    await h.step({ web: 'down' }, 15 * MIN);
    const [up] = await h.step({ web: 'up' });
    expect(down).toMatchObject({ kind: 'down', monitor: 'web', type: 'tcp', rule: 'main', status: 'down', message: 'connection refused', since: '2024-06-02T00:00:00.000Z', lastError: 'connection refused', workspace: 'acme' });
    expect(up).toMatchObject({ kind: 'up', recoveredFrom: 'down', since: '2024-06-02T00:00:00.000Z', durationMs: 45 * MIN, status: 'up', message: 'connected' });
    expect(up!.id).toBe(down!.id.replace(/down$/, 'up'));
  });

  it('degraded is its own warning, only for rules that ask for it', async () => {
    const h = await harness('  rules:\n    - { name: strict, channels: [hook], failureThreshold: 1, degraded: true }\n    - { name: relaxed, channels: [hook], failureThreshold: 1 }\n');
    const warned = await h.step({ web: 'degraded' });
    expect(warned.map((e) => `${e.kind} ${e.rule}`)).toEqual(['degraded strict']);
    const back = await h.step({ web: 'up' });
    expect(back.map((e) => `${e.kind} ${e.rule} ${e.recoveredFrom}`)).toEqual(['up strict degraded']);
  });

  it('reminds while still down, every remindEvery', async () => {
    const h = await harness('  rules:\n    - { name: main, channels: [hook], failureThreshold: 1, remindEvery: 10m }\n');
    const sent: string[] = [];
    for (let i = 0; i < 25; i++) for (const event of await h.step({ web: 'down' })) sent.push(`${event.kind}${event.reminder ? `#${event.reminder}` : ''}@${i}`);
    expect(sent).toEqual(['down@0', 'reminder#1@10', 'reminder#2@20']);
  });
});

describe('muting', () => {
  it('a maintenance window: nothing sent, state kept, one DOWN once it ends (since the first failure)', async () => {
    const h = await harness('  rules:\n    - { name: main, channels: [hook], failureThreshold: 2 }\n  maintenance:\n    - { name: nightly, cron: "0 2 * * *", duration: 1h, timezone: UTC }\n', { start: '2024-06-02T01:50:00Z' });
    const sent: string[] = [];
    for (let i = 0; i < 80; i++) for (const event of await h.step({ web: i < 20 ? 'up' : 'down' })) sent.push(`${event.kind}@${new Date(h.clock.now - MIN).toISOString().slice(11, 16)} since ${event.since?.slice(11, 16)}`);
    // Down from 02:10; the window lasts until 03:00; the first run after it sends the DOWN.
    expect(sent).toEqual(['down@03:00 since 02:10']);
  });

  it('a maintenance window during which it recovered after a DOWN: one RECOVERED when it ends', async () => {
    const h = await harness('  rules:\n    - { name: main, channels: [hook], failureThreshold: 1 }\n  maintenance:\n    - { cron: "0 2 * * *", duration: 30m, timezone: UTC }\n', { start: '2024-06-02T01:55:00Z' });
    const sent: string[] = [];
    for (let i = 0; i < 40; i++) for (const event of await h.step({ web: i < 10 ? 'down' : 'up' })) sent.push(`${event.kind}@${new Date(h.clock.now - MIN).toISOString().slice(11, 16)}`);
    expect(sent).toEqual(['down@01:55', 'up@02:30']);
    const [, up] = receiver.accepted().slice(-2).map((hook) => (hook.body as { event: AlertEvent }).event);
    expect(up).toMatchObject({ kind: 'up', durationMs: 10 * MIN });
  });

  it('a silence: nothing sent while silenced, state kept, the true message after it ends', async () => {
    const h = await harness('  rules:\n    - { name: main, channels: [hook], failureThreshold: 1 }\n');
    await h.store.alerts.addSilence('web', h.clock.now, h.clock.now + 5 * MIN, 'deploy', 'test');
    const during: AlertEvent[] = [];
    for (let i = 0; i < 5; i++) during.push(...(await h.step({ web: 'down' })));
    expect(during).toEqual([]);
    expect(h.last!.muted.map(({ state, mute }) => `${state.monitor} ${state.phase} ${mute.kind}`)).toEqual(['web down silence']);
    expect(await h.store.alerts.getState('web', 'main')).toMatchObject({ phase: 'down', streaks: { fail: { count: 5 } }, notified: { phase: 'ok' } });
    expect(await h.engine.muteFor('web', h.clock.now - MIN)).toEqual({ kind: 'silence', until: h.clock.now, reason: 'deploy' });
    const after = await h.step({ web: 'down' });
    expect(kinds(after)).toEqual(['down web']);
    expect(after[0]!.since).toBe('2024-06-02T00:00:00.000Z');
  });

  it('unsilence early: the next run sends the message', async () => {
    const h = await harness('  rules:\n    - { name: main, channels: [hook], failureThreshold: 1 }\n');
    await h.store.alerts.addSilence('web', h.clock.now, h.clock.now + 60 * MIN, null, null);
    expect(await h.step({ web: 'down' })).toEqual([]);
    expect(await h.store.alerts.endSilences('web', h.clock.now)).toBe(1);
    expect(kinds(await h.step({ web: 'down' }))).toEqual(['down web']);
  });

  it('a dependent monitor is suppressed while its parent is down, and alerts if still down once the parent is back', async () => {
    const monitors = '  - { name: router, type: tcp, host: 127.0.0.1, port: 1 }\n  - { name: app, type: tcp, host: 127.0.0.1, port: 1, dependsOn: [router] }\n  - { name: db, type: tcp, host: 127.0.0.1, port: 1, dependsOn: [app] }\n';
    const h = await harness('  rules:\n    - { name: main, channels: [hook], failureThreshold: 1 }\n', { monitors });
    expect(kinds(await h.step({ router: 'down', app: 'down', db: 'down' }))).toEqual(['down router']);
    expect(kinds(await h.step({ router: 'down', app: 'down', db: 'down' }))).toEqual([]);
    expect(h.last!.muted.map(({ state, mute }) => `${state.monitor}: ${mute.kind === 'dependency' ? mute.parent : mute.kind}`)).toEqual(['app: router', 'db: app']);
    expect(await h.engine.muteFor('db', h.clock.now)).toEqual({ kind: 'dependency', parent: 'app' });
    expect(await h.store.alerts.getState('app', 'main')).toMatchObject({ phase: 'down', notified: { phase: 'ok' } });
    const back = await h.step({ router: 'up', app: 'down', db: 'up' });
    expect(kinds(back).sort()).toEqual(['down app', 'up router']);
  });
});

describe('outbox and delivery', () => {
  it('a failing webhook is retried with back-off on later runs and delivered once', async () => {
    const h = await harness('  rules:\n    - { name: main, channels: [hook], failureThreshold: 1 }\n  delivery: { backoff: 2m, maxBackoff: 10m, maxAttempts: 5 }\n');
    receiver.failNext(2, { status: 500 });
    expect(await h.step({ web: 'down' }, 30_000)).toEqual([]);
    let [entry] = await h.store.alerts.outbox();
    // random() = 0.5: the wait is 3/4 of the exponential delay (2m, then 4m).
    expect(entry).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: h.clock.now - 30_000 + 90_000, lastError: expect.stringMatching(/HTTP 500/) });
    expect(await h.step({ web: 'down' }, 60_000)).toEqual([]);
    expect((await h.store.alerts.outbox())[0]!.attempts).toBe(1);
    expect(await h.step({ web: 'down' }, 60_000)).toEqual([]);
    [entry] = await h.store.alerts.outbox();
    expect(entry).toMatchObject({ status: 'pending', attempts: 2 });
    expect(entry!.nextAttemptAt - (h.clock.now - 60_000)).toBe(180_000);
    for (let i = 0; i < 4; i++) await h.step({ web: 'down' });
    const delivered = receiver.accepted().filter((hook) => hook.path === h.hookPath);
    expect(delivered).toHaveLength(1);
    expect((await h.store.alerts.outbox())[0]).toMatchObject({ status: 'delivered', attempts: 3, lastError: null });
  });

  it('after the retry limit a notification is marked failed, kept and shown', async () => {
    const h = await harness('  rules:\n    - { name: main, channels: [hook], failureThreshold: 1 }\n  delivery: { backoff: 1s, maxAttempts: 2 }\n');
    receiver.failNext(2, { status: 502 });
    await h.step({ web: 'down' });
    await h.step({ web: 'down' });
    expect((await h.store.alerts.outbox())[0]).toMatchObject({ status: 'failed', attempts: 2, lastError: expect.stringMatching(/HTTP 502/) });
    expect(await h.store.alerts.outboxCounts()).toEqual({ pending: 0, delivered: 0, failed: 1 });
    expect(await h.step({ web: 'down' })).toEqual([]);
  });

  it('a RECOVERED never overtakes its DOWN on the same channel', async () => {
    const h = await harness('  rules:\n    - { name: main, channels: [hook], failureThreshold: 1 }\n  delivery: { backoff: 5m }\n');
    receiver.failNext(1, { status: 500 });
    await h.step({ web: 'down' });
    const waiting = await h.step({ web: 'up' });
    expect(waiting).toEqual([]);
    expect((await h.store.alerts.outbox()).map((e) => `${e.kind}:${e.status}`)).toEqual(['up:pending', 'down:pending']);
    h.clock.now += 10 * MIN;
    const both = await h.step({ web: 'up' });
    expect(kinds(both)).toEqual(['down web', 'up web']);
  });

  it('SMTP down during an incident, then up: the email arrives exactly once', async () => {
    const { freePort } = await import('../helpers/smtp-sink.js');
    const port = await freePort();
    const alerts = `  rules:\n    - { name: main, channels: [late], failureThreshold: 1 }\n  delivery: { backoff: 1m }\n`;
    const config = await loadConfigText(
      ws.path('trackz.config.yaml'),
      `storage: { path: ${ws.path('smtp-late.db')} }\nmonitors:\n  - { name: web, type: tcp, host: 127.0.0.1, port: 1 }\nalerts:\n  channels:\n    - { name: late, type: email, to: [ops@example.com], smtp: { host: 127.0.0.1, port: ${port}, starttls: "off" } }\n${alerts}`,
      { env: {} },
    );
    const store = openSqlite(ws.path('smtp-late.db'));
    opened.push(store);
    const clock = { now: Date.parse('2024-06-02T00:00:00Z') };
    const engine = await createAlertEngine({ settings: alertSettingsFrom(config), storage: store, now: () => clock.now, random: () => 0, log: quiet });
    const run = async (status: Status) => {
      const record: CheckRecord = { monitor: 'web', type: 'tcp', tags: [], status, message: 'connection refused', metrics: {}, startedAt: clock.now, durationMs: 1, attempts: 1 };
      await store.results.saveResults([record]);
      await engine.evaluate([record]);
      const report = await engine.deliver();
      clock.now += MIN;
      return report;
    };
    const first = await run('down');
    expect(first.retrying.map((r) => r.error)).toEqual([expect.stringMatching(/^SMTP 127\.0\.0\.1: .*ECONNREFUSED/)]);
    await run('down');
    const sink = await startSmtpSink({ port });
    try {
      const third = await run('down');
      expect(third.delivered.map((e) => e.kind)).toEqual(['down']);
      await run('down');
      await run('down');
      expect(sink.messages.map((m) => m.parsed.subject)).toEqual(['[trackz] DOWN web — connection refused']);
    } finally {
      await sink.close();
    }
  });

  it('a notification whose channel left the config is marked failed, not retried forever', async () => {
    const path = ws.path('orphan.db');
    const h = await harness('  rules:\n    - { name: main, channels: [hook], failureThreshold: 1 }\n', { path });
    receiver.failNext(1, { status: 500 });
    await h.step({ web: 'down' });
    const config = await loadConfigText(ws.path('trackz.config.yaml'), `storage: { path: ${path} }\nmonitors:\n  - { name: web, type: tcp, host: 127.0.0.1, port: 1 }\nalerts:\n  channels: [{ name: other, type: command, run: ["true"] }]\n  rules: [{ channels: [other] }]\n`, { env: {} });
    const engine = await createAlertEngine({ settings: alertSettingsFrom(config), storage: h.store, now: () => h.clock.now + 60 * MIN, log: quiet });
    const report = await engine.deliver();
    expect(report.failed.map((f) => f.error)).toEqual(['channel "hook" is no longer in the config']);
    expect((await h.store.alerts.outbox())[0]).toMatchObject({ status: 'failed' });
  });
});

describe('two processes on one database', () => {
  it('the same results evaluated by two connections queue one notification', async () => {
    const h = await harness('  rules:\n    - { name: main, channels: [hook, mail], failureThreshold: 1 }\n');
    const other = await h.peer();
    const record: CheckRecord = { monitor: 'web', type: 'tcp', tags: [], status: 'down', message: 'refused', metrics: {}, startedAt: h.clock.now, durationMs: 1, attempts: 1 };
    await h.store.results.saveResults([record, { ...record, startedAt: record.startedAt + 1 }]);
    const a = await h.engine.evaluate([record]);
    const b = await other.evaluate([{ ...record, startedAt: record.startedAt + 1 }]);
    expect(a.queued.map((q) => q.channels)).toEqual([['hook', 'mail']]);
    expect(b.queued).toEqual([]);
    expect(await h.store.alerts.outbox()).toHaveLength(2);
  });

  it('two deliveries at once send each notification once: the lease keeps the second away', async () => {
    const h = await harness('  rules:\n    - { name: main, channels: [hook, mail], failureThreshold: 1 }\n');
    const other = await h.peer();
    const record: CheckRecord = { monitor: 'web', type: 'tcp', tags: [], status: 'down', message: 'refused', metrics: {}, startedAt: h.clock.now, durationMs: 1, attempts: 1 };
    await h.store.results.saveResults([record]);
    await h.engine.evaluate([record]);
    const hooksBefore = receiver.requests.length;
    const mailsBefore = smtp.messages.length;
    const [a, b] = await Promise.all([h.engine.deliver(), other.deliver()]);
    expect(a.delivered.length + b.delivered.length).toBe(2);
    expect(receiver.requests.length - hooksBefore).toBe(1);
    expect(smtp.messages.length - mailsBefore).toBe(1);
  });

  it('a send whose process died before marking it is sent again after the lease, with the same idempotency key', async () => {
    const h = await harness('  rules:\n    - { name: main, channels: [hook], failureThreshold: 1 }\n');
    const record: CheckRecord = { monitor: 'web', type: 'tcp', tags: [], status: 'down', message: 'refused', metrics: {}, startedAt: h.clock.now, durationMs: 1, attempts: 1 };
    await h.store.results.saveResults([record]);
    await h.engine.evaluate([record]);
    const [entry] = await h.store.alerts.outbox();
    // A process claims it, sends it, and is killed before it can mark it delivered.
    expect(await h.store.alerts.claim(entry!.id, 'dead-process', h.clock.now, h.clock.now + 15_000)).toBe(true);
    await (await import('../../src/alerts/delivery.js')).sendWithin((await import('../../src/alerts/channels/webhook/webhook-channel.js')).createWebhookChannel({ name: 'hook', type: 'webhook', url: `${receiver.url}${h.hookPath}`, format: 'generic', secret: SECRET, headers: {}, timeout: 5000 }), entry!, 5000);
    expect((await h.engine.deliver()).delivered).toEqual([]);
    h.clock.now += 20_000;
    expect((await h.engine.deliver()).delivered.map((e) => e.id)).toEqual([entry!.id]);
    const copies = receiver.accepted().filter((hook) => hook.path === h.hookPath);
    expect(copies.map((c) => c.headers['idempotency-key'])).toEqual([entry!.eventKey, entry!.eventKey]);
    expect(new Set(copies.map((c) => c.raw)).size).toBe(1);
  });
});
