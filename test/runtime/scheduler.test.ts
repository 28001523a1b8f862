/**
 * The scheduler on a hand-driven clock: hours of schedule in milliseconds. Fake checks take time on the
 * same clock, so overruns, overlap, lag and drift are exact, not probabilistic.
 */
import pLimit from 'p-limit';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log.js';
import type { Monitor } from '../../src/core/monitor.js';
import type { CheckRecord } from '../../src/core/result.js';
import { EventStream } from '../../src/runtime/event-stream.js';
import type { CheckSkippedEvent, RuntimeEvent } from '../../src/runtime/events.js';
import { Scheduler, type SchedulerOptions } from '../../src/runtime/scheduler.js';
import { jitterMs } from '../../src/runtime/slots.js';
import { ManualClock } from '../helpers/manual-clock.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

function monitor(name: string, intervalMs: number, extra: Partial<Monitor> = {}): Monitor {
  return { name, type: 'fake', tags: [], enabled: true, intervalMs, timeoutMs: 10 * SECOND, retries: 0, retryDelayMs: 0, dependsOn: [], options: {}, ...extra };
}

interface Run {
  monitor: string;
  start: number;
  end?: number;
  options: unknown;
}

/** A scheduler whose checks take `durationOf(monitor)` on the manual clock, with everything recorded. */
function harness(options: { durationOf?: (monitor: Monitor, run: number) => number; concurrency?: number; scheduler?: Partial<SchedulerOptions> } = {}) {
  const clock = new ManualClock();
  const events = new EventStream(createLogger('test', 'silent'));
  const heard: RuntimeEvent[] = [];
  events.subscribe((event) => void heard.push(event));
  const runs: Run[] = [];
  const inFlight = new Map<string, number>();
  let maxOverlap = 0;
  let maxTotal = 0;
  const runOne = async (m: Monitor, signal: AbortSignal): Promise<CheckRecord> => {
    const run: Run = { monitor: m.name, start: clock.now(), options: m.options };
    runs.push(run);
    inFlight.set(m.name, (inFlight.get(m.name) ?? 0) + 1);
    maxOverlap = Math.max(maxOverlap, inFlight.get(m.name)!);
    maxTotal = Math.max(maxTotal, [...inFlight.values()].reduce((a, b) => a + b, 0));
    const duration = options.durationOf?.(m, runs.filter((r) => r.monitor === m.name).length) ?? 100;
    let onAbort = () => {};
    await Promise.race([clock.sleep(duration), new Promise<void>((resolve) => signal.addEventListener('abort', (onAbort = () => resolve()), { once: true }))]);
    signal.removeEventListener('abort', onAbort);
    inFlight.set(m.name, inFlight.get(m.name)! - 1);
    run.end = clock.now();
    const status = signal.aborted ? 'unknown' : 'up';
    return { monitor: m.name, type: m.type, tags: [], status, message: signal.aborted ? 'cancelled' : 'ok', metrics: {}, startedAt: run.start, durationMs: run.end - run.start, attempts: 1 };
  };
  const scheduler = new Scheduler({ runOne, events, clock, concurrency: options.concurrency, ...options.scheduler });
  const t0 = clock.now();
  const startsOf = (name: string) => runs.filter((r) => r.monitor === name).map((r) => r.start - t0);
  const skips = () => heard.filter((e): e is CheckSkippedEvent => e.type === 'check.skipped');
  return { clock, events, heard, runs, scheduler, t0, startsOf, skips, maxOverlap: () => maxOverlap, maxTotal: () => maxTotal };
}

const noJitter = { scheduler: { jitter: { ratio: 0 } } };
let active: Scheduler | undefined;
afterEach(async () => {
  await active?.stop({ cancel: true });
  active = undefined;
});

