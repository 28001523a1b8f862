/**
 * Runs Lighthouse `runs` times against the shared Chrome, stopping at the first run the page fails to
 * load in. An abort (timeout, Ctrl-C) stops the Lighthouse worker and kills Chrome: the audit in
 * flight is worthless by then, and the next monitor gets a fresh pair.
 * Loaded only when a lighthouse monitor runs.
 */
import { abortable } from '../../src/core/connect.js';
import { mark } from '../../src/core/trace.js';
import { acquireChrome, killChrome } from './chrome.js';
import type { Lhr } from './lhr.js';
import { runLighthouse, stopLighthouse, warmUpLighthouse } from './lighthouse-worker.js';
import type { LighthouseOptions } from './options.js';
import type { LighthouseFlags } from './settings.js';

export interface AuditRuns {
  lhrs: Lhr[];
  /** The settings the runs used, for the details view. */
  flags?: LighthouseFlags;
}

/** Stops everything an audit may have left running. */
export async function stopAudits(): Promise<void> {
  killChrome();
  await stopLighthouse();
}

/** `chromeFlags`: the page's certificate flags, from reachPage. */
export async function auditPage(name: string, options: LighthouseOptions, signal: AbortSignal, logLevel: 'silent' | 'error' | 'info', chromeFlags: readonly string[] = []): Promise<AuditRuns> {
  signal.throwIfAborted();
  const onAbort = () => void stopAudits();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    // Lighthouse loads in its worker while Chrome starts: both take about a second on the first audit.
    warmUpLighthouse();
    const lhrs: Lhr[] = [];
    let flags: LighthouseFlags | undefined;
    for (let run = 1; run <= options.runs; run++) {
      signal.throwIfAborted();
      const chrome = await abortable(acquireChrome(chromeFlags), signal);
      mark(`lighthouse: audit start ${name} run ${run}`);
      const result = await runLighthouse(options, chrome.port, logLevel, signal);
      mark(`lighthouse: audit end ${name} run ${run}`);
      lhrs.push(result.lhr);
      flags = result.flags;
      if (result.lhr.runtimeError) break;
    }
    return { lhrs, flags };
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
