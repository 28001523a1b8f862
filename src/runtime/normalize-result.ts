/**
 * What a plugin returned, made safe to store and show: a third-party bug (a NaN metric, a made-up status)
 * becomes an `unknown` result that says what was wrong, and anything a server echoed is redacted.
 */
import { isStatus, type CheckResult } from '../core/result.js';
import { redact } from '../privacy/redactor.js';

/** Checks a plugin's answer so a third-party bug cannot poison the store or the reporters. */
export function normalizeResult(value: unknown): CheckResult {
  if (value === null || typeof value !== 'object') return invalid('it is not an object');
  const result = value as Partial<CheckResult>;
  if (!isStatus(result.status)) return invalid(`status ${JSON.stringify(result.status)} is not one of up, degraded, down, unknown`);
  // A NaN or a string where a number belongs is a plugin bug: say so rather than store a guess.
  const metrics: Record<string, number> = {};
  for (const [key, metric] of Object.entries(result.metrics ?? {})) {
    if (metric === undefined) continue;
    if (typeof metric !== 'number' || !Number.isFinite(metric)) return invalid(`metric ${key} is ${describeValue(metric)}, expected a finite number`);
    metrics[key] = metric;
  }
  if (result.latencyMs !== undefined && !(typeof result.latencyMs === 'number' && Number.isFinite(result.latencyMs))) {
    return invalid(`latencyMs is ${describeValue(result.latencyMs)}, expected a finite number of milliseconds`);
  }
  const latency = result.latencyMs;
  return {
    status: result.status,
    latencyMs: latency,
    message: redact(typeof result.message === 'string' ? result.message : ''),
    metrics,
    assertions: Array.isArray(result.assertions)
      ? result.assertions
          .filter((a) => a && typeof a.name === 'string' && isStatus(a.status))
          .map((a) => ({ ...a, message: redact(String(a.message ?? '')), actual: redactValue(a.actual), expected: redactValue(a.expected) }))
      : undefined,
    details: result.details,
    artifacts: result.artifacts,
  };
}

/** An assertion's actual/expected value can quote what a server echoed back: a credential, say. */
function redactValue<T>(value: T): T {
  return (typeof value === 'string' ? redact(value) : value) as T;
}

function describeValue(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
}

function invalid(why: string): CheckResult {
  return { status: 'unknown', message: `the plugin returned an invalid result: ${why}`, metrics: {} };
}