describe('each monitor on its own interval', () => {
  it('runs every monitor at anchor + k·interval, the anchor offset by its own jitter', async () => {
    const h = harness();
    active = h.scheduler;
    h.scheduler.start([monitor('fast', 10 * SECOND), monitor('slow', 25 * SECOND)]);
    await h.clock.advance(100 * SECOND);
    const fastJitter = jitterMs('fast', 10 * SECOND);
    const slowJitter = jitterMs('slow', 25 * SECOND);
    expect(fastJitter).not.toBe(slowJitter);
    expect(h.startsOf('fast')).toEqual(Array.from({ length: 10 }, (_, k) => fastJitter + k * 10 * SECOND));
    expect(h.startsOf('slow')).toEqual(Array.from({ length: 4 }, (_, k) => slowJitter + k * 25 * SECOND));
  });

  it('emits started (with its schedule and lag) and result for each run', async () => {
    const h = harness(noJitter);
    active = h.scheduler;
    h.scheduler.start([monitor('a', 10 * SECOND)]);
    await h.clock.advance(15 * SECOND);
    const types = h.heard.map((e) => e.type);
    expect(types).toEqual(['check.started', 'check.result', 'check.started', 'check.result']);
    expect(h.heard[2]).toMatchObject({ type: 'check.started', scheduledAt: h.t0 + 10 * SECOND, startedAt: h.t0 + 10 * SECOND, lagMs: 0, monitor: { name: 'a' } });
    expect(h.heard[3]).toMatchObject({ type: 'check.result', scheduledAt: h.t0 + 10 * SECOND, record: { monitor: 'a', status: 'up' } });
  });
});

describe('no drift', () => {
  it('over six hours, with timers firing late and checks of varying length, every start stays on the grid', async () => {
    const h = harness({ ...noJitter, durationOf: (_m, run) => 100 + ((run * 7919) % 6_800) });
    active = h.scheduler;
    h.clock.lateness = 3;
    h.scheduler.start([monitor('a', 10 * SECOND), monitor('b', 7 * SECOND)]);
    await h.clock.advance(6 * HOUR);
    const a = h.startsOf('a');
    const b = h.startsOf('b');
    expect(a).toHaveLength(6 * 360);
    expect(b).toHaveLength(Math.floor((6 * HOUR - 3) / (7 * SECOND)) + 1);
    // Lateness never accumulates: each start is its slot plus this run's 3 ms, not plus everything before.
    expect(a.every((start, k) => start === k * 10 * SECOND + 3)).toBe(true);
    expect(b.every((start, k) => start === k * 7 * SECOND + 3)).toBe(true);
    expect(h.scheduler.lag()).toMatchObject({ count: a.length + b.length, maxMs: 3 });
    expect(h.skips()).toEqual([]);
  });
});

describe('never two runs of one monitor at once', () => {
  it('a check longer than its interval skips the slots it covered, runs at the next one, and says so; others are not delayed', async () => {
    const h = harness({ ...noJitter, durationOf: (m) => (m.name === 'slow' ? 25 * SECOND : 100) });
    active = h.scheduler;
    h.scheduler.start([monitor('slow', 10 * SECOND), monitor('steady', 10 * SECOND)]);
    await h.clock.advance(61 * SECOND);
    expect(h.maxOverlap()).toBe(1);
    expect(h.startsOf('slow')).toEqual([0, 30 * SECOND, 60 * SECOND]);
    expect(h.startsOf('steady')).toEqual([0, 10, 20, 30, 40, 50, 60].map((s) => s * SECOND));
    expect(h.skips()).toEqual([
      { type: 'check.skipped', monitor: 'slow', slots: 2, from: h.t0 + 10 * SECOND, nextAt: h.t0 + 30 * SECOND, reason: 'overrun' },
      { type: 'check.skipped', monitor: 'slow', slots: 2, from: h.t0 + 40 * SECOND, nextAt: h.t0 + 60 * SECOND, reason: 'overrun' },
    ]);
  });

  it('a check that ends exactly on its next slot runs at that slot, skipping nothing', async () => {
    const h = harness({ ...noJitter, durationOf: () => 10 * SECOND });
    active = h.scheduler;
    h.scheduler.start([monitor('tight', 10 * SECOND)]);
    await h.clock.advance(35 * SECOND);
    expect(h.startsOf('tight')).toEqual([0, 10, 20, 30].map((s) => s * SECOND));
    expect(h.skips()).toEqual([]);
  });

  it('a timer that fires more than an interval late (a suspended process) runs the latest slot and reports the missed ones', async () => {
    const h = harness(noJitter);
    active = h.scheduler;
    h.scheduler.start([monitor('a', 10 * SECOND)]);
    await h.clock.advance(5 * SECOND);
    // Suspended from 5 s to 47 s: the timer due at 10 s fires at 47 s.
    h.clock.jump(42 * SECOND);
    const resumeAt = h.t0 + 47 * SECOND;
    await h.clock.advanceTo(h.t0 + 61 * SECOND);
    expect(h.skips()).toEqual([{ type: 'check.skipped', monitor: 'a', slots: 3, from: h.t0 + 10 * SECOND, nextAt: h.t0 + 40 * SECOND, reason: 'late' }]);
    expect(h.startsOf('a')).toEqual([0, 47 * SECOND, 50 * SECOND, 60 * SECOND]);
    const late = h.heard.find((e) => e.type === 'check.started' && e.startedAt === resumeAt);
    expect(late).toMatchObject({ scheduledAt: h.t0 + 40 * SECOND, lagMs: 7 * SECOND });
  });
});

