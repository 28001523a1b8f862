/**
 * The runner with tiny in-test plugins that record what happens to them: concurrency (overall and
 * per type), the per-attempt timeout and its guard, retries with back-off, isolation of plugin
 * bugs, normalisation of what plugins return, cancellation, order. And monitor selection.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/log.js';
import type { Monitor } from '../../src/core/monitor.js';
import { definePlugin, type CheckContext, type Plugin } from '../../src/core/plugin.js';
import type { CheckRecord, CheckResult } from '../../src/core/result.js';
import type { StandardSchemaV1 } from '../../src/core/standard-schema.js';
import { PluginRegistry } from '../../src/runtime/plugin-registry.js';
import { normalizeResult } from '../../src/runtime/normalize-result.js';
import { runChecks, type RunOptions } from '../../src/runtime/run-checks.js';
import { runMonitor, TIMEOUT_GRACE_MS } from '../../src/runtime/run-monitor.js';
import { selectMonitors } from '../../src/runtime/select.js';

/** Options schema for test plugins: anything goes. */
const anything: StandardSchemaV1<unknown, unknown> = { '~standard': { version: 1, vendor: 'trackz-test', validate: (value) => ({ value }) } };

/** A registry that knows the test's own plugins besides the built-ins. */
class TestRegistry extends PluginRegistry {
  constructor(private readonly extra: Plugin<unknown>[]) {
    super();
  }
  override async get(type: string): Promise<Plugin<unknown> | undefined> {
    return this.extra.find((plugin) => plugin.type === type) ?? super.get(type);
  }
}

const quiet = createLogger('test', 'silent');

function monitor(name: string, type: string, extra: Partial<Monitor> = {}): Monitor {
  return { name, type, tags: [], enabled: true, intervalMs: 60_000, timeoutMs: 2000, retries: 0, retryDelayMs: 10, dependsOn: [], options: {}, ...extra };
}

function run(monitors: Monitor[], plugins: Plugin<unknown>[], options: Partial<RunOptions> = {}): Promise<CheckRecord[]> {
  return runChecks(monitors, { registry: new TestRegistry(plugins), configDir: process.cwd(), log: quiet, ...options });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when the signal aborts; the result says why. */
function untilAborted(signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve) => (signal.aborted ? resolve(signal.reason) : signal.addEventListener('abort', () => resolve(signal.reason), { once: true })));
}

/** Counts checks in flight, overall and per type. */
function concurrencyProbe() {
  const active = new Map<string, number>();
  const max = new Map<string, number>();
  let total = 0;
  let maxTotal = 0;
  const overlaps = new Set<string>();
  return {
    async around<T>(type: string, work: () => Promise<T>): Promise<T> {
      total++;
      active.set(type, (active.get(type) ?? 0) + 1);
      for (const [other, count] of active) if (other !== type && count > 0) overlaps.add([type, other].sort().join('+'));
      maxTotal = Math.max(maxTotal, total);
      max.set(type, Math.max(max.get(type) ?? 0, active.get(type)!));
      try {
        return await work();
      } finally {
        total--;
        active.set(type, active.get(type)! - 1);
      }
    },
    maxTotal: () => maxTotal,
    max: (type: string) => max.get(type) ?? 0,
    overlapped: (a: string, b: string) => overlaps.has([a, b].sort().join('+')),
  };
}

const up: CheckResult = { status: 'up', message: 'fine', metrics: {} };

describe('concurrency', () => {
  it('never exceeds the global limit, and reaches it', async () => {
    const probe = concurrencyProbe();
    const plugin = definePlugin({ type: 'work', options: anything, run: () => probe.around('work', async () => (await sleep(15), up)) });
    const records = await run(Array.from({ length: 24 }, (_, i) => monitor(`m${i}`, 'work')), [plugin], { concurrency: 4 });
    expect(records).toHaveLength(24);
    expect(records.every((r) => r.status === 'up')).toBe(true);
    expect(probe.maxTotal()).toBe(4);
  });

  it('a type with concurrency 1 never overlaps itself, and does not hold global slots while it waits', async () => {
    const probe = concurrencyProbe();
    const serial = definePlugin({ type: 'serial', concurrency: 1, options: anything, run: () => probe.around('serial', async () => (await sleep(20), up)) });
    const free = definePlugin({ type: 'free', options: anything, run: () => probe.around('free', async () => (await sleep(20), up)) });
    const monitors = [...Array.from({ length: 5 }, (_, i) => monitor(`s${i}`, 'serial')), ...Array.from({ length: 5 }, (_, i) => monitor(`f${i}`, 'free'))];
    const records = await run(monitors, [serial, free], { concurrency: 2 });
    expect(records.map((r) => r.status)).toEqual(Array(10).fill('up'));
    expect(probe.max('serial')).toBe(1);
    expect(probe.maxTotal()).toBe(2);
    // Four serial checks were queued behind the first: the free ones still got the other slot.
    expect(probe.overlapped('serial', 'free')).toBe(true);
  });

  it('concurrency below 1 is treated as 1', async () => {
    const probe = concurrencyProbe();
    const plugin = definePlugin({ type: 'work', options: anything, run: () => probe.around('work', async () => (await sleep(5), up)) });
    await run([monitor('a', 'work'), monitor('b', 'work'), monitor('c', 'work')], [plugin], { concurrency: 0 });
    expect(probe.maxTotal()).toBe(1);
  });
});

