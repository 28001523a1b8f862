/**
 * The runtime: the one piece every command drives. `check` runs one cycle; `watch` and `serve` start
 * the scheduler. Either way results are stored in small batches as they arrive, handed to the alert
 * engine the same way, delivered through the outbox, and told as typed events on `events`:
 *
 *   const runtime = await createRuntime({ config, storage, alerts: true });
 *   runtime.events.subscribe(view);                      // reporters, the TUI, the dashboard's SSE
 *   const summary = await runtime.runCycle(monitors);    // `check`: one pass
 *   runtime.start();                                     // `watch`, `serve`: every enabled monitor on its interval
 *   await runtime.stop();                                // always: stores what is in flight, delivers, disposes plugins
 *
 * The runtime owns the plugins; it never opens or closes the storage (the command that opened it
 * closes it after stop()). Nothing in here throws for a storage or delivery failure: those are
 * `error` events, and a refused batch is kept and tried again.
 */
import type { LoadedConfig } from '../config/load.js';
import { UserError } from '../core/errors.js';
import { createLogger, type Logger } from '../core/log.js';
import type { Monitor } from '../core/monitor.js';
import type { CheckRecord } from '../core/result.js';
import type { Alerting } from './alerting.js';
import { BackgroundDelivery } from './background-delivery.js';
import { systemClock, type Clock, type TimerHandle } from './clock.js';
import { runCycle, type CycleOptions } from './cycle.js';
import { EventStream } from './event-stream.js';
import type { CycleSummary } from './events.js';
import { LagStats, type LagSnapshot } from './lag-stats.js';
import { createMonitorRunner, type MonitorRunner } from './monitor-runner.js';
import { ResultBatches } from './result-batches.js';
import type { Runtime, RuntimeOptions } from './runtime-api.js';
import { Scheduler, type MonitorSchedule } from './scheduler.js';

export type { Runtime, RuntimeOptions, RuntimeTuning } from './runtime-api.js';
export type { CycleOptions } from './cycle.js';

export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  if (options.alerts && !options.storage) throw new UserError('alerts keep their state and outbox in the storage, so they need one');
  const runtime = new TrackzRuntime(options);
  await runtime.loadAlerting(options.config);
  return runtime;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

class TrackzRuntime implements Runtime {
  readonly events: EventStream;
  private config: LoadedConfig;
  private readonly log: Logger;
  private readonly clock: Clock;
  /** Wall-clock time for what is stored: the system clock's monotonic time drifts from it over weeks. */
  private readonly now: () => number;
  private readonly runner: MonitorRunner;
  private readonly cancel = new AbortController();
  private readonly signal: AbortSignal;
  private alerting: Alerting | undefined;
  private readonly delivery: BackgroundDelivery | undefined;
  private readonly batches: ResultBatches | undefined;
  private scheduler: Scheduler | undefined;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private retentionTimer: TimerHandle | undefined;
  private evaluations: Promise<void> = Promise.resolve();
  private reloads: Promise<void> = Promise.resolve();
  private readonly pausedNames = new Set<string>();
  /** Runs of monitors the scheduler does not hold (disabled ones, or before start), by name. */
  private readonly direct = new Map<string, Promise<CheckRecord | undefined>>();
  private readonly cycles = new Set<Promise<unknown>>();

  constructor(private readonly options: RuntimeOptions) {
    this.config = options.config;
    this.log = options.log ?? createLogger();
    this.events = new EventStream(this.log);
    this.clock = options.clock ?? systemClock;
    this.now = options.clock ? () => options.clock!.now() : Date.now;
    this.signal = options.signal ? AbortSignal.any([options.signal, this.cancel.signal]) : this.cancel.signal;
    this.runner = createMonitorRunner({ plugins: this.config.plugins, configDir: this.config.dir, log: this.log, now: this.now, registry: options.registry });
    const { storage, tuning = {} } = options;
    if (options.alerts) this.delivery = new BackgroundDelivery({ pass: (signal) => this.alerting?.deliver(signal) ?? Promise.resolve(), clock: this.clock, everyMs: tuning.deliveryEveryMs, signal: options.signal });
    if (storage) {
      this.batches = new ResultBatches({
        results: storage.results,
        location: storage.location,
        beginRun: () => storage.results.beginRun({ command: this.command, startedAt: this.now() }),
        events: this.events,
        clock: this.clock,
        maxBatch: tuning.maxBatch,
        maxDelayMs: tuning.batchDelayMs,
        retryMs: tuning.storeRetryMs,
        onStored: (batch) => this.evaluate(batch),
      });
    }
  }

