/**
 * The scheduler of `watch`, `serve` and `agent`: every monitor on its own interval, on a fixed grid of
 * slots (see slots.ts) offset by a little per-monitor jitter. Never two runs of one monitor at once: a
 * run that outlasts its interval skips the slots it covered and the monitor runs at the next one, said
 * in a `check.skipped` event, while every other monitor keeps its own grid. Pause, resume and run-now
 * per monitor; update() for a reloaded config; stop() that lets in-flight checks finish (or cancels
 * them) and resolves once their results went out. It knows nothing of plugins or storage: it calls the
 * `runOne` it is given and emits events.
 */
import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import type { Monitor } from '../core/monitor.js';
import type { CheckRecord } from '../core/result.js';
import { MAX_TIMER_MS, systemClock, type Clock, type TimerHandle } from './clock.js';
import type { EventStream } from './event-stream.js';
import { LagStats, type LagSnapshot } from './lag-stats.js';
import { jitterMs, slotAtOrAfter, slotAtOrBefore, slotTime, type JitterOptions, type SlotGrid } from './slots.js';
import type { LaneOf } from './type-lanes.js';

export const DEFAULT_SCHEDULER_CONCURRENCY = 32;

export type RunOne = (monitor: Monitor, signal: AbortSignal) => Promise<CheckRecord>;

export interface SchedulerOptions {
  /** Runs one check; expected never to throw (runMonitor does not). */
  runOne: RunOne;
  events: EventStream;
  clock?: Clock;
  /** Checks in flight at once, across all monitors. */
  concurrency?: number;
  /** A narrower queue a monitor waits in before the global one (per-type limits). */
  laneOf?: LaneOf;
  jitter?: JitterOptions;
  /** Hears each result right after its `check.result` event (the runtime stores it); runs before stop() resolves. */
  onResult?: (record: CheckRecord) => void;
}

/** Where one monitor stands, for views and tests. */
export interface MonitorSchedule {
  name: string;
  intervalMs: number;
  /** When its next scheduled run is due; undefined while it runs, is paused or the scheduler stopped. */
  nextAt?: number;
  running: boolean;
  paused: boolean;
  lastLagMs?: number;
}

interface Entry {
  monitor: Monitor;
  grid: SlotGrid;
  /** The next slot of the grid this monitor is to run at. */
  nextSlot: number;
  timer?: TimerHandle;
  dueAt?: number;
  running?: Promise<CheckRecord | undefined>;
  paused: boolean;
  /** Removed by update() while it ran: kept until the run ends, so re-adding it cannot overlap that run. */
  retired: boolean;
  lastLagMs?: number;
}

