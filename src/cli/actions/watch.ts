/**
 * `trackz watch` as a plain function: the runtime's scheduler in this process (every monitor on its
 * interval, every result stored, alerts evaluated as `trackz check --alert` does), and the live
 * screen of src/tui fed from its events. The screen only asks (WatchActions); this file answers from
 * the runtime and the storage ports. Returns the exit code once the terminal is given back, the
 * runtime has stopped (results in flight stored) and the storage is closed.
 */
import { hostname, userInfo } from 'node:os';
import { loadConfig, type LoadedConfig } from '../../config/load.js';
import { createHeapBudget } from '../../core/heap-budget.js';
import { createLogger } from '../../core/log.js';
import type { MaintenanceWindow } from '../../alerts/maintenance.js';
import type { Monitor } from '../../core/monitor.js';
import type { CheckRecord } from '../../core/result.js';
import { mark } from '../../core/trace.js';
import { createRuntime } from '../../runtime/runtime.js';
import type { Runtime } from '../../runtime/runtime-api.js';
import { openStorage } from '../../storage/open.js';
import type { Storage } from '../../storage/ports/index.js';
import { assertInteractive } from '../../ui/interactive.js';
import type { WatchActions } from '../../tui/model.js';
import { SPARK_POINTS, WatchStore } from '../../tui/watch-store.js';
import { loadActivitySummary } from '../watch/activity-summary.js';
import { loadMonitorDetail } from '../watch/monitor-detail.js';
import { chooseDashboard, startShare, type ShareSession } from '../watch/share.js';
import { writeStatsFile } from '../watch/stats-file.js';
import { feedStore, seedFromStorage, seedsOf } from '../watch/store-feed.js';

export interface WatchOptions {
  configPath?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** `--dashboard NAME`: what `s` shares. */
  dashboard?: string;
  /** `--port`: where `s` serves. */
  port?: number;
  concurrency?: number;
  /** Hidden `--stats-file PATH`: lag, CPU and memory figures for the bench. */
  statsFile?: string;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
}

/** Lines the runtime logs while the screen owns the terminal; printed after it, the last ones only. */
const KEPT_LINES = 20;

const scheduled = (config: LoadedConfig): Monitor[] => config.monitors.filter((m) => m.enabled);

export async function watch(options: WatchOptions = {}): Promise<number> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  assertInteractive(stdin, stdout);

  const config = await loadConfig({ configPath: options.configPath, cwd, env });
  // Asked for by name: a typo is said now, not when `s` is pressed.
  if (options.dashboard !== undefined) chooseDashboard(config, options.dashboard);
  mark('watch: config loaded');
  const storage = await openStorage({ target: config.storage.target, workspace: config.workspace });
  const logged: string[] = [];
  const log = createLogger('trackz', undefined, (line) => {
    logged.push(line);
    if (logged.length > KEPT_LINES) logged.shift();
    return true;
  });
  try {
    const store = new WatchStore({ workspace: config.workspace, monitors: seedsOf(scheduled(config)) });
    await seedFromStorage(store, storage.results, scheduled(config), SPARK_POINTS);
    mark('watch: store seeded');
    const runtime = await createRuntime({ config, storage, alerts: true, log, env, concurrency: options.concurrency, command: 'watch' });
    // As in `check`: a soft heap budget keeps a large watch's RSS near its live set.
    const heap = createHeapBudget();
    runtime.events.on('check.result', () => heap.tick());
    runtime.events.on('error', (event) => log.error(`${event.monitor ? `${event.monitor}: ` : ''}${event.message}`));
    const feed = feedStore(store, runtime, storage.results);
    const stats = options.statsFile ? writeStatsFile(options.statsFile, runtime) : undefined;
    runtime.start();
    const host = new WatchHost(config, storage, runtime, store, feed.latest, options);
    // From here on the runtime runs: whatever happens (the screen fails to load, or ends), it is stopped.
    try {
      const { renderWatch } = await import('../../tui/index.js');
      mark('watch: screen loaded');
      const screen = renderWatch(store, host.actions, { stdin, stdout, stderr, env });
      const onSignal = () => screen.unmount();
      const onHangup = () => void host.reload(cwd, env);
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      process.on('SIGHUP', onHangup);
      try {
        await screen.waitUntilExit();
      } finally {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        process.off('SIGHUP', onHangup);
      }
    } finally {
      // The terminal is ours again: a second Ctrl-C while checks finish cuts them short.
      const hurry = () => void runtime.stop({ cancel: true });
      process.once('SIGINT', hurry);
      await host.finish();
      feed.stop();
      stats?.stop();
      store.close();
      process.off('SIGINT', hurry);
    }
    return 0;
  } finally {
    await storage.close();
    for (const line of logged) stderr.write(line);
  }
}

