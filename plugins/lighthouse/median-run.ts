/**
 * Which of several runs to report: Lighthouse's own computeMedianRun (the run closest to the median
 * FCP and median TTI, ties to the lower TTI), imported rather than copied so it cannot drift. Runs
 * without FCP or TTI (the performance category not audited) cannot be ranked; then the last run is used.
 */
import { computeMedianRun, filterToValidRuns } from 'lighthouse/core/lib/median-run.js';
import type { Lhr } from './lhr.js';

type LighthouseResult = Parameters<typeof computeMedianRun>[0][number];

export function pickMedianRun(runs: readonly Lhr[]): { lhr: Lhr; index: number } {
  if (runs.length === 0) throw new Error('no runs to choose from');
  const valid = filterToValidRuns(runs as unknown as LighthouseResult[]);
  if (valid.length === 0) return { lhr: runs.at(-1)!, index: runs.length - 1 };
  const median = computeMedianRun(valid) as unknown as Lhr;
  return { lhr: median, index: runs.indexOf(median) };
}
