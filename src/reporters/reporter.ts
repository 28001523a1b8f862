/**
 * Every reporter has the same small lifecycle, fed from the runtime's events (see subscribe.ts):
 * onBegin before the first check, onCheckEnd for each result as it arrives, onEnd once the cycle
 * has finished. A streaming reporter (tap, jsonl) returns text from each step; the others keep what
 * they need and return their whole document from onEnd. The caller decides where text goes (stdout,
 * or a file written atomically); the runtime knows nothing about formats.
 */
import type { Monitor } from '../core/monitor.js';
import type { CheckRecord, StatusCounts } from '../core/result.js';
import type { FailOn } from '../core/verdict.js';

export interface RunStart {
  workspace: string;
  configFile: string;
  startedAt: number;
  /** The monitors that will run, in order. */
  monitors: readonly Monitor[];
  failOn: FailOn;
}

export interface RunSummary extends RunStart {
  finishedAt: number;
  durationMs: number;
  /** In the monitors' order. */
  records: CheckRecord[];
  counts: StatusCounts;
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
  onBegin?(run: RunStart): ReportOutput | void;
  /** Each result as it arrives (in the order checks finish). */
  onCheckEnd?(record: CheckRecord): ReportOutput | void;
  onEnd(summary: RunSummary): ReportOutput;
}

export type ReporterFactory = (options: ReporterOptions) => Reporter;