describe('pause, resume and run now', () => {
  it('pause stops a monitor, lets its run finish; resume puts it back on its grid without making up slots', async () => {
    const h = harness({ ...noJitter, durationOf: () => 2 * SECOND });
    active = h.scheduler;
    h.scheduler.start([monitor('a', 10 * SECOND), monitor('b', 10 * SECOND)]);
    await h.clock.advance(11 * SECOND); // a's second run is in flight
    h.scheduler.pause('a');
    expect(h.scheduler.schedule().find((s) => s.name === 'a')).toMatchObject({ paused: true, running: true });
    await h.clock.advance(33 * SECOND); // to 44 s
    expect(h.runs.filter((r) => r.monitor === 'a').map((r) => [r.start - h.t0, r.end! - h.t0])).toEqual([
      [0, 2 * SECOND],
      [10 * SECOND, 12 * SECOND],
    ]);
    h.scheduler.resume('a');
    await h.clock.advanceTo(h.t0 + 61 * SECOND);
    expect(h.startsOf('a')).toEqual([0, 10, 50, 60].map((s) => s * SECOND));
    expect(h.startsOf('b')).toEqual([0, 10, 20, 30, 40, 50, 60].map((s) => s * SECOND));
    expect(h.skips()).toEqual([]);
  });

  it('run now starts at once, does not move the grid, and never doubles a run in flight', async () => {
    const h = harness({ ...noJitter, durationOf: () => 3 * SECOND });
    active = h.scheduler;
    h.scheduler.start([monitor('a', 10 * SECOND)]);
    await h.clock.advance(4 * SECOND);
    const first = h.scheduler.runNow('a');
    const second = h.scheduler.runNow('a');
    await h.clock.advance(3 * SECOND);
    const [one, two] = await Promise.all([first, second]);
    expect(one).toBe(two);
    expect(one).toMatchObject({ monitor: 'a', startedAt: h.t0 + 4 * SECOND });
    await h.clock.advanceTo(h.t0 + 21 * SECOND);
    expect(h.startsOf('a')).toEqual([0, 4, 10, 20].map((s) => s * SECOND));
    expect(h.maxOverlap()).toBe(1);
  });

  it('run now on a paused monitor runs it once and leaves it paused', async () => {
    const h = harness(noJitter);
    active = h.scheduler;
    h.scheduler.start([monitor('a', 10 * SECOND)]);
    await h.clock.advance(1 * SECOND);
    h.scheduler.pause('a');
    const record = h.scheduler.runNow('a');
    await h.clock.advance(1 * SECOND);
    await expect(record).resolves.toMatchObject({ monitor: 'a', status: 'up' });
    await h.clock.advance(60 * SECOND);
    expect(h.startsOf('a')).toEqual([0, 1 * SECOND]);
    expect(h.scheduler.schedule()[0]).toMatchObject({ paused: true, running: false, nextAt: undefined });
  });

  it('an unknown monitor name is an error', () => {
    const h = harness();
    active = h.scheduler;
    h.scheduler.start([monitor('a', 10 * SECOND)]);
    expect(() => h.scheduler.runNow('b')).toThrow('no scheduled monitor named "b"');
    expect(() => h.scheduler.pause('b')).toThrow('no scheduled monitor named "b"');
  });
});

