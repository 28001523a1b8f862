/** What one import run did: the numbers the check, `trackz import` and the tests report. */
import type { ActivityPort } from '../storage/ports/activity.js';

/** Another process moved the cursor under this import: stop without writing. */
export { ConcurrentImportError } from '../storage/ports/activity.js';

export interface MalformedLine {
  /** File path, or `-` for stdin. */
  file: string;
  line: number;
  /** Why it was refused; never the line's content (it may hold an IP address). */
  reason: string;
}

export interface FileReport {
  path: string;
  action: 'skip' | 'resume' | 'start' | 'read';
  why: string;
  /** Lines (or events) read from it in this run. */
  lines: number;
}

export interface ImportStats {
  kind: 'site' | 'agent';
  name: string;
  durationMs: number;
  /** Lines (sites) or events (agents) read. */
  lines: number;
  /** Rows added: requests for sites, events for agents. */
  imported: number;
  /** Agent events already stored whose end (or fields) changed. */
  updated: number;
  malformed: number;
  /** The first MAX_MALFORMED_SAMPLES malformed lines. */
  malformedSamples: MalformedLine[];
  /** Requests or events read but deliberately not stored, by reason (dnt, opt-out, incognito…). */
  skipped: Record<string, number>;
  /** Requests from bots (stored, flagged, left out of visitor figures). */
  bots: number;
  files: FileReport[];
  /** Newest timestamp seen in the source, epoch ms (for the lag). */
  newestTs: number | null;
  /** False when the run stopped early (time limit, Ctrl-C); the next run continues where it stopped. */
  complete: boolean;
  /** Rows removed by retention in this run, by kind. */
  retained: Record<string, number>;
  /** Another process was importing the same source: this run stopped without writing. */
  busy?: boolean;
}

export const MAX_MALFORMED_SAMPLES = 20;

export function emptyStats(kind: ImportStats['kind'], name: string): ImportStats {
  return { kind, name, durationMs: 0, lines: 0, imported: 0, updated: 0, malformed: 0, malformedSamples: [], skipped: {}, bots: 0, files: [], newestTs: null, complete: true, retained: {} };
}

export function countSkip(stats: ImportStats, reason: string, by = 1): void {
  stats.skipped[reason] = (stats.skipped[reason] ?? 0) + by;
}

export function noteMalformed(stats: ImportStats, file: string, line: number, reason: string): void {
  stats.malformed++;
  if (stats.malformedSamples.length < MAX_MALFORMED_SAMPLES) stats.malformedSamples.push({ file, line, reason });
}

/** A malformed line met with `--strict`: the import stops there (what came before it is kept). */
export class StrictImportError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
    readonly stats: ImportStats,
  ) {
    super(`${file}:${line}: ${reason} (--strict stops at the first malformed line; the lines before it were imported)`);
    this.name = 'StrictImportError';
  }
}

/**
 * What a full disk leaves of an import, for StorageFullError: every batch is stored with its file's
 * position in one transaction, so what was stored is whole and a re-run takes up exactly there.
 */
export function fullDiskProgress(name: string, rows: string, reached?: { file: string; line: number }): string {
  const where = reached ? ` (up to line ${reached.line} of ${reached.file})` : '';
  return `the ${rows} stored before it are kept, whole${where}. Free some space and run \`trackz import ${name}\` again: it continues there, importing nothing twice`;
}

/** What every import (a site's logs, an agent's events) is given, whatever it reads. */
export interface ImportRunOptions {
  activity: ActivityPort;
  /** Relative paths are resolved against it. */
  configDir: string;
  /** Read these instead of the configured source (`trackz import NAME FILE`); `-` is stdin. */
  inputs?: string[];
  stdin?: NodeJS.ReadableStream;
  now?: () => number;
  /** Stop between batches once this returns true (time limit, Ctrl-C); the next run continues. */
  shouldStop?: () => boolean;
  /** A malformed line or event stops the import (the ones before it are kept). */
  strict?: boolean;
  /** Called after each stored batch (progress). */
  onBatch?: (stats: ImportStats) => void;
}
