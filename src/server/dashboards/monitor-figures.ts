/**
 * The figures of one monitor that a dashboard (and /metrics) shows: uptime over 24h, 7d, 30d and 1y,
 * the 90 daily bars, the latency chart's points, and medians for the latency badges.
 *
 * Cheap enough to recompute on every new result: past days never change (a roll-up keeps a day's
 * counts), so each monitor's counts per day for the last year are read once and kept for an hour; a
 * window is then its partial first day (windowStats over less than a day of rows) + whole past days
 * (from memory) + today (one day of rows). The 24h window is read whole (it is one day of rows).
 */
import type { DayCounts, ResultsPort } from '../../storage/ports/results.js';
import type { StatusCounts } from '../../core/result.js';
import { uptimePercent } from '../../storage/stats.js';
import { UPTIME_WINDOWS, type DailyBar, type LatencyPoint, type UptimeFigure, type UptimeWindow } from '../views/dashboard-data.js';

export const DAY_MS = 86_400_000;
export const WINDOW_MS: Record<UptimeWindow, number> = { '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS, '1y': 365 * DAY_MS };
export const DAILY_BARS = 90;
/** Past days are read again after this long (late results, retention). */
const PAST_DAYS_TTL_MS = 3_600_000;
/** The chart covers the last day, at most this many results (the renderer buckets them to 80 points). */
const CHART_POINTS = 2_000;
const MEDIAN_TTL_MS = 60_000;

export interface MonitorFigureSet {
  uptime: Record<UptimeWindow, UptimeFigure>;
  daily: DailyBar[];
  latency: LatencyPoint[];
  /** The median latency over the last 24 h (the 24h latency badge). */
  p50Day: number | null;
}

interface PastDays {
  todayStart: number;
  readAt: number;
  days: Map<number, DayCounts>;
}

const zero = (): StatusCounts => ({ total: 0, up: 0, degraded: 0, down: 0, unknown: 0 });
function addCounts(into: StatusCounts, from: StatusCounts): void {
  into.total += from.total;
  into.up += from.up;
  into.degraded += from.degraded;
  into.down += from.down;
  into.unknown += from.unknown;
}

export class MonitorFigures {
  private readonly past = new Map<string, PastDays>();
  private readonly medians = new Map<string, { at: number; value: number | null }>();

  constructor(private readonly results: ResultsPort) {}

  async figures(monitor: string, now: number): Promise<MonitorFigureSet> {
    const todayStart = Math.floor(now / DAY_MS) * DAY_MS;
    const past = await this.pastDays(monitor, todayStart, now);
    const [today] = await this.results.dailyCounts(monitor, todayStart, todayStart + DAY_MS);
    const day = await this.results.windowStats(monitor, now - DAY_MS, now + 1);
    const uptime = { '24h': { percent: day.uptimePercent, ...(day.approximate ? { approximate: true } : {}) } } as Record<UptimeWindow, UptimeFigure>;
    for (const window of UPTIME_WINDOWS) {
      if (window === '24h') continue;
      const from = now - WINDOW_MS[window];
      const firstWhole = Math.ceil(from / DAY_MS) * DAY_MS;
      const head = await this.results.windowStats(monitor, from, firstWhole);
      const counts = zero();
      addCounts(counts, head.counts);
      let approximate = head.approximate;
      for (let d = firstWhole; d < todayStart; d += DAY_MS) {
        const entry = past.days.get(d);
        if (!entry) continue;
        addCounts(counts, entry.counts);
        approximate ||= entry.rolledUp;
      }
      if (today) addCounts(counts, today.counts);
      uptime[window] = { percent: uptimePercent(counts), ...(approximate ? { approximate: true } : {}) };
    }
    const daily: DailyBar[] = [];
    for (let ago = DAILY_BARS - 1; ago >= 0; ago--) {
      const start = todayStart - ago * DAY_MS;
      const entry = ago === 0 ? today : past.days.get(start);
      const counts = entry?.counts ?? zero();
      daily.push({ day: new Date(start).toISOString().slice(0, 10), uptimePercent: uptimePercent(counts), counts: { up: counts.up, degraded: counts.degraded, down: counts.down, unknown: counts.unknown } });
    }
    const points = await this.results.resultPoints(monitor, now - DAY_MS, CHART_POINTS);
    const latency: LatencyPoint[] = points.reverse().map((p) => ({ ts: p.ts, ms: p.latencyMs, status: p.status }));
    this.medians.set(`${monitor}\0${'24h'}`, { at: now, value: day.p50 });
    return { uptime, daily, latency, p50Day: day.p50 };
  }

  /** The median latency over a window (the latency badges), read at most once a minute per monitor and window. */
  async median(monitor: string, window: UptimeWindow, now: number): Promise<number | null> {
    const key = `${monitor}\0${window}`;
    const cached = this.medians.get(key);
    if (cached && now - cached.at < MEDIAN_TTL_MS) return cached.value;
    const value = (await this.results.windowStats(monitor, now - WINDOW_MS[window], now + 1)).p50;
    this.medians.set(key, { at: now, value });
    return value;
  }

  /** Forgets a monitor (removed from the config). */
  forget(monitor: string): void {
    this.past.delete(monitor);
    for (const window of UPTIME_WINDOWS) this.medians.delete(`${monitor}\0${window}`);
  }

  private async pastDays(monitor: string, todayStart: number, now: number): Promise<PastDays> {
    const cached = this.past.get(monitor);
    if (cached && cached.todayStart === todayStart && now - cached.readAt < PAST_DAYS_TTL_MS) return cached;
    const rows = await this.results.dailyCounts(monitor, todayStart - WINDOW_MS['1y'] - DAY_MS, todayStart);
    const entry: PastDays = { todayStart, readAt: now, days: new Map(rows.map((row) => [row.day, row])) };
    this.past.set(monitor, entry);
    return entry;
  }
}