  private get command(): string {
    return this.options.command ?? 'check';
  }

  /** (Re)builds the alerting for a config; the engine is imported only when alerts are on. */
  async loadAlerting(config: LoadedConfig): Promise<void> {
    if (!this.options.alerts || !this.options.storage) return;
    const { createAlerting } = await import('./alerting.js');
    this.alerting = await createAlerting({ config, storage: this.options.storage, events: this.events, log: this.log.child('alerts'), now: this.now, env: this.options.env });
  }

  monitors(): Monitor[] {
    return this.config.monitors;
  }

  runCycle(monitors: readonly Monitor[], options: CycleOptions = {}): Promise<CycleSummary> {
    this.assertRunning();
    const cycle = runCycle(
      monitors,
      {
        events: this.events,
        registry: this.runner.registry,
        configDir: this.config.dir,
        storage: this.options.storage,
        retention: this.config.storage.retention,
        alerting: this.alerting,
        delivery: this.delivery,
        clock: this.clock,
        now: this.now,
        log: this.log,
        concurrency: this.options.concurrency,
        signal: this.signal,
        command: this.command,
      },
      options,
    );
    this.cycles.add(cycle);
    void cycle.finally(() => this.cycles.delete(cycle)).catch(() => {});
    return cycle;
  }

  start(): void {
    this.assertRunning();
    if (this.scheduler) throw new Error('the runtime has already started');
    const { tuning = {} } = this.options;
    const scheduler = new Scheduler({
      runOne: (monitor, signal) => this.runner.runOne(monitor, this.options.signal ? AbortSignal.any([signal, this.options.signal]) : signal),
      laneOf: (monitor) => this.runner.laneOf(monitor),
      events: this.events,
      clock: this.clock,
      concurrency: this.options.concurrency,
      jitter: tuning.jitter,
      onResult: (record) => this.batches?.add(record),
    });
    this.scheduler = scheduler;
    this.delivery?.start();
    this.starting = (async () => {
      const enabled = this.enabledMonitors();
      await this.prepare(enabled);
      if (this.stopping) return;
      scheduler.start(enabled);
      this.applyPaused();
      this.applyRetention();
    })();
  }

  async runNow(name: string): Promise<CheckRecord | undefined> {
    if (this.stopping) return undefined;
    await this.starting;
    if (this.scheduler?.schedule().some((entry) => entry.name === name)) return this.scheduler.runNow(name).catch(() => undefined);
    const monitor = this.config.monitors.find((m) => m.name === name);
    if (!monitor || this.stopping) return undefined;
    const running = this.direct.get(name);
    if (running) return running;
    const run = this.runDirect(monitor).finally(() => this.direct.delete(name));
    this.direct.set(name, run);
    return run;
  }

  pause(name: string): void {
    this.scheduledName(name);
    this.pausedNames.add(name);
    this.applyPaused();
  }

  resume(name: string): void {
    this.scheduledName(name);
    if (!this.pausedNames.delete(name)) return;
    if (this.scheduler?.schedule().some((entry) => entry.name === name)) this.scheduler.resume(name);
  }

  paused(): ReadonlySet<string> {
    return new Set(this.pausedNames);
  }

  reload(config: LoadedConfig): Promise<void> {
    this.assertRunning();
    this.reloads = this.reloads.then(() => this.applyConfig(config));
    return this.reloads;
  }

  stop(options: { cancel?: boolean } = {}): Promise<void> {
    if (options.cancel) this.cancel.abort(new Error('the runtime was stopped'));
    this.stopping ??= this.shutDown(options);
    return this.stopping;
  }

  lag(): LagSnapshot {
    return this.scheduler?.lag() ?? new LagStats().snapshot();
  }

  schedule(): MonitorSchedule[] {
    return this.scheduler?.schedule() ?? [];
  }