describe('stop', () => {
  it('lets in-flight checks finish, starts nothing more, and resolves after their results and async listeners', async () => {
    const h = harness({ ...noJitter, durationOf: () => 5 * SECOND });
    h.scheduler.start([monitor('a', 10 * SECOND), monitor('b', 10 * SECOND)]);
    await h.clock.advance(1 * SECOND);
    const written: string[] = [];
    h.events.on('check.result', async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      written.push(event.record.monitor);
    });
    let stopped = false;
    const stopping = h.scheduler.stop().then(() => (stopped = true));
    await h.clock.advance(3 * SECOND);
    expect(stopped).toBe(false);
    await h.clock.advance(2 * SECOND);
    await stopping;
    expect(written.sort()).toEqual(['a', 'b']);
    expect(h.heard.filter((e) => e.type === 'check.result').map((e) => e.type === 'check.result' && e.record.status)).toEqual(['up', 'up']);
    await h.clock.advance(HOUR);
    expect(h.runs).toHaveLength(2);
    expect(h.clock.pending()).toBe(0);
    expect(() => h.scheduler.runNow('a')).toThrow('the scheduler has stopped');
  });

  it('with cancel, in-flight checks are cut through their signal and still report', async () => {
    const h = harness({ ...noJitter, durationOf: () => HOUR });
    h.scheduler.start([monitor('a', 10 * SECOND)]);
    await h.clock.advance(1 * SECOND);
    await h.scheduler.stop({ cancel: true });
    expect(h.runs[0]).toMatchObject({ start: h.t0, end: h.t0 + 1 * SECOND });
    expect(h.heard.at(-1)).toMatchObject({ type: 'check.result', record: { status: 'unknown', message: 'cancelled' } });
  });

  it('runs queued for a slot when stop comes never start', async () => {
    const h = harness({ ...noJitter, concurrency: 1, durationOf: () => 5 * SECOND });
    h.scheduler.start([monitor('a', 10 * SECOND), monitor('b', 10 * SECOND)]);
    await h.clock.advance(1 * SECOND);
    const stopping = h.scheduler.stop();
    await h.clock.advance(10 * SECOND);
    await stopping;
    expect(h.runs.map((r) => r.monitor)).toEqual(['a']);
  });
});

describe('update (a reloaded config)', () => {
  it('keeps the grid of unchanged monitors, re-grids a changed interval, drops removed ones and starts new ones', async () => {
    const h = harness({ durationOf: () => 100 });
    active = h.scheduler;
    h.scheduler.start([monitor('same', 10 * SECOND), monitor('retuned', 10 * SECOND), monitor('gone', 10 * SECOND), monitor('edited', 10 * SECOND, { options: { v: 1 } })]);
    await h.clock.advance(25 * SECOND);
    h.scheduler.update([monitor('same', 10 * SECOND), monitor('retuned', 30 * SECOND), monitor('edited', 10 * SECOND, { options: { v: 2 } }), monitor('new', 10 * SECOND)]);
    await h.clock.advanceTo(h.t0 + 100 * SECOND);
    const j = (name: string, interval = 10 * SECOND) => jitterMs(name, interval);
    expect(h.startsOf('same')).toEqual(Array.from({ length: 10 }, (_, k) => j('same') + k * 10 * SECOND));
    expect(h.startsOf('gone')).toEqual([0, 1, 2].map((k) => j('gone') + k * 10 * SECOND));
    const reloadedAt = 25 * SECOND;
    expect(h.startsOf('retuned')).toEqual([...[0, 1, 2].map((k) => j('retuned') + k * 10 * SECOND), ...[0, 1, 2].map((k) => reloadedAt + j('retuned', 30 * SECOND) + k * 30 * SECOND)]);
    expect(h.startsOf('new')).toEqual(Array.from({ length: 8 }, (_, k) => reloadedAt + j('new') + k * 10 * SECOND));
    // The edited monitor kept its grid and ran with its new options after the reload.
    const edited = h.runs.filter((r) => r.monitor === 'edited');
    expect(edited.map((r) => r.start - h.t0)).toEqual(Array.from({ length: 10 }, (_, k) => j('edited') + k * 10 * SECOND));
    expect(edited.map((r) => (r.options as { v: number }).v)).toEqual([1, 1, 1, 2, 2, 2, 2, 2, 2, 2]);
    expect(h.scheduler.schedule().map((s) => s.name).sort()).toEqual(['edited', 'new', 'retuned', 'same']);
  });

  it('a monitor removed while it runs still reports, and re-adding it cannot overlap that run', async () => {
    const h = harness({ ...noJitter, durationOf: () => 15 * SECOND });
    active = h.scheduler;
    h.scheduler.start([monitor('a', 10 * SECOND)]);
    await h.clock.advance(1 * SECOND);
    h.scheduler.update([]);
    h.scheduler.update([monitor('a', 10 * SECOND)]);
    await h.clock.advance(40 * SECOND);
    expect(h.maxOverlap()).toBe(1);
    expect(h.heard.filter((e) => e.type === 'check.result')).toHaveLength(h.runs.filter((r) => r.end !== undefined).length);
    expect(h.startsOf('a')[0]).toBe(0);
    expect(h.startsOf('a')[1]).toBeGreaterThanOrEqual(15 * SECOND);
  });

  it('refuses two monitors of one name and an interval below 1 ms', () => {
    const h = harness();
    active = h.scheduler;
    expect(() => h.scheduler.start([monitor('a', 1000), monitor('a', 2000)])).toThrow('two monitors named "a"');
    expect(() => h.scheduler.start([monitor('z', 0)])).toThrow('monitor "z" has no usable interval (0 ms)');
  });
});

