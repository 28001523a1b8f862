/**
 * Field types shared by every section of the config: durations, sizes, URLs, names.
 * Each carries its own "expected …" wording so errors read the same everywhere, and a
 * description that lands in the generated JSON Schema for editors.
 *
 * Schemas use valibot: it is tree-shaken to the pieces trackz uses (≈12 KB, <1 ms to load,
 * against ≈17 ms for zod, measured), which matters on every `trackz check`.
 */
import * as v from 'valibot';
import { DURATION_HINT, durationLimitProblem, MAX_DURATION_MS, MAX_TIMER_MS, parseDuration, parseSize, SIZE_HINT } from '../../core/duration.js';
import { IP_RANGE_EXPECTED, parseIpRange } from '../../core/ip-range.js';

const DURATION_PATTERN = /^\s*(\d+(\.\d+)?(ms|s|m|h|d|w)\s*)+$/;

const expectDuration = (issue: v.BaseIssue<unknown>) =>
  `expected ${DURATION_HINT}${typeof issue.input === 'number' ? ` (add a unit, e.g. ${issue.input}s or ${issue.input}ms)` : ''}`;

/** A duration string such as `90s`; parses to milliseconds, at most `max` (100 years unless said otherwise). */
export function duration(description: string, max: number = MAX_DURATION_MS) {
  return v.pipe(
    v.string(expectDuration),
    v.regex(DURATION_PATTERN, `expected ${DURATION_HINT}`),
    v.description(description),
    v.transform((text) => parseDuration(text)!),
    v.check((ms) => durationLimitProblem(ms, max) === undefined, () => durationLimitProblem(Number.POSITIVE_INFINITY, max)!),
  );
}

/** A duration that must be more than zero: a timeout or an interval of 0s would never let a check run. */
export function positiveDuration(description: string, max: number = MAX_DURATION_MS) {
  return v.pipe(duration(description, max), v.minValue(1, 'expected a duration longer than 0 (e.g. 500ms or 10s)'));
}

/** A duration a timer waits for (a timeout, an interval, a retry delay): at most 2^31 ms, see MAX_TIMER_MS. */
export function timerDuration(description: string) {
  return duration(description, MAX_TIMER_MS);
}

export function positiveTimerDuration(description: string) {
  return positiveDuration(description, MAX_TIMER_MS);
}

/** A byte size: a number of bytes or a string such as `1MiB`. */
export function size(description: string) {
  // Each branch carries the message too: valibot reports a branch's own issue when the type matched.
  const message = `expected ${SIZE_HINT}`;
  return v.pipe(
    v.union([v.pipe(v.number(), v.integer(message), v.minValue(0, message)), v.pipe(v.string(), v.regex(/^\s*\d+(\.\d+)?\s*([kmgKMG]i?[bB]|[bB])?\s*$/, message))], message),
    v.description(description),
    v.transform((value) => parseSize(value)!),
  );
}

const HTTP_URL_MESSAGE = 'expected an http:// or https:// URL';

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** `example.com/health` is a URL without its scheme: say so rather than only "expected a URL". */
const httpUrlMessage = (issue: v.BaseIssue<unknown>) =>
  typeof issue.input === 'string' && /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?(\/|$)/.test(issue.input) ? `${HTTP_URL_MESSAGE} (add the scheme: https://${issue.input})` : HTTP_URL_MESSAGE;

/** An http(s) URL. */
export function httpUrl(description = 'An http:// or https:// URL.') {
  return v.pipe(v.string(HTTP_URL_MESSAGE), v.check(isHttpUrl, httpUrlMessage), v.description(description));
}

const POSTGRES_URL_MESSAGE = 'expected a PostgreSQL URL such as postgres://user:password@host:5432/database';

/** postgres:// or postgresql:// that parses; the driver reads the rest (sslmode, host=/socket/dir…). */
export function isPostgresUrl(value: string): boolean {
  if (!/^postgres(ql)?:\/\//i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** A PostgreSQL connection URL. */
export function postgresUrl(description: string) {
  return v.pipe(v.string(POSTGRES_URL_MESSAGE), v.check(isPostgresUrl, POSTGRES_URL_MESSAGE), v.description(description));
}

/** A host name or IP address (no scheme, no port). */
export function hostName(description = 'A host name or IP address, without scheme or port.') {
  return v.pipe(
    v.string('expected a host name such as example.com'),
    v.regex(/^(\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:]*:[0-9a-fA-F:.]+|[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?\.?)$/, 'expected a host name such as example.com (no scheme, path or port)'),
    v.description(description),
  );
}

/** An IPv4 or IPv6 address, or a CIDR range of either; the message says what is wrong (the address, or the prefix length). */
export function ipRange(description: string) {
  const problem = (input: unknown) => {
    const range = typeof input === 'string' ? parseIpRange(input) : IP_RANGE_EXPECTED;
    return typeof range === 'string' ? range : undefined;
  };
  return v.pipe(v.string(IP_RANGE_EXPECTED), v.check((input) => problem(input) === undefined, (issue) => problem(issue.input) ?? IP_RANGE_EXPECTED), v.description(description));
}

const PORT_MESSAGE = 'expected a port number between 1 and 65535';
export function port(description = 'A TCP port, 1-65535.') {
  return v.pipe(v.number(PORT_MESSAGE), v.integer(PORT_MESSAGE), v.minValue(1, PORT_MESSAGE), v.maxValue(65535, PORT_MESSAGE), v.description(description));
}

/** A whole number in [min, max]. */
export function integer(min: number, max: number, description: string) {
  const message = `expected a whole number from ${min} to ${max}`;
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message), v.description(description));
}

/** Names appear in CLI arguments, URLs and file names: keep them to a safe alphabet. */
export const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

export function entityName(what: string) {
  const message = `expected a ${what} name: letters, digits, '.', '_', ':' or '-', starting with a letter or digit, at most 100 characters`;
  return v.pipe(v.string(message), v.regex(NAME_RE, message), v.description(`The ${what}'s unique name.`));
}

export function text(description: string, message = 'expected text') {
  return v.pipe(v.string(message), v.description(description));
}

export function nonEmptyText(description: string, message = 'expected non-empty text') {
  return v.pipe(v.string(message), v.minLength(1, message), v.description(description));
}

export function flag(description: string) {
  return v.pipe(v.boolean('expected true or false'), v.description(description));
}

export function list<T extends v.GenericSchema>(item: T, description: string) {
  return v.pipe(v.array(item, 'expected a list'), v.description(description));
}

/** A degraded/down pair of thresholds, e.g. `{ degraded: 800ms, down: 5s }`. */
export function durationThresholds(description: string) {
  return v.pipe(
    v.strictObject({
      degraded: v.optional(duration('At or above this, the result is degraded.')),
      down: v.optional(duration('At or above this, the result is down.')),
    }),
    v.description(description),
  );
}
