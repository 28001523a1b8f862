/**
 * `trackz serve` in one process: the runtime's scheduler with alerts on, and the HTTP server with
 * the runtime attached (run-now, lag, /readyz). Each stored batch of results re-renders the
 * dashboards that show those monitors and pushes them to their open pages. `reload()` is SIGHUP,
 * `stop()` is SIGTERM: the server stops accepting first, then in-flight checks finish and are stored.
 */
import type { AddressInfo } from 'node:net';
import type { LoadedConfig } from '../config/load.js';
import { createRuntime } from '../runtime/runtime.js';
import type { Runtime, RuntimeTuning } from '../runtime/runtime-api.js';
import { createTrackzServer, type TrackzServer } from '../server/create-server.js';
import type { Storage } from '../storage/ports/index.js';
import type { DaemonLog } from './daemon-log.js';
import { logRuntimeEvents } from './log-events.js';
import { PublishQueue } from './publish-queue.js';

export interface DaemonOptions {
  config: LoadedConfig;
  storage: Storage;
  log: DaemonLog;
  host: string;
  port: number;
  env?: Record<string, string | undefined>;
  /** Tests and the bench: shorter waits in the runtime. */
  tuning?: RuntimeTuning;
}

export interface Daemon {
  readonly address: AddressInfo;
  readonly runtime: Runtime;
  readonly server: TrackzServer;
  /** A validated new config: the runtime keeps the schedule of unchanged monitors; dashboards follow. */
  reload(config: LoadedConfig): Promise<void>;
  /** Graceful stop; with cancel (a second signal), checks in flight are cut now, their results still stored. */
  stop(options?: { cancel?: boolean }): Promise<void>;
}

export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const { storage, log } = options;
  const runtime = await createRuntime({ config: options.config, storage, alerts: true, command: 'serve', log: log.child('runtime'), env: options.env, tuning: options.tuning });
  let stopping = false;
  const server = createTrackzServer({
    config: options.config,
    storage,
    log: log.child('http'),
    // Every stored batch is published (which makes the next request read again), so requests may share a gathered dashboard for a second.
    snapshotMaxAgeMs: 1_000,
    runtime: {
      runNow: (name) => runtime.runNow(name),
      lag: () => {
        const lag = runtime.lag();
        return lag.count ? lag.sumMs / lag.count : null;
      },
      running: () => !stopping,
      events: runtime.events,
    },
  });
  const updates = new PublishQueue(
    (monitors) => server.publish({ monitors }),
    (error) => log.event('error', `could not update the dashboards: ${error instanceof Error ? error.message : String(error)}`),
  );
  const unlog = logRuntimeEvents(runtime.events, log);
  const unpublish = runtime.events.on('results.stored', (event) => updates.add(event.records.map((record) => record.monitor)));

  let address: AddressInfo;
  try {
    address = await server.listen(options.port, options.host);
  } catch (error) {
    unlog();
    unpublish();
    await runtime.stop({ cancel: true });
    throw error;
  }
  runtime.start();

  let stopped: Promise<void> | undefined;
  return {
    address,
    runtime,
    server,
    reload: async (config) => {
      await runtime.reload(config);
      server.setConfig(config);
    },
    stop: (stopOptions = {}) => {
      if (stopOptions.cancel) void runtime.stop({ cancel: true });
      stopped ??= (async () => {
        stopping = true;
        // No new requests and no open streams first; then the checks under way finish and are stored.
        await server.close();
        unpublish();
        await runtime.stop(stopOptions);
        unlog();
      })();
      return stopped;
    },
  };
}
