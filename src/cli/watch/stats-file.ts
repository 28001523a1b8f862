/**
 * `trackz watch --stats-file PATH` (hidden; the bench reads it): every few seconds, and once more at
 * the end, the scheduler's lag (p50/p99/max from every check's start, and the runtime's histogram),
 * results seen, process CPU time and RSS, as one JSON object written atomically.
 */
import { renameSync, writeFileSync } from 'node:fs';
import type { Runtime } from '../../runtime/runtime-api.js';

const EVERY_MS = 5_000;
/** Lag samples kept (a long run keeps its most recent ones). */
const MAX_SAMPLES = 1_000_000;

export interface WatchStats {
  at: number;
  uptimeS: number;
  results: number;
  lag: { count: number; p50Ms: number | null; p99Ms: number | null; maxMs: number; histogram: ReturnType<Runtime['lag']> };
  cpu: { userMs: number; systemMs: number };
  rssBytes: number;
  peakRssBytes: number;
}

const percentile = (sorted: Float64Array, p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : null);

export function writeStatsFile(path: string, runtime: Runtime): { stop(): void } {
  let samples = new Float64Array(4096);
  let count = 0;
  let results = 0;
  const offStarted = runtime.events.on('check.started', (event) => {
    if (event.lagMs === undefined || event.scheduledAt === event.startedAt) return;
    if (count === samples.length) {
      if (count >= MAX_SAMPLES) count = 0;
      else {
        const grown = new Float64Array(samples.length * 2);
        grown.set(samples);
        samples = grown;
      }
    }
    samples[count++] = Math.max(0, event.lagMs);
  });
  const offResult = runtime.events.on('check.result', () => void results++);
  const write = () => {
    const sorted = samples.slice(0, count).sort();
    const cpu = process.cpuUsage();
    const usage = process.resourceUsage();
    const rss = process.memoryUsage.rss();
    const stats: WatchStats = {
      at: Date.now(),
      uptimeS: process.uptime(),
      results,
      lag: { count, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), maxMs: sorted.length ? sorted[sorted.length - 1]! : 0, histogram: runtime.lag() },
      cpu: { userMs: cpu.user / 1000, systemMs: cpu.system / 1000 },
      rssBytes: rss,
      // The kernel updates its high-water mark lazily: the RSS just read may be above it.
      peakRssBytes: Math.max(usage.maxRSS * 1024, rss),
    };
    writeFileSync(`${path}.tmp`, JSON.stringify(stats));
    renameSync(`${path}.tmp`, path);
  };
  const timer = setInterval(write, EVERY_MS);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      offStarted();
      offResult();
      write();
    },
  };
}
