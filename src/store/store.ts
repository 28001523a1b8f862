/**
 * The store interface. SQLite (better-sqlite3) is the embedded implementation; a PostgreSQL store
 * for several runners will implement the same interface. Views read from here, never from plugins.
 */
import type { AssertionResult, CheckRecord, Status, StatusCounts } from '../core/result.js';

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

export interface ResultStore {
  readonly path: string;
  beginRun(info: RunInfo): number;
  finishRun(runId: number, counts: StatusCounts, finishedAt: number): void;
  /** Saves a batch of results (and their artifacts) in one short transaction. */
  saveResults(records: readonly CheckRecord[], runId?: number): void;
  recentResults(monitor: string, options?: { since?: number; limit?: number }): StoredResult[];
  windowStats(monitor: string, from: number, to: number): WindowStats;
  /** The newest result of each monitor. */
  latestResults(): StoredResult[];
  latestDetails(monitor: string): unknown;
  artifact(monitor: string, kind: string): { ts: number; content: string } | undefined;
  monitorNames(): string[];
  /** Rolls up and deletes what is past retention; cheap when nothing is due. */
  applyRetention(now: number, policy: RetentionPolicy, options?: { force?: boolean }): RetentionOutcome | undefined;
  close(): void;
}
