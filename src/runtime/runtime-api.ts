/**
 * The runtime's API: what `check`, `watch` and `serve` (and their tests) create and drive. The
 * implementation is runtime.ts; the events it emits are in events.ts.
 */
import type { LoadedConfig } from '../config/load.js';
import type { Logger } from '../core/log.js';
import type { Monitor } from '../core/monitor.js';
import type { CheckRecord } from '../core/result.js';
import type { Storage } from '../storage/ports/index.js';
import type { Clock } from './clock.js';
import type { CycleOptions } from './cycle.js';
import type { EventStream } from './event-stream.js';
import type { CycleSummary } from './events.js';
import type { LagSnapshot } from './lag-stats.js';
import type { PluginRegistry } from './plugin-registry.js';
import type { MonitorSchedule } from './scheduler.js';
import type { JitterOptions } from './slots.js';

export interface RuntimeOptions {
  config: LoadedConfig;
  /** Where results, alert state and the outbox live. Absent for `--no-store`: nothing is written. */
  storage?: Storage;
  /** Evaluate the alert rules and deliver notifications (needs storage). */
  alerts: boolean;
  log?: Logger;
  /** Time for the scheduler and its timers. Injected (tests), it is also the time records and alerts carry. */
  clock?: Clock;
  /** The environment command channels inherit. Default process.env. */
  env?: Record<string, string | undefined>;
  /** Checks at once, across all monitors (default 32); a type may limit itself further. */
  concurrency?: number;
  /** Cancels the checks and deliveries under way (Ctrl-C). */
  signal?: AbortSignal;
  /** What the stored `runs` rows are called: `check`, `watch`, `serve`. Default `check`. */
  command?: string;
  /** A registry built already (`check` selects its monitors with it; tests: one that knows more types). Disposed when the runtime stops. */
  registry?: PluginRegistry;
  /** For tests: shorter waits. */
  tuning?: RuntimeTuning;
}

export interface RuntimeTuning {
  /** A batch of results is stored after this long (default 250 ms) or at `maxBatch` results (default 500). */
  batchDelayMs?: number;
  maxBatch?: number;
  /** First wait before a refused batch is tried again (default 1 s, doubling). */
  storeRetryMs?: number;
  /** The background delivery looks for due retries this often (default 5 s). */
  deliveryEveryMs?: number;
  /** The scheduler applies retention this often (default 10 min; it is cheap when nothing is due). */
  retentionEveryMs?: number;
  jitter?: JitterOptions;
}

export interface Runtime {
  /** Everything that happens, as it happens (see events.ts). */
  readonly events: EventStream;
  /** The config's monitors (after the last reload), enabled or not. */
  monitors(): Monitor[];
  /** One pass (`check`): run these monitors now, store, evaluate alerts, then (unless deliver: false) deliver within the budget, then retention. */
  runCycle(monitors: readonly Monitor[], options?: CycleOptions): Promise<CycleSummary>;
  /** `watch`/`serve`: every enabled monitor on its interval; results stored in small batches, each batch evaluated by the alert engine, delivery in the background (bounded, never blocking checks), retention now and then. */
  start(): void;
  /** Runs a monitor now (a disabled one too) without moving its schedule; its run in flight if it has one. Undefined for a name the config does not have, or once stopping. */
  runNow(name: string): Promise<CheckRecord | undefined>;
  /** No scheduled runs of this enabled monitor until resume(); throws for a name that is not one. */
  pause(name: string): void;
  resume(name: string): void;
  paused(): ReadonlySet<string>;
  /** SIGHUP: a valid new config takes effect without losing state or schedule of unchanged monitors. */
  reload(config: LoadedConfig): Promise<void>;
  /** Clean stop: in-flight checks finish (or are cut at their timeout; with cancel, now), their results stored and evaluated, delivery finished within its budget, plugins disposed. */
  stop(options?: { cancel?: boolean }): Promise<void>;
  /** The scheduler's lag stats, for /metrics. */
  lag(): LagSnapshot;
  /** Where each scheduled monitor stands (next run, running, paused), for views. Empty before start(). */
  schedule(): MonitorSchedule[];
}
