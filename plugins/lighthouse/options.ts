/**
 * The lighthouse check's own fields. Budgets read like Lighthouse CI assertions (category ids and
 * audit ids), each with a degraded and a down level, as LHCI has warn and error. A bare value is
 * the down level: a budget that is not met fails the gate.
 */
import * as v from 'valibot';
import { duration, flag, httpUrl, integer, list, size, text } from '../../src/config/schema/fields.js';
import { CATEGORY_IDS, RESOURCE_TYPES } from './lhr.js';

export const THROTTLING_PRESETS = ['mobile-slow-4g', 'mobile-regular-3g', 'desktop-dense-4g', 'none'] as const;
export type ThrottlingPreset = (typeof THROTTLING_PRESETS)[number];

type Direction = 'min' | 'max';

/** `0.9` (down level only) or `{ degraded: 0.95, down: 0.9 }`; always `{ degraded?, down? }` after parsing. */
type Levels = { degraded?: number; down?: number };

function levels(value: v.GenericSchema<unknown, number>, direction: Direction, description: string) {
  const shape = direction === 'min' ? 'a minimum score such as 0.9, or { degraded: 0.95, down: 0.9 }' : 'a maximum such as 2500ms, or { degraded: 2500ms, down: 4s }';
  const either: v.GenericSchema<unknown, number | Levels> = v.union([value, v.strictObject({ degraded: v.optional(value), down: v.optional(value) })], `expected ${shape}`);
  return v.pipe(
    either,
    v.transform((input): Levels => (typeof input === 'number' ? { down: input } : input)),
    v.check((t) => t.degraded !== undefined || t.down !== undefined, 'expected a degraded or a down level'),
    v.check(
      (t) => t.degraded === undefined || t.down === undefined || (direction === 'min' ? t.degraded >= t.down : t.degraded <= t.down),
      direction === 'min' ? 'the degraded level must be at least the down level (it warns first)' : 'the degraded level must be at most the down level (it warns first)',
    ),
    v.description(description),
  );
}

const SCORE_MESSAGE = 'expected a score from 0 to 1, e.g. 0.9';
const score = v.pipe(v.number(SCORE_MESSAGE), v.minValue(0, SCORE_MESSAGE), v.maxValue(1, SCORE_MESSAGE));
const scoreBudget = (category: string) => v.optional(levels(score, 'min', `Minimum ${category} score (0-1).`));
const timeBudget = (metric: string) => v.optional(levels(duration(`Maximum ${metric}.`), 'max', `Maximum ${metric}, e.g. 2500ms or { degraded: 2500ms, down: 4s }.`));
const sizeBudget = (what: string) => v.optional(levels(size(`Maximum ${what}.`), 'max', `Maximum transfer size of ${what}, e.g. 300KiB.`));

export const budgetsSchema = v.strictObject({
  performance: scoreBudget('performance'),
  accessibility: scoreBudget('accessibility'),
  'best-practices': scoreBudget('best-practices'),
  seo: scoreBudget('SEO'),
  'first-contentful-paint': timeBudget('First Contentful Paint'),
  'largest-contentful-paint': timeBudget('Largest Contentful Paint'),
  'total-blocking-time': timeBudget('Total Blocking Time'),
  'speed-index': timeBudget('Speed Index'),
  'server-response-time': timeBudget('server response time (TTFB of the document)'),
  interactive: timeBudget('Time to Interactive'),
  'cumulative-layout-shift': v.optional(
    levels(v.pipe(v.number('expected a layout shift score such as 0.1'), v.minValue(0, 'expected a layout shift score ≥ 0')), 'max', 'Maximum Cumulative Layout Shift, e.g. 0.1.'),
  ),
  resources: v.optional(
    v.pipe(
      v.strictObject(Object.fromEntries(RESOURCE_TYPES.map((type) => [type, sizeBudget(type === 'total' ? 'everything the page loads' : `${type} resources`)])) as Record<(typeof RESOURCE_TYPES)[number], ReturnType<typeof sizeBudget>>),
      v.description('Resource-size budgets (transfer size) by type: document, script, stylesheet, image, font, media, other, third-party, total.'),
    ),
  ),
});
export type LighthouseBudgets = v.InferOutput<typeof budgetsSchema>;

export const lighthouseOptions = v.strictObject({
  url: httpUrl('The page to audit.'),
  runs: v.optional(integer(1, 9, 'Audits per check; the median run is reported (chosen as Lighthouse does). Default: 1; use 3 or 5 in CI, where runs are noisier.'), 1),
  formFactor: v.optional(v.pipe(v.picklist(['mobile', 'desktop'], 'expected mobile or desktop'), v.description('Device to emulate. Default: mobile')), 'mobile'),
  throttling: v.optional(
    v.pipe(
      v.picklist(THROTTLING_PRESETS, `expected one of ${THROTTLING_PRESETS.join(', ')}`),
      v.description("Network and CPU throttling preset (Lighthouse's own): mobile-slow-4g, mobile-regular-3g, desktop-dense-4g, or none. Default: the form factor's (mobile-slow-4g / desktop-dense-4g)."),
    ),
  ),
  throttlingMethod: v.optional(
    v.pipe(v.picklist(['simulate', 'devtools'], 'expected simulate or devtools'), v.description('simulate (Lighthouse default: load fast, model the slow network) or devtools (really throttle; slower, noisier). Default: simulate')),
    'simulate',
  ),
  categories: v.optional(
    list(v.picklist(CATEGORY_IDS, `expected one of ${CATEGORY_IDS.join(', ')}`), 'Categories to audit. Default: all four. Categories with a budget are always audited.'),
    [...CATEGORY_IDS],
  ),
  headers: v.optional(
    v.pipe(v.record(v.string(), v.string('expected a header value (text)'), 'expected a mapping of header names to values'), v.description('Extra request headers (e.g. a cookie for a logged-in page); values may use ${ENV} and are never printed.')),
  ),
  insecure: v.optional(flag('Audit even when the certificate does not verify (Chrome ignores certificate errors). Default: false'), false),
  ca: v.optional(text('PEM file of extra CA certificates to trust (relative to the config file): trackz verifies the page’s certificate against them, then Chrome accepts that certificate.')),
  budgets: v.optional(v.pipe(budgetsSchema, v.description('Budgets: minimum category scores, maximum metric values, maximum resource sizes. Each is its own JUnit test case.')), {}),
});

export type LighthouseOptions = v.InferOutput<typeof lighthouseOptions>;
