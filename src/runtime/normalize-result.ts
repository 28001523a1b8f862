/**
 * Where results are made: every CheckResult, from a built-in or a third-party plugin, and every
 * result the runner writes itself (timeouts, plugin bugs), passes through here before anything
 * stores, prints or alerts on it. So this is the one place that guarantees, for every view:
 * - the shape (a known status, finite numbers), or an `unknown` result that says what was wrong;
 * - clean text: messages and assertion messages are one line without escape sequences or control
 *   characters, and every string in the details is free of them too (src/core/sanitize.ts);
 * - no credentials: registered secrets and the userinfo of URLs are redacted everywhere, artifacts
 *   included, so they are never printed or stored;
 * - numbers without float noise: durations to 0.1 ms, everything else to 12 significant digits.
 */
import type { AssertionResult, CheckResult } from '../core/result.js';
import { isStatus } from '../core/result.js';
import { cleanText, mapStrings, oneLine, redactUrlUserinfo } from '../core/sanitize.js';
import { redact } from '../privacy/redactor.js';

/** A duration in ms, to 0.1 ms: the resolution any timing here has. */
export const roundMs = (ms: number): number => Math.round(ms * 10) / 10;

/** 0.1 + 0.2 reads 0.3, 100.00000000000001 reads 100. */
export const roundNumber = (value: number): number => (Number.isInteger(value) ? value : Number(value.toPrecision(12)));

const roundMetric = (name: string, value: number) => (name.endsWith('_ms') ? roundMs(value) : roundNumber(value));

/** A message or an assertion's text: one line, nothing secret. */
export const cleanMessage = (text: string): string => oneLine(redact(redactUrlUserinfo(text)));

/** A string inside the details: line breaks kept, nothing else a terminal would act on, nothing secret. */
const cleanDetail = (text: string): string => cleanText(redact(redactUrlUserinfo(text)));

/** Artifacts are documents (a Lighthouse report's JSON, where control characters are already escaped). */
const cleanArtifact = (text: string): string => redact(redactUrlUserinfo(text));

const cleanValue = <T>(value: T): T => {
  if (typeof value === 'string') return cleanMessage(value) as T;
  if (typeof value === 'number') return (Number.isFinite(value) ? roundNumber(value) : value) as T;
  return value;
};

function describeValue(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
}

function invalid(why: string): CheckResult {
  return { status: 'unknown', message: `the plugin returned an invalid result: ${why}`, metrics: {} };
}

/** Checks and cleans a plugin's answer so a third-party bug or a hostile target cannot poison the store or the views. */
export function normalizeResult(value: unknown): CheckResult {
  if (value === null || typeof value !== 'object') return invalid('it is not an object');
  const result = value as Partial<CheckResult>;
  if (!isStatus(result.status)) return invalid(`status ${cleanMessage(describeValue(result.status))} is not one of up, degraded, down, unknown`);
  // A NaN or a string where a number belongs is a plugin bug: say so rather than store a guess.
  const metrics: Record<string, number> = {};
  for (const [key, metric] of Object.entries(result.metrics ?? {})) {
    if (metric === undefined) continue;
    const name = oneLine(key, 100);
    if (typeof metric !== 'number' || !Number.isFinite(metric)) return invalid(`metric ${name} is ${cleanMessage(describeValue(metric))}, expected a finite number`);
    metrics[name] = roundMetric(name, metric);
  }
  if (result.latencyMs !== undefined && !(typeof result.latencyMs === 'number' && Number.isFinite(result.latencyMs))) {
    return invalid(`latencyMs is ${cleanMessage(describeValue(result.latencyMs))}, expected a finite number of milliseconds`);
  }
  let artifacts: Record<string, string> | undefined;
  if (result.artifacts && typeof result.artifacts === 'object') {
    artifacts = {};
    for (const [name, text] of Object.entries(result.artifacts)) if (typeof text === 'string') artifacts[name] = cleanArtifact(text);
  }
  return {
    status: result.status,
    latencyMs: result.latencyMs === undefined ? undefined : roundMs(result.latencyMs),
    message: cleanMessage(typeof result.message === 'string' ? result.message : ''),
    metrics,
    assertions: Array.isArray(result.assertions)
      ? result.assertions
          .filter((a): a is AssertionResult => Boolean(a) && typeof a.name === 'string' && isStatus(a.status))
          .map((a) => ({ ...a, name: oneLine(a.name, 200), message: cleanMessage(String(a.message ?? '')), actual: cleanValue(a.actual), expected: cleanValue(a.expected) }))
      : undefined,
    details: result.details === undefined ? undefined : mapStrings(result.details, cleanDetail),
    artifacts,
  };
}