describe('timeout', () => {
  it('aborts the signal with a TimeoutError when the attempt runs out of time', async () => {
    let seen: { reason: unknown; timeoutMs: number } | undefined;
    const plugin = definePlugin({
      type: 'slow',
      options: anything,
      async run(_monitor, ctx: CheckContext) {
        const reason = await untilAborted(ctx.signal);
        seen = { reason, timeoutMs: ctx.timeoutMs };
        return { status: 'down', message: `stopped: ${(reason as Error).message}`, metrics: {} };
      },
    });
    const started = performance.now();
    const [record] = await run([monitor('slow', 'slow', { timeoutMs: 300 })], [plugin]);
    const elapsed = performance.now() - started;
    expect(seen?.timeoutMs).toBe(300);
    expect((seen?.reason as Error).name).toBe('TimeoutError');
    expect(record).toMatchObject({ status: 'down', message: 'stopped: timeout after 300ms', attempts: 1 });
    expect(elapsed).toBeGreaterThanOrEqual(299);
    expect(elapsed).toBeLessThan(300 + 1000);
  });

  it('a plugin that ignores its signal is cut off by the guard at timeout + grace', async () => {
    const plugin = definePlugin({ type: 'stubborn', options: anything, run: () => new Promise<CheckResult>(() => {}) });
    const started = performance.now();
    const [record] = await run([monitor('stubborn', 'stubborn', { timeoutMs: 300 })], [plugin]);
    const elapsed = performance.now() - started;
    expect(record).toMatchObject({ status: 'down', message: 'timeout after 300ms (the stubborn check did not stop when asked)' });
    expect(elapsed).toBeGreaterThanOrEqual(300 + TIMEOUT_GRACE_MS - 1);
    expect(elapsed).toBeLessThan(300 + 1000);
  });

  it('a plugin that throws once its signal aborted is a timeout, not a bug', async () => {
    const plugin = definePlugin({
      type: 'thrower',
      options: anything,
      async run(_monitor, ctx) {
        throw await untilAborted(ctx.signal);
      },
    });
    const [record] = await run([monitor('t', 'thrower', { timeoutMs: 200 })], [plugin]);
    expect(record).toMatchObject({ status: 'down', message: 'timeout after 200ms' });
  });

  it('each attempt gets a fresh timeout and signal', async () => {
    const signals: AbortSignal[] = [];
    const plugin = definePlugin({
      type: 'flaky',
      options: anything,
      async run(_monitor, ctx) {
        signals.push(ctx.signal);
        await untilAborted(ctx.signal);
        return { status: 'down', message: 'timed out', metrics: {} };
      },
    });
    const [record] = await run([monitor('f', 'flaky', { timeoutMs: 100, retries: 1, retryDelayMs: 1 })], [plugin]);
    expect(record!.attempts).toBe(2);
    expect(signals).toHaveLength(2);
    expect(signals[0]).not.toBe(signals[1]);
  });
});

