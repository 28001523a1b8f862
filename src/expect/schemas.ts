/** The schema side of expectations, shared by every plugin that uses them. */
import * as v from 'valibot';
import { durationThresholds, list, text } from '../config/schema/fields.js';
import { STATUS_PATTERN_RE } from './status-code.js';
import { expectationPatternProblem } from './text.js';

/** One value or a list of them; always a list after parsing. */
export function oneOrMany<T extends v.GenericSchema>(item: T, message: string) {
  return v.pipe(
    v.union([item, v.array(item)], message),
    v.transform((value) => (Array.isArray(value) ? value : [value]) as v.InferOutput<T>[]),
  );
}

/** A pattern RE2 can match (see src/core/pattern.ts); the message names what it cannot, with a hint on its second line. */
export const regexString = v.pipe(
  v.string('expected a regular expression'),
  v.check(
    (pattern) => expectationPatternProblem(pattern) === undefined,
    (issue) => expectationPatternProblem(String(issue.input)) ?? 'expected a valid regular expression (e.g. "^ok$" or "/ok/i")',
  ),
);

const STATUS_MESSAGE = 'expected a status code (200), a class ("2xx") or a range ("200-299"), or a list of them';
// The message sits on each check too: when the type matched, valibot reports the branch's own issue.
const statusPattern = v.union(
  [v.pipe(v.number(), v.integer(STATUS_MESSAGE), v.minValue(100, STATUS_MESSAGE), v.maxValue(599, STATUS_MESSAGE)), v.pipe(v.string(), v.regex(STATUS_PATTERN_RE, STATUS_MESSAGE))],
  STATUS_MESSAGE,
);
export const statusPatterns = v.pipe(oneOrMany(statusPattern, STATUS_MESSAGE), v.description('Accepted status codes: 200, "2xx", "200-299", or a list of them.'));

const texts = (description: string) => v.optional(v.pipe(oneOrMany(v.string(), 'expected text or a list of texts'), v.description(description)));

export const textExpectationSchema = v.strictObject({
  contains: texts('Text that must appear.'),
  notContains: texts('Text that must not appear.'),
  matches: v.optional(v.pipe(oneOrMany(regexString, 'expected a regular expression or a list of them'), v.description('Regular expressions that must match ("^ok$" or "/ok/i").'))),
});

const jsonScalar = v.union([v.string(), v.number(), v.boolean(), v.null()], 'expected a string, number, true/false or null');
const num = v.optional(v.number('expected a number'));

export const jsonAssertionSchema = v.strictObject({
  path: v.pipe(v.string('expected a JSONPath'), v.regex(/^\$/, 'expected a JSONPath starting with $ (e.g. $.status)'), v.description('JSONPath into the body, e.g. $.status or $.items.length')),
  exists: v.optional(v.boolean('expected true or false')),
  equals: v.optional(jsonScalar),
  notEquals: v.optional(jsonScalar),
  contains: v.optional(text('Text the value must contain.')),
  matches: v.optional(regexString),
  gt: num,
  gte: num,
  lt: num,
  lte: num,
});

export const headerExpectationSchema = v.union(
  [
    v.pipe(v.string(), v.description('Exact value (case-insensitive).')),
    v.strictObject({ contains: v.optional(v.string()), matches: v.optional(regexString), exists: v.optional(v.boolean()) }),
  ],
  'expected a header value, or { contains | matches | exists }',
);

export const latencyThresholds = durationThresholds('Latency thresholds, e.g. { degraded: 800ms, down: 5s }.');

const days = (description: string, fallback: number) => v.optional(v.pipe(v.number('expected a number of days'), v.minValue(0, 'expected a number of days ≥ 0'), v.description(description)), fallback);

export const daysLeftThresholds = v.pipe(
  v.strictObject({
    degraded: days('Fewer days left than this is degraded. Default: 30', 30),
    down: days('Fewer days left than this is down. Default: 7', 7),
  }),
  v.description('Certificate expiry thresholds in days.'),
);

export const jsonAssertions = v.optional(list(jsonAssertionSchema, 'JSONPath assertions on a JSON body.'));
