/**
 * Results: every check result, the runs that produced them, hourly roll-ups past raw retention,
 * and per-monitor artifacts (the latest details, the last Lighthouse report).
 */
import type { AssertionResult, CheckRecord, Status, StatusCounts } from '../../core/result.js';

export interface StoredResult {
  id: number;
  monitor: string;
  type: string;
  ts: number;
  status: Status;
  latencyMs: number | null;
  durationMs: number | null;
  attempts: number;
  message: string;
  metrics: Record<string, number>;
  /** Only the assertions that were not up (kept small on purpose). */
  assertions: AssertionResult[];
  /** Kept for results that were not up; the latest details of every monitor are in `latestDetails`. */
  details: unknown;
}

export interface WindowStats {
  /** Window start and end, epoch ms. */
  from: number;
  to: number;
  counts: StatusCounts;
  /** (up + degraded) / (up + degraded + down), in percent; null when nothing was checked. Unknown does not count. */
  uptimePercent: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** True when part of the window comes from hourly roll-ups (percentiles are then approximate). */
  approximate: boolean;
}

export interface RunInfo {
  command: string;
  startedAt: number;
  /** `--location` of the runner, when several locations share one database. */
  location?: string;
}

export interface RetentionPolicy {
  resultsMs: number;
  rollupsMs: number;
}

export interface RetentionOutcome {
  rolledUpHours: number;
  deletedResults: number;
  deletedRollups: number;
}

export interface RecentQuery {
  /** Only results at or after this time (epoch ms). */
  since?: number;
  /** Only results before this time (epoch ms). */
  until?: number;
  /** Page backwards: only results with an id below this one (the API's cursor). */
  beforeId?: number;
  /** At most this many, newest first. Default 50. */
  limit?: number;
}

/** One UTC day's counts (a dashboard's daily bar). */
export interface DayCounts {
  /** The day's start (UTC midnight), epoch ms. */
  day: number;
  counts: StatusCounts;
  /** Part of the day comes from hourly roll-ups. */
  rolledUp: boolean;
}

/** A result without its text: enough for a latency chart. */
export interface ResultPoint {
  id: number;
  ts: number;
  latencyMs: number | null;
  status: Status;
}

export interface ResultsPort {
  beginRun(info: RunInfo): Promise<number>;
  finishRun(runId: number, counts: StatusCounts, finishedAt: number): Promise<void>;
  /** Saves a batch of results (and their artifacts) in one short transaction. */
  saveResults(records: readonly CheckRecord[], runId?: number): Promise<void>;
  /** Newest first. */
  recentResults(monitor: string, query?: RecentQuery): Promise<StoredResult[]>;
  windowStats(monitor: string, from: number, to: number): Promise<WindowStats>;
  /** Counts per UTC day over [from, to), days that have any, oldest first; raw results and roll-ups blended as in windowStats. */
  dailyCounts(monitor: string, from: number, to: number): Promise<DayCounts[]>;
  /** At most `limit` results at or after `since`, newest first, without their text (charts). */
  resultPoints(monitor: string, since: number, limit: number): Promise<ResultPoint[]>;
  /** The newest result of each monitor, by name. */
  latestResults(): Promise<StoredResult[]>;
  /** The status of a monitor's newest result (alerts: is a parent down?). */
  latestStatus(monitor: string): Promise<Status | undefined>;
  latestDetails(monitor: string): Promise<unknown>;
  artifact(monitor: string, kind: string): Promise<{ ts: number; content: string } | undefined>;
  /** Every monitor that has results, sorted. */
  monitorNames(): Promise<string[]>;
  /** Rolls up and deletes what is past retention; cheap when nothing is due (at most hourly unless forced). */
  applyRetention(now: number, policy: RetentionPolicy, options?: { force?: boolean }): Promise<RetentionOutcome | undefined>;
}