/** Answers the screen's WatchActions from the runtime and the storage. */
class WatchHost {
  private share: ShareSession | undefined;
  private sharing: Promise<unknown> = Promise.resolve();
  private maintenance: Promise<MaintenanceWindow[]> | undefined;

  constructor(
    private config: LoadedConfig,
    private readonly storage: Storage,
    private readonly runtime: Runtime,
    private readonly store: WatchStore,
    private readonly latest: ReadonlyMap<string, CheckRecord>,
    private readonly options: WatchOptions,
  ) {}

  readonly actions: WatchActions = {
    runNow: async (name) => {
      if (!(await this.runtime.runNow(name))) throw new Error(`${name} did not run (no such monitor, or watch is stopping)`);
    },
    togglePause: async (name) => {
      if (this.runtime.paused().has(name)) this.runtime.resume(name);
      else this.runtime.pause(name);
      return this.runtime.paused().has(name);
    },
    silence: async (name, ms) => {
      const now = Date.now();
      let who: string | null = null;
      try {
        who = `${userInfo().username}@${hostname()}`;
      } catch {
        // No user name (a container without /etc/passwd entry): the silence is still kept.
      }
      await this.storage.alerts.addSilence(name, now, now + ms, 'silenced from trackz watch', who);
    },
    toggleShare: () => {
      // One change at a time: a second `s` while the server starts waits for it, then stops it.
      const next = this.sharing.then(() => this.flipShare());
      this.sharing = next.catch(() => {});
      return next;
    },
    loadDetail: (name) =>
      loadMonitorDetail(name, { storage: this.storage, monitors: () => this.runtime.monitors(), latest: this.latest, maintenance: () => this.maintenanceWindows() }),
    loadActivity: () => loadActivitySummary(this.config, this.storage.activity),
    quit: () => void this.runtime.stop(),
  };

  private async flipShare(): Promise<string | undefined> {
    if (this.share) {
      const session = this.share;
      this.share = undefined;
      await session.stop();
      return undefined;
    }
    this.share = await startShare({ config: this.config, storage: this.storage, dashboard: this.options.dashboard, port: this.options.port });
    return this.share.url;
  }

  private maintenanceWindows() {
    this.maintenance ??= (async () => {
      const [{ alertSettingsFrom }, { compileMaintenance }] = await Promise.all([import('../../alerts/alert-settings.js'), import('../../alerts/maintenance.js')]);
      return compileMaintenance(alertSettingsFrom(this.config));
    })();
    return this.maintenance;
  }

  /** SIGHUP: a valid new config takes effect (monitors added, removed, changed); a bad one is logged and ignored. */
  async reload(cwd: string, env: Record<string, string | undefined>): Promise<void> {
    try {
      const config = await loadConfig({ configPath: this.options.configPath ?? this.config.file, cwd, env });
      await this.runtime.reload(config);
      this.config = config;
      this.maintenance = undefined;
      this.store.setMonitors(seedsOf(scheduled(config), this.runtime.paused()), config.workspace);
    } catch (error) {
      this.runtime.events.emit({ type: 'error', phase: 'schedule', message: `reload: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  /** After the screen: stop sharing, then the runtime (checks in flight finish and are stored). */
  async finish(): Promise<void> {
    await this.sharing;
    await this.share?.stop().catch(() => {});
    this.share = undefined;
    await this.runtime.stop();
  }
}
