/**
 * The runtime against real parts: a real SQLite file, real HTTP targets that go down and come back, a
 * real webhook receiver. The scheduler runs on a hand-driven clock (pump() moves it on in small steps
 * while the real I/O happens), so intervals of seconds pass in milliseconds and every assertion is
 * about what happened, not about timing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigText, type LoadedConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/core/log.js';
import type { RuntimeEvent, RuntimeEventType } from '../../src/runtime/events.js';
import { createRuntime, type Runtime, type RuntimeTuning } from '../../src/runtime/runtime.js';
import { openStorage } from '../../src/storage/open.js';
import type { Storage } from '../../src/storage/ports/index.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startSwitchTarget, type SwitchTarget } from '../helpers/switch-target.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-runtime-');
const quiet = createLogger('test', 'silent');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let receiver: WebhookReceiver;
let up: SwitchTarget;
let flaky: SwitchTarget;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  up = await startSwitchTarget();
  flaky = await startSwitchTarget();
});
afterAll(async () => {
  await receiver.close();
  await up.close();
  await flaky.close();
});

interface Harness {
  runtime: Runtime;
  storage: Storage;
  clock: ManualClock;
  heard: RuntimeEvent[];
  of<T extends RuntimeEventType>(type: T): Extract<RuntimeEvent, { type: T }>[];
  hooks(): string[];
  load(text: string): Promise<LoadedConfig>;
}

const open: Harness[] = [];
let harnesses = 0;
afterEach(async () => {
  for (const h of open.splice(0)) {
    await h.runtime.stop({ cancel: true });
    await h.storage.close();
  }
  flaky.release();
  flaky.set('up');
});

/** A runtime on its own SQLite file and webhook path; `monitors` is YAML under `monitors:`. */
async function harness(monitors: string, options: { rule?: string; tuning?: RuntimeTuning } = {}): Promise<Harness> {
  const n = ++harnesses;
  const path = `/hook/${n}`;
  const file = ws.path(`r${n}`, 'trackz.config.yaml');
  const text = (body: string) =>
    `workspace: runtime\nstorage: { path: trackz.db }\nmonitors:\n${body}alerts:\n  channels:\n    - { name: hook, type: webhook, url: "${receiver.url}${path}", timeout: 2s }\n  rules:\n    - ${options.rule ?? '{ name: main, channels: [hook], failureThreshold: 1, successThreshold: 1 }'}\n`;
  const load = (body: string) => loadConfigText(file, text(body), { env: {} });
  const config = await load(monitors);
  const storage = await openStorage({ target: config.storage.target, workspace: config.workspace });
  const clock = new ManualClock();
  const runtime = await createRuntime({ config, storage, alerts: true, clock, log: quiet, command: 'serve', tuning: { jitter: { ratio: 0 }, batchDelayMs: 100, deliveryEveryMs: 1_000, ...options.tuning } });
  const heard: RuntimeEvent[] = [];
  runtime.events.subscribe((event) => void heard.push(event));
  const h: Harness = {
    runtime,
    storage,
    clock,
    heard,
    of: <T extends RuntimeEventType>(type: T) => heard.filter((e): e is Extract<RuntimeEvent, { type: T }> => e.type === type),
    hooks: () => receiver.accepted().filter((hook) => hook.path === path).map((hook) => (hook.body as { event: { kind: string; monitor: string } }).event.kind),
    load,
  };
  open.push(h);
  return h;
}

/** Moves the manual clock on in 50 ms steps, letting real I/O happen between steps, until `done()` (at most `limitMs` of clock time). */
async function pump(clock: ManualClock, done: () => boolean, limitMs = 120_000): Promise<void> {
  const end = clock.now() + limitMs;
  while (!done()) {
    if (clock.now() >= end) throw new Error('pump: the condition was not met in time');
    await clock.advance(50);
    await sleep(1);
  }
}

/** Waits in real time (for I/O that needs no clock: a request reaching a held target). */
async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !done(); i++) await sleep(10);
  if (!done()) throw new Error(`timed out waiting for ${what}`);
}