describe('retries', () => {
  afterEach(() => vi.restoreAllMocks());

  /** Delays the runner asks setTimeout for, other than the attempt's timeout and its guard. */
  function observeBackoff(timeoutMs: number): number[] {
    const delays: number[] = [];
    const original = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      if (ms !== timeoutMs && ms !== timeoutMs + TIMEOUT_GRACE_MS) delays.push(ms ?? 0);
      return original(fn, ms);
    }) as typeof setTimeout);
    return delays;
  }

  it('retries a failure until it passes: attempts counted, back-off doubles', async () => {
    const starts: number[] = [];
    const attempts: number[] = [];
    const plugin = definePlugin({
      type: 'flaky',
      options: anything,
      async run(_monitor, ctx) {
        starts.push(performance.now());
        attempts.push(ctx.attempt);
        return ctx.attempt <= 2 ? { status: 'down', message: `failure ${ctx.attempt}`, metrics: {} } : up;
      },
    });
    const delays = observeBackoff(2000);
    const [record] = await run([monitor('f', 'flaky', { retries: 2, retryDelayMs: 40 })], [plugin]);
    expect(record).toMatchObject({ status: 'up', attempts: 3 });
    expect(attempts).toEqual([1, 2, 3]);
    expect(delays).toEqual([40, 80]);
    // The waits really happened between the attempts (lower bounds only: timers may be late, never early).
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(39);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(79);
    expect(record!.durationMs).toBeGreaterThanOrEqual(119);
  });

  it('gives up after retries + 1 attempts with the last failure', async () => {
    const plugin = definePlugin({ type: 'broken', options: anything, run: async (_m, ctx) => ({ status: 'down', message: `failure ${ctx.attempt}`, metrics: {} }) });
    const delays = observeBackoff(2000);
    const [record] = await run([monitor('b', 'broken', { retries: 3, retryDelayMs: 5 })], [plugin]);
    expect(record).toMatchObject({ status: 'down', message: 'failure 4', attempts: 4 });
    expect(delays).toEqual([5, 10, 20]);
  });

  it('degraded is an answer, not a failure: it is not retried', async () => {
    let calls = 0;
    const plugin = definePlugin({ type: 'meh', options: anything, run: async () => (calls++, { status: 'degraded' as const, message: 'slow', metrics: {} }) });
    const [record] = await run([monitor('m', 'meh', { retries: 3 })], [plugin]);
    expect(record).toMatchObject({ status: 'degraded', attempts: 1 });
    expect(calls).toBe(1);
  });

  it('a cancelled run stops retrying, even during the back-off', async () => {
    const controller = new AbortController();
    let calls = 0;
    const plugin = definePlugin({
      type: 'broken',
      options: anything,
      run: async () => {
        calls++;
        setTimeout(() => controller.abort(new Error('interrupted')), 20);
        return { status: 'down', message: 'nope', metrics: {} };
      },
    });
    const started = performance.now();
    const [record] = await run([monitor('b', 'broken', { retries: 5, retryDelayMs: 10_000 })], [plugin], { signal: controller.signal });
    expect(record).toMatchObject({ status: 'down', attempts: 1 });
    expect(calls).toBe(1);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('isolation: a plugin never brings the run down', () => {
  it('an exception is unknown with the error, and the other monitors finish', async () => {
    const boom = definePlugin({
      type: 'boom',
      options: anything,
      run: async () => {
        throw new TypeError('cannot read properties of undefined (reading "x")');
      },
    });
    const syncBoom = definePlugin({
      type: 'sync-boom',
      options: anything,
      run: (() => {
        throw 'a string, not an Error';
      }) as unknown as Plugin<unknown>['run'],
    });
    const fine = definePlugin({ type: 'fine', options: anything, run: async () => (await sleep(10), up) });
    const records = await run([monitor('a', 'fine'), monitor('b', 'boom'), monitor('c', 'sync-boom'), monitor('d', 'fine')], [boom, syncBoom, fine]);
    expect(records.map((r) => [r.monitor, r.status])).toEqual([
      ['a', 'up'],
      ['b', 'unknown'],
      ['c', 'unknown'],
      ['d', 'up'],
    ]);
    expect(records[1]!.message).toBe('the boom check failed unexpectedly: cannot read properties of undefined (reading "x")');
    expect((records[1]!.details as { error: string }).error).toMatch(/^TypeError: cannot read properties/);
    expect(records[2]!.message).toBe('the sync-boom check failed unexpectedly: a string, not an Error');
  });

  it.each([
    ['a bad status', { status: 'fine', message: 'x', metrics: {} }, 'status "fine" is not one of up, degraded, down, unknown'],
    ['a NaN metric', { status: 'up', message: 'x', metrics: { ttfb_ms: Number.NaN } }, 'metric ttfb_ms is NaN, expected a finite number'],
    ['an infinite metric', { status: 'up', message: 'x', metrics: { total_ms: Number.POSITIVE_INFINITY } }, 'metric total_ms is Infinity, expected a finite number'],
    ['a text metric', { status: 'up', message: 'x', metrics: { score: '0.9' } }, 'metric score is "0.9", expected a finite number'],
    ['a NaN latency', { status: 'up', message: 'x', metrics: {}, latencyMs: Number.NaN }, 'latencyMs is NaN, expected a finite number of milliseconds'],
    ['nothing', undefined, 'it is not an object'],
    ['a string', 'up', 'it is not an object'],
  ])('%s is unknown: invalid result', async (_what, returned, why) => {
    const plugin = definePlugin({ type: 'odd', options: anything, run: async () => returned as unknown as CheckResult });
    const [record] = await run([monitor('o', 'odd')], [plugin]);
    expect(record).toMatchObject({ status: 'unknown', message: `the plugin returned an invalid result: ${why}`, metrics: {} });
  });

  it('a valid result passes through unchanged (absent metrics are fine)', () => {
    const result: CheckResult = { status: 'degraded', message: 'slow', metrics: { total_ms: 12.5, key_bits: undefined as unknown as number }, latencyMs: 12.5, assertions: [{ name: 'latency', status: 'degraded', message: 'slow', actual: 12.5 }] };
    expect(normalizeResult(result)).toMatchObject({ status: 'degraded', message: 'slow', metrics: { total_ms: 12.5 }, latencyMs: 12.5, assertions: [{ name: 'latency', status: 'degraded', actual: 12.5 }] });
    expect(Object.keys(normalizeResult(result).metrics)).toEqual(['total_ms']);
  });

  it('assertions that are not assertions are dropped', () => {
    const normalized = normalizeResult({ status: 'up', message: 'x', metrics: {}, assertions: [null, { name: 'ok', status: 'up', message: 'fine' }, { name: 3, status: 'up' }, { name: 'bad', status: 'meh' }] });
    expect(normalized.assertions?.map((a) => a.name)).toEqual(['ok']);
  });
});

describe('cancellation and order', () => {
  it('the run signal stops running checks and the queued ones, promptly', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const plugin = definePlugin({
      type: 'waiter',
      options: anything,
      async run(m, ctx) {
        started.push(m.name);
        throw await untilAborted(ctx.signal);
      },
    });
    setTimeout(() => controller.abort(new Error('interrupted')), 100);
    const begin = performance.now();
    const records = await run(
      Array.from({ length: 10 }, (_, i) => monitor(`w${i}`, 'waiter', { timeoutMs: 20_000, retries: 2 })),
      [plugin],
      { concurrency: 2, signal: controller.signal },
    );
    expect(performance.now() - begin).toBeLessThan(20_000);
    expect(records.map((r) => [r.status, r.message, r.attempts])).toEqual(Array(10).fill(['unknown', 'cancelled', 1]));
  });

  it('a check that answers down because the run was cancelled is unknown, not down', async () => {
    const controller = new AbortController();
    const plugin = definePlugin({
      type: 'polite',
      options: anything,
      async run(_m, ctx) {
        await untilAborted(ctx.signal);
        return { status: 'down', message: 'cancelled while waiting', metrics: { dns_ms: 1 } };
      },
    });
    const done = definePlugin({ type: 'done', options: anything, run: async () => up });
    setTimeout(() => controller.abort(new Error('interrupted')), 50);
    const records = await run([monitor('p', 'polite', { timeoutMs: 20_000 }), monitor('d', 'done')], [plugin, done], { signal: controller.signal });
    expect(records.map((r) => [r.status, r.message])).toEqual([
      ['unknown', 'cancelled while waiting'],
      ['up', 'fine'],
    ]);
    expect(records[0]!.metrics).toEqual({ dns_ms: 1 });
  });

  it('many checks in flight on one run signal raise no listener-leak warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const quick = definePlugin({ type: 'quick', options: anything, run: async () => (await sleep(5), up) });
      const records = await run(Array.from({ length: 200 }, (_, i) => monitor(`q${i}`, 'quick')), [quick], { concurrency: 64, signal: controller.signal });
      expect(records.every((r) => r.status === 'up')).toBe(true);
      await sleep(20); // warnings are emitted on the next tick
      expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('a plugin that ignores Ctrl-C is left behind after the grace, not after its timeout', async () => {
    const controller = new AbortController();
    const stubborn = definePlugin({ type: 'stubborn', options: anything, run: () => new Promise<never>(() => {}) });
    setTimeout(() => controller.abort(new Error('interrupted')), 50);
    const records = await run([monitor('s', 'stubborn', { timeoutMs: 60_000 })], [stubborn], { signal: controller.signal });
    expect(records.map((r) => [r.status, r.message])).toEqual([['unknown', 'cancelled (the check did not stop when asked)']]);
    // The bound is the behaviour: cut off at the 500 ms grace after Ctrl-C, not at the 60 s timeout.
    expect(records[0]!.durationMs).toBeLessThan(50 + TIMEOUT_GRACE_MS + 1000);
  });

  it('results come back in the monitors’ order; onResult hears them as they finish', async () => {
    const plugin = definePlugin({ type: 'delay', options: anything, run: async (m) => (await sleep((m.options as { ms: number }).ms), up) });
    const heard: string[] = [];
    const startedNames: string[] = [];
    const monitors = [60, 10, 35].map((ms, i) => monitor(`m${i}`, 'delay', { options: { ms } }));
    const records = await run(monitors, [plugin], { onStart: (m) => startedNames.push(m.name), onResult: (r) => heard.push(r.monitor) });
    expect(records.map((r) => r.monitor)).toEqual(['m0', 'm1', 'm2']);
    expect(heard).toEqual(['m1', 'm2', 'm0']);
    expect(startedNames).toEqual(['m0', 'm1', 'm2']);
  });

  it('stamps each record: monitor, type, tags, start time from the injected clock, attempts', async () => {
    const plugin = definePlugin({ type: 'fine', options: anything, run: async () => up });
    const [record] = await run([monitor('stamped', 'fine', { tags: ['web', 'eu'] })], [plugin], { now: () => 1_700_000_000_000 });
    expect(record).toMatchObject({ monitor: 'stamped', type: 'fine', tags: ['web', 'eu'], startedAt: 1_700_000_000_000, attempts: 1, status: 'up' });
    expect(record!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('runMonitor on its own never throws', async () => {
    const plugin = definePlugin({ type: 'boom', options: anything, run: async () => Promise.reject(new Error('nope')) });
    await expect(runMonitor(plugin, monitor('x', 'boom'), { configDir: '.', log: quiet }, quiet)).resolves.toMatchObject({ status: 'unknown' });
  });
});

describe('selection', () => {
  const monitors = [
    monitor('homepage', 'uptime', { tags: ['web', 'public'] }),
    monitor('api', 'uptime', { tags: ['api'] }),
    monitor('api-cert', 'ssl', { tags: ['api', 'tls'] }),
    monitor('db-port', 'tcp', { tags: ['internal'] }),
    monitor('old-site', 'uptime', { tags: ['web'], enabled: false }),
  ];
  const names = (selected: Monitor[]) => selected.map((m) => m.name);

  it('everything enabled by default; disabled monitors are skipped', () => {
    expect(names(selectMonitors(monitors, {}))).toEqual(['homepage', 'api', 'api-cert', 'db-port']);
  });

  it('by name, in config order; a disabled monitor runs when named', () => {
    expect(names(selectMonitors(monitors, { names: ['db-port', 'homepage'] }))).toEqual(['homepage', 'db-port']);
    expect(names(selectMonitors(monitors, { names: ['old-site'] }))).toEqual(['old-site']);
  });

  it('an unknown name is a UserError with a did-you-mean, exit code 2', () => {
    let error: unknown;
    try {
      selectMonitors(monitors, { names: ['homepag', 'api', 'zzzzzzzz'] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as UserError).message).toBe('no monitor named "homepag" (did you mean `homepage`?)\nno monitor named "zzzzzzzz"');
  });

  it('by --type and by --tag (any tag matches), and combined', () => {
    expect(names(selectMonitors(monitors, { types: ['uptime'] }))).toEqual(['homepage', 'api']);
    expect(names(selectMonitors(monitors, { types: ['ssl', 'tcp'] }))).toEqual(['api-cert', 'db-port']);
    expect(names(selectMonitors(monitors, { tags: ['api'] }))).toEqual(['api', 'api-cert']);
    expect(names(selectMonitors(monitors, { tags: ['tls', 'internal'] }))).toEqual(['api-cert', 'db-port']);
    expect(names(selectMonitors(monitors, { types: ['uptime'], tags: ['api'] }))).toEqual(['api']);
    expect(names(selectMonitors(monitors, { tags: ['web'] }))).toEqual(['homepage']);
    expect(names(selectMonitors(monitors, { tags: ['nothing'] }))).toEqual([]);
  });
});
