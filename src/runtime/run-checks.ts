/**
 * One pass over a set of monitors (`trackz check`): every monitor once, bounded concurrency overall and
 * per type, results in the monitors' order and also one by one as they finish.
 */
import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import { createLogger } from '../core/log.js';
import type { Monitor } from '../core/monitor.js';
import type { CheckRecord } from '../core/result.js';
import type { PluginRegistry } from './plugin-registry.js';
import { runMonitor, type MonitorRunOptions } from './run-monitor.js';
import { TypeLanes } from './type-lanes.js';

export const DEFAULT_CONCURRENCY = 32;

export interface RunOptions extends MonitorRunOptions {
  registry: PluginRegistry;
  concurrency?: number;
  onStart?: (monitor: Monitor) => void;
  onResult?: (record: CheckRecord) => void;
}

/** Runs every monitor; results come back in the monitors' order, and also one by one through onResult. */
export async function runChecks(monitors: readonly Monitor[], options: RunOptions): Promise<CheckRecord[]> {
  const log = options.log ?? createLogger();
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const limit = pLimit(concurrency);
  // Every check in flight listens to the run signal (its own timeout signal, and the Ctrl-C guard):
  // a bounded number, removed when the check ends. Say so, or Node warns of a leak past ten.
  if (options.signal) setMaxListeners(2 * concurrency + 10, options.signal);
  const plugins = await options.registry.pluginsFor(monitors);
  const lanes = new TypeLanes();
  lanes.add(plugins);
  const runOne = async (monitor: Monitor) => {
    options.onStart?.(monitor);
    const record = await runMonitor(plugins.get(monitor.type)!, monitor, options, log);
    options.onResult?.(record);
    return record;
  };
  return Promise.all(
    monitors.map((monitor) => {
      const lane = lanes.laneOf(monitor);
      return lane ? lane(() => limit(() => runOne(monitor))) : limit(() => runOne(monitor));
    }),
  );
}
