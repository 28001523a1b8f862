/**
 * What watch's screen shows, from storage and from the runtime: the store is seeded from what is
 * stored (latest result, recent latencies for the sparkline, uptime over 24h), then every
 * `check.result` goes in as it comes. Uptime is a storage query, so it is refreshed now and then
 * for every monitor, never per result.
 */
import type { Monitor } from '../../core/monitor.js';
import type { CheckRecord } from '../../core/result.js';
import type { Runtime } from '../../runtime/runtime-api.js';
import type { ResultsPort, StoredResult } from '../../storage/ports/index.js';
import type { MonitorSeed, ResultUpdate, WatchStore } from '../../tui/watch-store.js';

const DAY_MS = 86_400_000;
/** Uptime over 24h moves slowly: once a minute is plenty, and costs one query per monitor. */
export const UPTIME_REFRESH_MS = 60_000;

export function seedsOf(monitors: readonly Monitor[], paused: ReadonlySet<string> = new Set()): MonitorSeed[] {
  return monitors.map((m) => ({ name: m.name, type: m.type, tags: m.tags, paused: paused.has(m.name) }));
}

const updateOf = (stored: StoredResult, tags: readonly string[]): ResultUpdate => ({
  monitor: stored.monitor,
  type: stored.type,
  tags: [...tags],
  status: stored.status,
  message: stored.message,
  metrics: stored.metrics,
  startedAt: stored.ts,
  latencyMs: stored.latencyMs ?? undefined,
  assertions: stored.assertions,
});

/** Fills the store with what storage already knows, oldest first so the sparkline reads left to right. */
export async function seedFromStorage(store: WatchStore, results: ResultsPort, monitors: readonly Monitor[], points: number, now = Date.now()): Promise<void> {
  for (const monitor of monitors) {
    const recent = await results.recentResults(monitor.name, { limit: points });
    if (recent.length === 0) continue;
    const stats = await results.windowStats(monitor.name, now - DAY_MS, now);
    for (const stored of recent.reverse()) store.applyResult(updateOf(stored, monitor.tags));
    store.setUptime(monitor.name, stats.uptimePercent);
  }
}

export interface LiveFeed {
  /** The newest record of each monitor seen in this process (full assertions, for the detail view). */
  latest: Map<string, CheckRecord>;
  stop(): void;
}

/** Feeds the runtime's results into the store, and refreshes uptime from storage every so often. */
export function feedStore(store: WatchStore, runtime: Runtime, results: ResultsPort, everyMs = UPTIME_REFRESH_MS): LiveFeed {
  const latest = new Map<string, CheckRecord>();
  const off = runtime.events.on('check.result', ({ record }) => {
    latest.set(record.monitor, record);
    store.applyResult(record);
  });
  let refreshing = false;
  const refresh = async () => {
    if (refreshing) return;
    refreshing = true;
    try {
      const now = Date.now();
      for (const monitor of runtime.monitors()) {
        const stats = await results.windowStats(monitor.name, now - DAY_MS, now);
        store.setUptime(monitor.name, stats.uptimePercent);
      }
    } catch {
      // The storage said no (closing, busy): the figure stays as it was until the next refresh.
    } finally {
      refreshing = false;
    }
  };
  // A first refresh soon, for monitors that had no result before watch started; then every minute.
  const first = setTimeout(() => void refresh(), Math.min(everyMs, 5_000));
  first.unref();
  const timer = setInterval(() => void refresh(), everyMs);
  timer.unref();
  return {
    latest,
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
      off();
    },
  };
}
