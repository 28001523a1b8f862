/**
 * An import run as a check result: what a person reading `trackz check` needs (how much came in,
 * how many lines were refused and where, how old the newest entry is) and the metrics the views plot.
 * Status: down when nothing could be read or every line was refused (the log format does not match),
 * degraded when at least 1% of the lines were malformed, else up; `expect.lag` can make it worse.
 */
import { formatDuration } from '../core/duration.js';
import { plural } from '../core/plural.js';
import { worstOf, type AssertionResult, type CheckResult } from '../core/result.js';
import { thresholdAssertion, type Thresholds } from '../expect/thresholds.js';
import type { ImportStats } from './import-stats.js';

/** Malformed lines at or above this share of a run make the check degraded. */
export const MALFORMED_DEGRADED_SHARE = 0.01;
/** A run that refused every one of at least this many lines is down: the format does not match. */
export const ALL_MALFORMED_MIN_LINES = 10;

const count = (n: number) => n.toLocaleString('en-US');
const unitOf = (kind: ImportStats['kind']) => (kind === 'site' ? 'line' : 'event');

/** `pushed`: an agent with `source: { type: push }`: nothing is imported, devices push (push-ingest.ts). */
export function importCheckResult(stats: ImportStats, options: { now: number; lag?: Thresholds; pushed?: boolean }): CheckResult {
  const seconds = stats.durationMs / 1000;
  const lagMs = stats.newestTs === null ? undefined : Math.max(0, options.now - stats.newestTs);
  const metrics: Record<string, number> = {
    lines: stats.lines,
    imported: stats.imported,
    malformed: stats.malformed,
    lines_per_s: seconds > 0 ? Math.round(stats.lines / seconds) : 0,
    bots: stats.bots,
    skipped: Object.values(stats.skipped).reduce((a, b) => a + b, 0),
  };
  if (stats.kind === 'agent') metrics.updated = stats.updated;
  if (lagMs !== undefined) metrics.lag_s = Math.round(lagMs / 1000);

  const assertions: AssertionResult[] = [];
  const share = stats.lines > 0 ? stats.malformed / stats.lines : 0;
  const first = stats.malformedSamples[0];
  const where = first ? ` (first: ${first.file}:${first.line}: ${first.reason})` : '';
  if (stats.malformed > 0 && stats.malformed === stats.lines && stats.lines >= ALL_MALFORMED_MIN_LINES) {
    assertions.push({ name: 'malformed', status: 'down', message: `all ${plural(stats.lines, unitOf(stats.kind))} were malformed: does the format match the log?${where}`, actual: stats.malformed, expected: 0 });
  } else if (stats.malformed > 0 && share >= MALFORMED_DEGRADED_SHARE) {
    assertions.push({ name: 'malformed', status: 'degraded', message: `${count(stats.malformed)} of ${plural(stats.lines, unitOf(stats.kind))} malformed${where}`, actual: stats.malformed, expected: 0 });
  }
  if (options.lag && lagMs !== undefined) assertions.push(thresholdAssertion('lag', 'newest entry age', lagMs, options.lag, 'above', formatDuration));

  const status = worstOf(assertions.map((a) => a.status));
  const problem = assertions.find((a) => a.status === status && status !== 'up');
  let message = options.pushed
    ? lagMs === undefined
      ? 'no events pushed yet (trackz agent --server … sends them)'
      : 'events pushed by trackz agent'
    : `${plural(stats.imported, stats.kind === 'site' ? 'request' : 'event')} imported from ${plural(stats.lines, unitOf(stats.kind))}`;
  if (stats.kind === 'agent' && stats.updated) message += `, ${count(stats.updated)} updated`;
  if (stats.malformed) message += `, ${count(stats.malformed)} malformed`;
  if (lagMs !== undefined) message += ` · newest ${formatDuration(lagMs)} old`;
  if (stats.busy) message = 'another trackz process is importing this source right now; this run left it alone';
  else if (!stats.complete) message += ' · stopped at the time limit, continues next run';
  return {
    status,
    latencyMs: stats.durationMs,
    message: problem ? problem.message : message,
    metrics,
    assertions,
    details: {
      files: stats.files,
      malformed: stats.malformedSamples,
      skipped: stats.skipped,
      retained: stats.retained,
      complete: stats.complete,
    },
  };
}