describe('a cycle', () => {
  it('emits its events in order: started, results, stored, transitions, finished, then notifications', async () => {
    flaky.set('down');
    const h = await harness(`  - { name: home, type: uptime, url: "${up.url}", timeout: 2s }\n  - { name: api, type: uptime, url: "${flaky.url}", timeout: 2s }\n`);
    const summary = await h.runtime.runCycle(h.runtime.monitors());
    const types = h.heard.map((e) => e.type);
    expect(types).toEqual(['check.started', 'check.started', 'check.result', 'check.result', 'results.stored', 'alert.transition', 'cycle.finished', 'notification.sent']);
    const [stored] = h.of('results.stored');
    expect(stored!.records.map((r) => r.monitor).sort()).toEqual(['api', 'home']);
    expect(stored!.runId).toEqual(expect.any(Number));
    expect(h.of('alert.transition')).toEqual([expect.objectContaining({ event: expect.objectContaining({ kind: 'down', monitor: 'api', rule: 'main' }), channels: ['hook'] })]);
    expect(h.of('cycle.finished')[0]!.summary).toBe(summary);
    expect(summary).toMatchObject({ counts: { total: 2, up: 1, down: 1, degraded: 0, unknown: 0 }, runId: stored!.runId });
    expect(summary.storeError).toBeUndefined();
    // Records come back in the monitors' order, whatever order they finished in.
    expect(summary.records.map((r) => r.monitor)).toEqual(['home', 'api']);
    expect(h.of('notification.sent')).toEqual([expect.objectContaining({ entry: expect.objectContaining({ kind: 'down', monitor: 'api', channel: 'hook', status: 'delivered', attempts: 1 }) })]);
    await until(() => h.hooks().length === 1, 'the DOWN webhook');
    expect(h.hooks()).toEqual(['down']);
    expect(await h.storage.results.recentResults('api')).toHaveLength(1);

    // deliver: false evaluates and queues, and leaves the sending to a later pass.
    flaky.set('up');
    await h.runtime.runCycle(h.runtime.monitors(), { deliver: false });
    expect(h.of('alert.transition').map((e) => e.event.kind)).toEqual(['down', 'up']);
    expect(h.of('notification.sent')).toHaveLength(1);
    expect(await h.storage.alerts.outboxCounts()).toEqual({ pending: 1, delivered: 1, failed: 0 });
    expect(h.heard.filter((e) => e.type === 'error')).toEqual([]);
  });
});

