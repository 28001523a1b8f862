/**
 * From Lighthouse runs to a CheckResult: a page that failed to load is down with Lighthouse's reason;
 * otherwise the median run's scores and metrics, and each budget as its own assertion. The median run's
 * full report travels as the `lighthouse-report` artifact. Pure: the median is chosen by the caller.
 */
import { formatDuration } from '../../src/core/duration.js';
import { worstOf, type CheckResult } from '../../src/core/result.js';
import { evaluateBudgets, formatScore } from './budgets.js';
import { REPORT_ARTIFACT, storableReport, summarize, summaryMetrics, withoutHeaderValues, type Lhr } from './lhr.js';
import type { LighthouseOptions } from './options.js';

export interface VerdictInput {
  options: LighthouseOptions;
  lhrs: readonly Lhr[];
  /** The run to report (Lighthouse's median run) and its index in `lhrs`. */
  median: { lhr: Lhr; index: number };
  settings?: { extraHeaders?: Record<string, string> | null };
}

function runsNote(count: number): string {
  return count > 1 ? ` (median of ${count} runs)` : '';
}

function scoreLine(lhr: Lhr): string {
  const summary = summarize(lhr);
  const scores = Object.entries(summary.scores).map(([id, score]) => `${id} ${formatScore(score)}`);
  const m = summary.metrics;
  const vitals = [
    m['largest-contentful-paint'] !== undefined ? `LCP ${formatDuration(m['largest-contentful-paint'])}` : '',
    m['cumulative-layout-shift'] !== undefined ? `CLS ${m['cumulative-layout-shift'].toFixed(3)}` : '',
    m['total-blocking-time'] !== undefined ? `TBT ${formatDuration(m['total-blocking-time'])}` : '',
  ].filter(Boolean);
  return [scores.join(', '), vitals.join(', ')].filter(Boolean).join('; ');
}

export function lighthouseVerdict(input: VerdictInput): CheckResult {
  const { options, lhrs, median } = input;
  const settings = input.settings && withoutHeaderValues(input.settings);
  const failedAt = lhrs.findIndex((lhr) => lhr.runtimeError);
  if (failedAt !== -1) {
    const failed = lhrs[failedAt]!;
    const { code, message } = failed.runtimeError!;
    const which = options.runs > 1 ? ` in run ${failedAt + 1} of ${options.runs}` : '';
    const reason = `the page failed to load${which}: ${code}: ${message}`;
    return {
      status: 'down',
      message: reason,
      metrics: { runs: lhrs.length },
      assertions: [{ name: 'page', status: 'down', message: reason, actual: code }],
      details: { url: options.url, lighthouseVersion: failed.lighthouseVersion, runtimeError: { code, message }, runs: lhrs.length, settings },
      artifacts: { [REPORT_ARTIFACT]: storableReport(failed) },
    };
  }

  const summary = summarize(median.lhr);
  const assertions = evaluateBudgets(options.budgets, summary);
  const status = worstOf(assertions.map((a) => a.status));
  const failing = (['down', 'unknown', 'degraded'] as const).flatMap((s) => assertions.filter((a) => a.status === s));
  const message = failing.length
    ? `${failing[0]!.message}${failing.length > 1 ? ` (+${failing.length - 1} more budget${failing.length > 2 ? 's' : ''} missed)` : ''}`
    : `${scoreLine(median.lhr)}${runsNote(lhrs.length)}`;
  return {
    status,
    message,
    latencyMs: summary.metrics['largest-contentful-paint'],
    metrics: { ...summaryMetrics(summary), runs: lhrs.length },
    assertions,
    details: {
      url: options.url,
      finalUrl: median.lhr.finalDisplayedUrl,
      lighthouseVersion: median.lhr.lighthouseVersion,
      fetchTime: median.lhr.fetchTime,
      medianRun: median.index + 1,
      runs: lhrs.map((lhr) => {
        const s = summarize(lhr);
        return { performance: s.scores.performance ?? null, fcpMs: s.metrics['first-contentful-paint'] ?? null, ttiMs: s.metrics.interactive ?? null };
      }),
      scores: summary.scores,
      metrics: summary.metrics,
      resources: summary.resources,
      runWarnings: median.lhr.runWarnings ?? [],
      settings,
    },
    artifacts: { [REPORT_ARTIFACT]: storableReport(median.lhr) },
  };
}
