/**
 * Per-type queues: a plugin that declares `concurrency` (Lighthouse: one audit at a time) gets a queue
 * of its own, which its monitors wait in before they take a slot of the global pool, so a queue of
 * audits never holds global slots while it waits.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import type { Monitor } from '../core/monitor.js';
import type { Plugin } from '../core/plugin.js';

/** The lane a monitor waits in first, or undefined when its type has no limit of its own. */
export type LaneOf = (monitor: Monitor) => LimitFunction | undefined;

export function typeLanes(plugins: ReadonlyMap<string, Plugin<unknown>>): LaneOf {
  const lanes = new Map<string, LimitFunction>();
  for (const [type, plugin] of plugins) if (plugin.concurrency) lanes.set(type, pLimit(plugin.concurrency));
  return (monitor) => lanes.get(monitor.type);
}
