/**
 * One monitor through its plugin: a timeout per attempt enforced with an AbortSignal (and a guard for
 * plugins that ignore it), retries with exponential back-off, and isolation: a plugin bug becomes an
 * `unknown` result, never a crash. Both the one-pass cycle and the scheduler run monitors through this.
 */
import { formatDuration, MAX_TIMER_MS } from '../core/duration.js';
import { CheckSetupError } from '../core/errors.js';
import { createLogger, type Logger } from '../core/log.js';
import type { Monitor } from '../core/monitor.js';
import type { CheckContext, Plugin } from '../core/plugin.js';
import type { CheckRecord, CheckResult } from '../core/result.js';
import { normalizeResult, roundMs } from './normalize-result.js';

/** How long past its timeout a plugin that ignores its AbortSignal is given before the runner moves on. */
export const TIMEOUT_GRACE_MS = 500;

export interface MonitorRunOptions {
  /** Directory of the config file: plugins resolve relative paths against it. */
  configDir: string;
  /** Cancels the check (Ctrl-C, or a stop that will not wait). */
  signal?: AbortSignal;
  now?: () => number;
  log?: Logger;
}

export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

async function attemptOnce(plugin: Plugin<unknown>, monitor: Monitor, attempt: number, options: MonitorRunOptions, log: Logger): Promise<CheckResult> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new TimeoutError(`timeout after ${formatDuration(monitor.timeoutMs)}`)), monitor.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
  const ctx: CheckContext = {
    signal,
    timeoutMs: monitor.timeoutMs,
    attempt,
    now: options.now ?? Date.now,
    log: log.child(monitor.name),
    configDir: options.configDir,
  };
  let guardTimer: NodeJS.Timeout | undefined;
  let onCancel: (() => void) | undefined;
  const guard = new Promise<CheckResult>((resolve) => {
    guardTimer = setTimeout(
      () => resolve({ status: 'down', message: `timeout after ${formatDuration(monitor.timeoutMs)} (the ${monitor.type} check did not stop when asked)`, metrics: {} }),
      monitor.timeoutMs + TIMEOUT_GRACE_MS,
    );
    // Ctrl-C gets the same grace, not the rest of the timeout: a plugin that ignores it is left behind.
    onCancel = () => {
      clearTimeout(guardTimer);
      guardTimer = setTimeout(() => resolve({ status: 'unknown', message: 'cancelled (the check did not stop when asked)', metrics: {} }), TIMEOUT_GRACE_MS);
    };
    options.signal?.addEventListener('abort', onCancel, { once: true });
  });
  try {
    const outcome = await Promise.race([Promise.resolve().then(() => plugin.run(monitor, ctx)), guard]);
    const result = normalizeResult(outcome);
    // Cut short by Ctrl-C, a check has not found its target down: it could not tell (and must not alert).
    if (result.status === 'down' && options.signal?.aborted && !timeout.signal.aborted) return { ...result, status: 'unknown' };
    return result;
  } catch (error) {
    // Every path, the runner's own results included, goes through normalizeResult: one place for clean text.
    if (timeout.signal.aborted) return normalizeResult({ status: 'down', message: `timeout after ${formatDuration(monitor.timeoutMs)}`, metrics: {} });
    if (options.signal?.aborted) return normalizeResult({ status: 'unknown', message: 'cancelled', metrics: {} });
    if (error instanceof CheckSetupError) return normalizeResult({ status: 'unknown', message: error.message, metrics: {} });
    const err = error instanceof Error ? error : new Error(String(error));
    log.debug(`${monitor.name}: plugin threw: ${err.stack ?? err.message}`);
    return normalizeResult({
      status: 'unknown',
      message: `the ${monitor.type} check failed unexpectedly: ${err.message}`,
      metrics: {},
      details: { error: err.stack ?? err.message },
    });
  } finally {
    clearTimeout(timer);
    clearTimeout(guardTimer);
    if (onCancel) options.signal?.removeEventListener('abort', onCancel);
  }
}

/** One monitor: attempts until up/degraded or out of retries. Never throws. */
export async function runMonitor(plugin: Plugin<unknown>, monitor: Monitor, options: MonitorRunOptions, log: Logger = options.log ?? createLogger()): Promise<CheckRecord> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const start = performance.now();
  let result: CheckResult;
  let attempts = 0;
  for (;;) {
    attempts++;
    result = await attemptOnce(plugin, monitor, attempts, options, log);
    if (result.status === 'up' || result.status === 'degraded' || attempts > monitor.retries || options.signal?.aborted) break;
    log.debug(`${monitor.name}: attempt ${attempts} ${result.status} (${result.message}); retrying`);
    // Doubling may pass what a timer holds (it would then fire at once): wait the longest it can instead.
    await sleep(Math.min(monitor.retryDelayMs * 2 ** (attempts - 1), MAX_TIMER_MS), options.signal);
    if (options.signal?.aborted) break;
  }
  return {
    ...result,
    monitor: monitor.name,
    type: monitor.type,
    tags: monitor.tags,
    startedAt,
    durationMs: roundMs(performance.now() - start),
    attempts,
  };
}
