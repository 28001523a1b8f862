/**
 * lighthouse: audits a page with Lighthouse 12 in a Chrome shared by every lighthouse monitor of the
 * run, one audit at a time (concurrent audits skew each other's scores). Reports the median run's
 * category scores and Web Vitals, and checks budgets. Lighthouse and Chrome are imported and started
 * only when a lighthouse monitor actually runs: this module itself is cheap to import.
 */
import { readCaFile } from '../../src/core/connect.js';
import { formatDuration } from '../../src/core/duration.js';
import { definePlugin } from '../../src/core/plugin.js';
import type { CheckResult } from '../../src/core/result.js';
import { ChromeUnavailableError, killChrome } from './chrome.js';
import { lighthouseOptions } from './options.js';
import { reachPage } from './reach.js';

/** Set once an audit has run: then there is a Lighthouse worker and maybe a Chrome to stop. */
let audits: typeof import('./audit.js') | undefined;

function logLevel(): 'silent' | 'error' | 'info' {
  const level = (process.env.TRACKZ_LOG ?? '').toLowerCase();
  return level === 'debug' ? 'info' : level === 'info' ? 'error' : 'silent';
}

export default definePlugin({
  type: 'lighthouse',
  description: 'Lighthouse audit: category scores, Web Vitals, budgets that gate deploys',
  options: lighthouseOptions,
  concurrency: 1,
  // One audit of a real page takes 10-30 s; `timeout:` covers all runs of a check.
  defaultTimeoutMs: 120_000,
  async run(monitor, ctx): Promise<CheckResult> {
    const reach = await reachPage(monitor.options.url, { insecure: monitor.options.insecure, ca: readCaFile(ctx.configDir, monitor.options.ca) }, ctx.signal, ctx.timeoutMs);
    if (!reach.ok) return { status: 'down', message: reach.message, metrics: {}, assertions: [{ name: 'page', status: 'down', message: reach.message }], details: { url: monitor.options.url } };
    const [audit, { pickMedianRun }, { lighthouseVerdict }] = await Promise.all([import('./audit.js'), import('./median-run.js'), import('./verdict.js')]);
    audits = audit;
    let runs;
    try {
      runs = await audit.auditPage(monitor.name, monitor.options, ctx.signal, logLevel(), reach.chromeFlags);
    } catch (error) {
      if (error instanceof ChromeUnavailableError) return { status: 'unknown', message: error.message, metrics: {} };
      if (ctx.signal.aborted) {
        const timedOut = (ctx.signal.reason as { name?: string } | undefined)?.name === 'TimeoutError';
        const runsNote = monitor.options.runs > 1 ? ` (\`timeout:\` covers all ${monitor.options.runs} runs)` : '';
        const message = timedOut ? `timeout after ${formatDuration(ctx.timeoutMs)} during the audit${runsNote}` : 'cancelled during the audit';
        return { status: timedOut ? 'down' : 'unknown', message, metrics: {} };
      }
      // Lighthouse itself failed (Chrome crashed, the protocol timed out): start afresh next time.
      await audit.stopAudits();
      return { status: 'unknown', message: `Lighthouse failed: ${(error as Error).message.split('\n')[0]}`, metrics: {} };
    }
    return lighthouseVerdict({ options: monitor.options, lhrs: runs.lhrs, median: pickMedianRun(runs.lhrs), settings: runs.flags });
  },
  async dispose() {
    killChrome();
    await audits?.stopAudits();
  },
});
