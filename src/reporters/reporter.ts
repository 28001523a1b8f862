/**
 * Every reporter has the same small lifecycle; the runner knows nothing about formats.
 * A reporter returns its whole document from onEnd; the caller decides where it goes
 * (stdout, or a file written atomically).
 */
import type { Monitor } from '../core/monitor.js';
import type { CheckRecord, StatusCounts } from '../core/result.js';
import type { FailOn } from '../core/verdict.js';

export interface RunStart {
  workspace: string;
  configFile: string;
  startedAt: number;
  monitors: readonly Monitor[];
}

export interface RunSummary extends RunStart {
  finishedAt: number;
  durationMs: number;
  /** In the monitors' order. */
  records: CheckRecord[];
  counts: StatusCounts;
  failOn: FailOn;
  exitCode: number;
}

export interface ReporterOptions {
  /** Colours and symbols for a terminal; false for files, pipes and NO_COLOR. */
  color: boolean;
  /** The width to fit (COLUMNS, or the terminal's); absent for files and pipes. */
  columns?: number;
  /** Working directory, for paths relative to it (GitHub annotations). */
  cwd: string;
  env: Record<string, string | undefined>;
}

/** A whole document, or its pieces in order (so a 10,000-result report never exists as one string). */
export type ReportOutput = string | Iterable<string>;

export interface Reporter {
  onBegin?(run: RunStart): void;
  onCheckEnd?(record: CheckRecord): void;
  onEnd(summary: RunSummary): ReportOutput;
}

export type ReporterFactory = (options: ReporterOptions) => Reporter;
