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

export class TypeLanes {
  private readonly lanes = new Map<string, LimitFunction>();

  /** Adds lanes for plugins not seen yet; a lane in use keeps its queue. */
  add(plugins: ReadonlyMap<string, Plugin<unknown>>): void {
    for (const [type, plugin] of plugins) if (plugin.concurrency && !this.lanes.has(type)) this.lanes.set(type, pLimit(plugin.concurrency));
  }

  readonly laneOf: LaneOf = (monitor) => this.lanes.get(monitor.type);
}