  private async shutDown(options: { cancel?: boolean }): Promise<void> {
    await this.starting?.catch(() => {});
    await this.reloads.catch(() => {});
    if (this.retentionTimer !== undefined) this.clock.clearTimer(this.retentionTimer);
    // The scheduler's stop resolves once every run in flight has reported (and so reached the batches).
    await this.scheduler?.stop(options);
    await Promise.allSettled([...this.direct.values(), ...this.cycles]);
    if (this.batches) {
      this.batches.close();
      try {
        await this.batches.flush();
        await this.batches.finishRun(this.now());
      } catch {
        // Said already: every refused save is an `error` event naming what was not stored.
      }
    }
    await this.evaluations;
    await this.delivery?.stop(options);
    await this.runner.dispose();
    await this.events.drain();
  }

  private async runDirect(monitor: Monitor): Promise<CheckRecord | undefined> {
    try {
      await this.prepare([monitor]);
      const startedAt = this.clock.now();
      this.events.emit({ type: 'check.started', monitor: { name: monitor.name, type: monitor.type, tags: monitor.tags }, startedAt, scheduledAt: startedAt, lagMs: 0 });
      const record = await this.runner.runOne(monitor, this.signal);
      this.events.emit({ type: 'check.result', record, scheduledAt: startedAt });
      this.batches?.add(record);
      return record;
    } catch (error) {
      this.events.emit({ type: 'error', phase: 'run', monitor: monitor.name, message: messageOf(error) });
      return undefined;
    }
  }

  /** Each stored batch goes to the alert engine, in order; what it queued is delivered in the background. */
  private evaluate(batch: CheckRecord[]): void {
    const alerting = this.alerting;
    if (!alerting) return;
    this.evaluations = this.evaluations.then(async () => {
      if ((await alerting.evaluate(batch)) > 0) this.delivery?.kick();
    });
  }

  /** Imports the plugins these monitors need, type by type: one that fails to load is an error event, and the others still run. */
  private async prepare(monitors: readonly Monitor[]): Promise<void> {
    const byType = new Map<string, Monitor[]>();
    for (const monitor of monitors) {
      const ofType = byType.get(monitor.type);
      if (ofType) ofType.push(monitor);
      else byType.set(monitor.type, [monitor]);
    }
    for (const [type, ofType] of byType) {
      try {
        await this.runner.prepare(ofType);
      } catch (error) {
        this.events.emit({ type: 'error', phase: 'schedule', message: `the ${type} checks cannot run: ${messageOf(error)}` });
      }
    }
  }

  private async applyConfig(config: LoadedConfig): Promise<void> {
    if (this.stopping) return;
    const before = this.config;
    if (JSON.stringify(before.storage.target) !== JSON.stringify(config.storage.target)) this.log.warn('reload: a change of storage takes effect when trackz restarts');
    // Built before anything changes: a config the alerts cannot use leaves the runtime as it was.
    await this.loadAlerting(config);
    this.config = config;
    if (!this.options.registry) this.runner.forget(this.runner.registry.update(config.plugins));
    await this.starting;
    if (!this.scheduler || this.stopping) return;
    const enabled = this.enabledMonitors();
    await this.prepare(enabled);
    this.scheduler.update(enabled);
    const names = new Set(enabled.map((monitor) => monitor.name));
    for (const name of this.pausedNames) if (!names.has(name)) this.pausedNames.delete(name);
    this.applyPaused();
  }

  private enabledMonitors(): Monitor[] {
    return this.config.monitors.filter((monitor) => monitor.enabled);
  }

  private scheduledName(name: string): void {
    const monitor = this.config.monitors.find((m) => m.name === name);
    if (!monitor) throw new Error(`no monitor named "${name}"`);
    if (!monitor.enabled) throw new Error(`monitor "${name}" is not scheduled (enabled: false)`);
  }

  private applyPaused(): void {
    const scheduled = new Map((this.scheduler?.schedule() ?? []).map((entry) => [entry.name, entry]));
    for (const name of this.pausedNames) if (scheduled.get(name)?.paused === false) this.scheduler!.pause(name);
  }

  /** Retention now, then every so often: cheap when nothing is due. */
  private applyRetention(): void {
    const storage = this.options.storage;
    if (!storage || this.stopping) return;
    void storage.results.applyRetention(this.now(), this.config.storage.retention).catch((error: unknown) => {
      this.events.emit({ type: 'error', phase: 'retention', message: `retention could not be applied: ${messageOf(error)}` });
    });
    this.retentionTimer = this.clock.setTimer(() => this.applyRetention(), this.options.tuning?.retentionEveryMs ?? 600_000);
  }

  private assertRunning(): void {
    if (this.stopping) throw new Error('the runtime has stopped');
  }
}