export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  /** Runs not finished yet, including those of monitors since removed by update(). */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly clock: Clock;
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly cancel = new AbortController();
  private readonly lagStats = new LagStats();
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? systemClock;
    const concurrency = Math.max(1, options.concurrency ?? DEFAULT_SCHEDULER_CONCURRENCY);
    this.limit = pLimit(concurrency);
    // Each check in flight listens to this signal a bounded number of times (see runChecks).
    setMaxListeners(2 * concurrency + 10, this.cancel.signal);
  }

  /** Schedules these monitors, each from now plus its jitter. */
  start(monitors: readonly Monitor[]): void {
    this.update(monitors);
  }

  /**
   * A reloaded config. A monitor whose interval is unchanged keeps its grid and any run in flight (its
   * next run uses the new definition); one whose interval changed starts a new grid from now; a removed
   * monitor is no longer scheduled, though a run in flight still finishes and reports; new ones start.
   */
  update(monitors: readonly Monitor[]): void {
    this.assertRunning();
    const names = new Set<string>();
    for (const monitor of monitors) {
      if (names.has(monitor.name)) throw new Error(`two monitors named "${monitor.name}"`);
      if (!(monitor.intervalMs >= 1)) throw new Error(`monitor "${monitor.name}" has no usable interval (${monitor.intervalMs} ms)`);
      names.add(monitor.name);
    }
    for (const [name, entry] of this.entries) {
      if (names.has(name)) continue;
      this.disarm(entry);
      if (entry.running) entry.retired = true;
      else this.entries.delete(name);
    }
    const now = this.clock.now();
    for (const monitor of monitors) {
      const entry = this.entries.get(monitor.name);
      if (entry) entry.retired = false;
      if (entry && entry.grid.intervalMs === monitor.intervalMs) {
        entry.monitor = monitor;
        this.arm(entry);
        continue;
      }
      const grid = { anchor: now + jitterMs(monitor.name, monitor.intervalMs, this.options.jitter), intervalMs: monitor.intervalMs };
      if (entry) {
        this.disarm(entry);
        Object.assign(entry, { monitor, grid, nextSlot: 0 });
        this.arm(entry);
      } else {
        const fresh: Entry = { monitor, grid, nextSlot: 0, paused: false, retired: false };
        this.entries.set(monitor.name, fresh);
        this.arm(fresh);
      }
    }
  }

  /** No more scheduled runs for this monitor until resume(); a run in flight finishes. */
  pause(name: string): void {
    const entry = this.entry(name);
    entry.paused = true;
    this.disarm(entry);
  }

  /** Back on its grid at the next slot from now; the slots it was paused for are not made up. */
  resume(name: string): void {
    const entry = this.entry(name);
    if (!entry.paused) return;
    entry.paused = false;
    entry.nextSlot = Math.max(entry.nextSlot, slotAtOrAfter(entry.grid, this.clock.now()));
    this.arm(entry);
  }

  /**
   * Runs a monitor now, paused or not, without moving its grid. When it is already running, that run's
   * record is the answer: never two runs of one monitor at once.
   */
  runNow(name: string): Promise<CheckRecord> {
    this.assertRunning();
    const entry = this.entry(name);
    const run = entry.running ?? this.launch(entry, this.clock.now());
    return run.then((record) => record ?? Promise.reject(new Error(`the scheduler stopped before ${name} started`)));
  }

  /**
   * Stops scheduling and resolves once every run in flight has finished and its result has gone out
   * (async listeners included). Without `cancel` checks finish on their own, bounded by their timeout;
   * with it they are cancelled through their AbortSignal. Runs still queued for a slot never start.
   */
  stop(options: { cancel?: boolean } = {}): Promise<void> {
    if (options.cancel) this.cancel.abort(new Error('the scheduler was stopped'));
    this.stopping ??= (async () => {
      for (const entry of this.entries.values()) this.disarm(entry);
      while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
      await this.options.events.drain();
    })();
    return this.stopping;
  }

  schedule(): MonitorSchedule[] {
    return [...this.entries.values()].filter((entry) => !entry.retired).map((entry) => ({
      name: entry.monitor.name,
      intervalMs: entry.grid.intervalMs,
      nextAt: entry.dueAt,
      running: entry.running !== undefined,
      paused: entry.paused,
      lastLagMs: entry.lastLagMs,
    }));
  }

  /** Scheduling lag over every run so far. */
  lag(): LagSnapshot {
    return this.lagStats.snapshot();
  }

  private entry(name: string): Entry {
    const entry = this.entries.get(name);
    if (!entry || entry.retired) throw new Error(`no scheduled monitor named "${name}"`);
    return entry;
  }

  private assertRunning(): void {
    if (this.stopping) throw new Error('the scheduler has stopped');
  }

  /** Sets the timer for the entry's next slot, unless it may not run now. */
  private arm(entry: Entry): void {
    if (entry.paused || entry.running || entry.retired || entry.timer !== undefined || this.stopping) return;
    const dueAt = slotTime(entry.grid, entry.nextSlot);
    entry.dueAt = dueAt;
    const delay = Math.min(Math.max(0, dueAt - this.clock.now()), MAX_TIMER_MS);
    entry.timer = this.clock.setTimer(() => this.onTimer(entry), delay);
  }

  private disarm(entry: Entry): void {
    if (entry.timer !== undefined) this.clock.clearTimer(entry.timer);
    entry.timer = undefined;
    entry.dueAt = undefined;
  }

  private onTimer(entry: Entry): void {
    entry.timer = undefined;
    const now = this.clock.now();
    // Early (a coarse timer) or a wait longer than one timer allows: wait on.
    if (now < slotTime(entry.grid, entry.nextSlot)) return this.arm(entry);
    entry.dueAt = undefined;
    // Fired a whole interval or more late (a suspended process): run the latest slot, say which were missed.
    const due = slotAtOrBefore(entry.grid, now);
    if (due > entry.nextSlot) this.skipped(entry, due, 'late');
    entry.nextSlot = due + 1;
    void this.launch(entry, slotTime(entry.grid, due));
  }

  private skipped(entry: Entry, nextSlot: number, reason: 'overrun' | 'late'): void {
    this.options.events.emit({
      type: 'check.skipped',
      monitor: entry.monitor.name,
      slots: nextSlot - entry.nextSlot,
      from: slotTime(entry.grid, entry.nextSlot),
      nextAt: slotTime(entry.grid, nextSlot),
      reason,
    });
  }

  /** Queues a run (its lane, then the global pool) and, when it ends, puts the monitor back on its grid. */
  private launch(entry: Entry, scheduledAt: number): Promise<CheckRecord | undefined> {
    this.disarm(entry);
    const queued = () => this.limit(() => this.execute(entry, scheduledAt));
    const lane = this.options.laneOf?.(entry.monitor);
    const run = (lane ? lane(queued) : queued()).finally(() => {
      entry.running = undefined;
      this.inFlight.delete(run);
      this.afterRun(entry);
    });
    entry.running = run;
    this.inFlight.add(run);
    return run;
  }

  private async execute(entry: Entry, scheduledAt: number): Promise<CheckRecord | undefined> {
    if (this.stopping) return undefined;
    const monitor = entry.monitor;
    const startedAt = this.clock.now();
    const lagMs = Math.max(0, startedAt - scheduledAt);
    entry.lastLagMs = lagMs;
    this.lagStats.record(lagMs);
    const { events } = this.options;
    events.emit({ type: 'check.started', monitor: { name: monitor.name, type: monitor.type, tags: monitor.tags }, startedAt, scheduledAt, lagMs });
    let record: CheckRecord;
    try {
      record = await this.options.runOne(monitor, this.cancel.signal);
    } catch (error) {
      events.emit({ type: 'error', phase: 'run', monitor: monitor.name, message: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
    events.emit({ type: 'check.result', record, scheduledAt });
    this.options.onResult?.(record);
    return record;
  }

  /** After a run: slots it covered are skipped (and said so); the monitor waits for its next slot. */
  private afterRun(entry: Entry): void {
    if (entry.retired) this.entries.delete(entry.monitor.name);
    if (entry.retired || this.stopping) return;
    const now = this.clock.now();
    if (now > slotTime(entry.grid, entry.nextSlot)) {
      const next = slotAtOrAfter(entry.grid, now);
      if (!entry.paused) this.skipped(entry, next, 'overrun');
      entry.nextSlot = next;
    }
    this.arm(entry);
  }
}
