/**
 * The runtime's hands: a plugin registry made from the config, and the `runOne` the scheduler calls.
 * It owns the plugins it loads and disposes them; the scheduler and the cycle never see a plugin.
 */
import type { Logger } from '../core/log.js';
import type { Monitor } from '../core/monitor.js';
import type { Plugin } from '../core/plugin.js';
import type { CheckRecord } from '../core/result.js';
import type { PluginSource } from '../config/option-catalog.js';
import { PluginRegistry } from './plugin-registry.js';
import { runMonitor } from './run-monitor.js';
import { TypeLanes, type LaneOf } from './type-lanes.js';

export interface MonitorRunnerOptions {
  /** `LoadedConfig.plugins`. */
  plugins: readonly PluginSource[];
  configDir: string;
  log?: Logger;
  now?: () => number;
  /** For tests: a registry that knows more types. */
  registry?: PluginRegistry;
}

export interface MonitorRunner {
  runOne(monitor: Monitor, signal: AbortSignal): Promise<CheckRecord>;
  /** Per-type queues for the plugins prepared so far. */
  laneOf: LaneOf;
  /** Imports the plugins these monitors need: call before scheduling them, so lanes are known. */
  prepare(monitors: readonly Monitor[]): Promise<void>;
  /** The registry it runs from (the runtime updates its sources on reload). */
  registry: PluginRegistry;
  /** Drops the plugins of these types, so their next run takes them from the registry afresh. */
  forget(types: readonly string[]): void;
  /** Lets every plugin loaded release what it holds. Never throws. */
  dispose(): Promise<void>;
}

export function createMonitorRunner(options: MonitorRunnerOptions): MonitorRunner {
  const registry = options.registry ?? new PluginRegistry(options.plugins);
  const plugins = new Map<string, Plugin<unknown>>();
  const lanes = new TypeLanes();
  return {
    async prepare(monitors) {
      for (const [type, plugin] of await registry.pluginsFor(monitors)) plugins.set(type, plugin);
      lanes.add(plugins);
    },
    laneOf: lanes.laneOf,
    async runOne(monitor, signal) {
      const plugin = plugins.get(monitor.type) ?? (await registry.get(monitor.type));
      if (!plugin) throw new Error(`no plugin for type ${monitor.type}`);
      return runMonitor(plugin, monitor, { configDir: options.configDir, signal, log: options.log, now: options.now });
    },
    registry,
    forget(types) {
      for (const type of types) plugins.delete(type);
    },
    dispose: () => registry.disposeAll(),
  };
}