describe('concurrency and lag', () => {
  it('never more checks at once than the global limit; the wait for a slot is scheduling lag', async () => {
    const h = harness({ ...noJitter, concurrency: 2, durationOf: () => 1 * SECOND });
    active = h.scheduler;
    h.scheduler.start(['a', 'b', 'c', 'd', 'e'].map((name) => monitor(name, MINUTE)));
    await h.clock.advance(10 * SECOND);
    expect(h.maxTotal()).toBe(2);
    const lags = h.heard.flatMap((e) => (e.type === 'check.started' ? [e.lagMs] : []));
    expect(lags).toEqual([0, 0, 1 * SECOND, 1 * SECOND, 2 * SECOND]);
    const lag = h.scheduler.lag();
    expect(lag).toMatchObject({ count: 5, sumMs: 4 * SECOND, maxMs: 2 * SECOND });
    expect(lag.buckets.find(([bound]) => bound === 1)).toEqual([1, 2]);
    expect(lag.buckets.find(([bound]) => bound === 1_000)).toEqual([1_000, 4]);
    expect(lag.buckets.at(-1)).toEqual([10_000, 5]);
    expect(h.scheduler.schedule().find((s) => s.name === 'e')).toMatchObject({ lastLagMs: 2 * SECOND, nextAt: h.t0 + MINUTE });
  });

  it('a lane (per-type limit) is waited in before the global pool, so it holds no global slot while waiting', async () => {
    const serial = pLimit(1);
    const h = harness({ ...noJitter, concurrency: 2, durationOf: () => 1 * SECOND, scheduler: { jitter: { ratio: 0 }, laneOf: (m) => (m.type === 'audit' ? serial : undefined) } });
    active = h.scheduler;
    h.scheduler.start([monitor('x', MINUTE, { type: 'audit' }), monitor('y', MINUTE, { type: 'audit' }), monitor('z', MINUTE, { type: 'audit' }), monitor('free', MINUTE)]);
    await h.clock.advance(5 * SECOND);
    expect(h.startsOf('x')).toEqual([0]);
    expect(h.startsOf('y')).toEqual([1 * SECOND]);
    expect(h.startsOf('z')).toEqual([2 * SECOND]);
    expect(h.startsOf('free')).toEqual([0]);
  });

  it('a runOne that throws is an error event, and the monitor stays scheduled', async () => {
    const clock = new ManualClock();
    const events = new EventStream(createLogger('test', 'silent'));
    const heard: RuntimeEvent[] = [];
    events.subscribe((event) => void heard.push(event));
    let calls = 0;
    const scheduler = new Scheduler({ clock, events, jitter: { ratio: 0 }, runOne: async () => (calls++, Promise.reject(new Error('no plugin for type fake'))) });
    active = scheduler;
    scheduler.start([monitor('a', 10 * SECOND)]);
    await clock.advance(25 * SECOND);
    expect(calls).toBe(3);
    expect(heard.filter((e) => e.type === 'error')).toEqual(Array(3).fill({ type: 'error', phase: 'run', monitor: 'a', message: 'no plugin for type fake' }));
  });
});
