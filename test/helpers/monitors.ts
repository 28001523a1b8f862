/**
 * Monitors built in-process the way the config loader builds them: the plugin's own schema
 * validates the fields (defaults filled in), the common fields get the loader's defaults.
 */
import type { Monitor } from '../../src/core/monitor.js';
import type { Plugin } from '../../src/core/plugin.js';
import { createLogger } from '../../src/core/log.js';
import { PluginRegistry } from '../../src/runtime/plugin-registry.js';
import { runMonitor, type MonitorRunOptions } from '../../src/runtime/run-monitor.js';
import type { CheckRecord } from '../../src/core/result.js';

export type Common = Partial<Omit<Monitor, 'options'>>;

export async function monitorFor<O>(plugin: Plugin<O>, fields: Record<string, unknown>, common: Common = {}): Promise<Monitor<O>> {
  let validated = plugin.options['~standard'].validate(fields);
  if (validated instanceof Promise) validated = await validated;
  if (validated.issues) throw new Error(`invalid test monitor: ${validated.issues.map((i) => i.message).join('; ')}`);
  return {
    name: common.name ?? `${plugin.type}-test`,
    type: plugin.type,
    tags: [],
    enabled: true,
    intervalMs: 60_000,
    timeoutMs: 1500,
    retries: 0,
    retryDelayMs: 10,
    dependsOn: [],
    ...common,
    options: validated.value,
  };
}

const registry = new PluginRegistry();
const quiet = createLogger('test', 'silent');

/** One check through the runner (timeout, guard, normalisation), as `trackz check` runs it. */
export async function runCheck(type: string, fields: Record<string, unknown>, common: Common = {}, options: Partial<MonitorRunOptions> = {}): Promise<CheckRecord & { elapsedMs: number }> {
  const plugin = await registry.get(type);
  if (!plugin) throw new Error(`no plugin ${type}`);
  const monitor = await monitorFor(plugin, fields, common);
  const started = performance.now();
  const record = await runMonitor(plugin, monitor as Monitor, { configDir: process.cwd(), log: quiet, ...options }, quiet);
  return { ...record, elapsedMs: performance.now() - started };
}