describe('the scheduler', () => {
  it('stores every result and evaluates each batch: one DOWN when the target goes down, one RECOVERED when it is back', async () => {
    const h = await harness(`  - { name: web, type: uptime, url: "${flaky.url}", interval: 10s, timeout: 2s }\n`, { rule: '{ name: main, channels: [hook], failureThreshold: 2, successThreshold: 1 }' });
    const results = () => h.of('check.result');
    h.runtime.start();
    await pump(h.clock, () => results().length >= 2);
    flaky.set('down');
    await pump(h.clock, () => h.hooks().length >= 1);
    // Two failures were needed for the DOWN; then three more while down, and no second message.
    const failing = () => results().filter((e) => e.record.status === 'down').length;
    expect(failing()).toBe(2);
    await pump(h.clock, () => failing() >= 5);
    expect(h.hooks()).toEqual(['down']);
    flaky.set('up');
    await pump(h.clock, () => h.hooks().length >= 2);
    await h.runtime.stop();
    expect(h.hooks()).toEqual(['down', 'up']);

    // Every result the scheduler reported is stored, under the one run it began, and that run is finished.
    const stored = h.of('results.stored');
    expect(stored.flatMap((e) => e.records)).toEqual(results().map((e) => e.record));
    expect(new Set(stored.map((e) => e.runId)).size).toBe(1);
    expect(await h.storage.results.recentResults('web', { limit: 1000 })).toHaveLength(results().length);
    expect(h.of('alert.transition').map((e) => e.event.kind)).toEqual(['down', 'up']);
    expect(h.of('notification.sent').map((e) => e.entry.kind)).toEqual(['down', 'up']);
    // Each transition was queued only after the batch holding its result was stored.
    const index = (e: RuntimeEvent) => h.heard.indexOf(e);
    const downBatch = stored.find((e) => e.records.some((r) => r.status === 'down'))!;
    expect(index(h.of('alert.transition')[0]!)).toBeGreaterThan(index(downBatch));
    expect(h.heard.filter((e) => e.type === 'error')).toEqual([]);
  });

  it('stop() while checks are in flight loses no result: they finish, are stored and evaluated', async () => {
    const h = await harness(`  - { name: slow, type: uptime, url: "${flaky.url}", interval: 10s, timeout: 20s }\n  - { name: quick, type: uptime, url: "${up.url}", interval: 10s, timeout: 2s }\n`);
    flaky.hold();
    h.runtime.start();
    await pump(h.clock, () => h.of('check.result').length >= 1);
    await until(() => flaky.held() === 1, 'the held request');
    flaky.set('down');
    const stopping = h.runtime.stop();
    await sleep(50);
    expect(h.of('check.result').map((e) => e.record.monitor)).toEqual(['quick']);
    flaky.release();
    await stopping;
    expect(h.of('check.result').map((e) => [e.record.monitor, e.record.status])).toEqual([
      ['quick', 'up'],
      ['slow', 'down'],
    ]);
    expect((await h.storage.results.recentResults('slow')).map((r) => r.status)).toEqual(['down']);
    // Evaluated and delivered before stop() returned.
    expect(h.hooks()).toEqual(['down']);
  });

  it('stop({ cancel }) cuts checks short, and still stores their results (as unknown: it could not tell)', async () => {
    const h = await harness(`  - { name: slow, type: uptime, url: "${flaky.url}", interval: 10s, timeout: 20s }\n`);
    flaky.hold();
    h.runtime.start();
    await pump(h.clock, () => flaky.held() === 1);
    await h.runtime.stop({ cancel: true });
    expect(h.of('check.result').map((e) => e.record.status)).toEqual(['unknown']);
    expect((await h.storage.results.recentResults('slow')).map((r) => r.status)).toEqual(['unknown']);
    expect(await h.runtime.runNow('slow')).toBeUndefined();
  });

  it('reload() keeps the schedule and pause of unchanged monitors; changed ones get a new grid, removed ones stop, new ones start', async () => {
    const monitor = (name: string, interval: string) => `  - { name: ${name}, type: uptime, url: "${up.url}", interval: ${interval}, timeout: 2s }\n`;
    const h = await harness(monitor('kept', '60s') + monitor('paused', '60s') + monitor('changed', '60s') + monitor('removed', '60s'));
    h.runtime.start();
    await pump(h.clock, () => h.of('check.result').length >= 4);
    h.runtime.pause('paused');
    await h.clock.advance(20_000);
    const before = new Map(h.runtime.schedule().map((s) => [s.name, s]));
    expect(before.get('kept')!.nextAt).toBeGreaterThan(h.clock.now());
    await h.runtime.reload(await h.load(monitor('kept', '60s') + monitor('paused', '60s') + monitor('changed', '2m') + monitor('added', '60s')));
    const after = new Map(h.runtime.schedule().map((s) => [s.name, s]));
    expect([...after.keys()].sort()).toEqual(['added', 'changed', 'kept', 'paused']);
    expect(after.get('kept')!.nextAt).toBe(before.get('kept')!.nextAt);
    expect(after.get('paused')).toMatchObject({ paused: true, nextAt: undefined });
    expect(h.runtime.paused()).toEqual(new Set(['paused']));
    expect(after.get('changed')!.intervalMs).toBe(120_000);
    expect(h.runtime.monitors().map((m) => m.name)).toEqual(['kept', 'paused', 'changed', 'added']);
    // Then: `kept` runs on its old grid, `changed` and `added` from the reload, `removed` and `paused` never.
    const startsSinceReload = () => h.of('check.started').slice(5);
    const reloadedAt = h.clock.now();
    await pump(h.clock, () => startsSinceReload().some((e) => e.monitor.name === 'kept'));
    const keptRun = startsSinceReload().find((e) => e.monitor.name === 'kept')!;
    expect(keptRun.scheduledAt).toBe(before.get('kept')!.nextAt);
    await h.clock.advance(3 * 60_000);
    const names = new Set(startsSinceReload().map((e) => e.monitor.name));
    expect(names).toEqual(new Set(['kept', 'changed', 'added']));
    expect(startsSinceReload().find((e) => e.monitor.name === 'added')!.scheduledAt).toBe(reloadedAt);
  });

  it('pause, resume and runNow, for scheduled and disabled monitors', async () => {
    const monitor = (name: string, extra = '') => `  - { name: ${name}, type: uptime, url: "${up.url}", interval: 60s, timeout: 2s${extra} }\n`;
    const h = await harness(monitor('a') + monitor('b') + monitor('off', ', enabled: false'));
    h.runtime.start();
    await pump(h.clock, () => h.of('check.result').length >= 2);
    h.runtime.pause('a');
    expect(h.runtime.paused()).toEqual(new Set(['a']));
    const startsOf = (name: string) => h.of('check.started').filter((e) => e.monitor.name === name).length;
    await pump(h.clock, () => startsOf('b') >= 4, 300_000);
    expect(startsOf('a')).toBe(1);
    // Run now, paused or not, and the result is stored like any other.
    const record = await h.runtime.runNow('a');
    expect(record).toMatchObject({ monitor: 'a', status: 'up' });
    expect(startsOf('a')).toBe(2);
    // A disabled monitor is not scheduled, but can be run by name; an unknown name is no run at all.
    expect(await h.runtime.runNow('off')).toMatchObject({ monitor: 'off', status: 'up' });
    expect(await h.runtime.runNow('nope')).toBeUndefined();
    expect(() => h.runtime.pause('nope')).toThrow('no monitor named "nope"');
    expect(() => h.runtime.pause('off')).toThrow('monitor "off" is not scheduled (enabled: false)');
    h.runtime.resume('a');
    expect(h.runtime.paused()).toEqual(new Set());
    await pump(h.clock, () => startsOf('a') >= 3);
    await h.runtime.stop();
    expect((await h.storage.results.recentResults('a')).length).toBe(3);
    expect((await h.storage.results.recentResults('off')).length).toBe(1);
  });
});
