/**
 * Lighthouse results (LHRs) for unit tests, in the shape Lighthouse 12 writes them (checked against
 * real runs: categories with scores, metric audits with numericValue, resource-summary items, and
 * runtimeError for a page that failed to load). Only the fields trackz reads are filled in.
 */
import type { Lhr } from '../../plugins/lighthouse/lhr.js';

export interface LhrValues {
  scores?: Partial<Record<'performance' | 'accessibility' | 'best-practices' | 'seo', number | null>>;
  fcp?: number;
  lcp?: number;
  cls?: number;
  tbt?: number;
  speedIndex?: number;
  ttfb?: number;
  tti?: number;
  /** Transfer bytes by resource type; `total` is summed when not given. */
  bytes?: Partial<Record<string, number>>;
  runtimeError?: { code: string; message: string };
  url?: string;
}

export function makeLhr(values: LhrValues = {}): Lhr {
  const url = values.url ?? 'http://127.0.0.1:8080/';
  const scores = { performance: 0.98, accessibility: 1, 'best-practices': 0.96, seo: 0.91, ...values.scores };
  const metric = (id: string, value: number | undefined, unit = 'millisecond') => (value === undefined ? undefined : { id, score: 1, numericValue: value, numericUnit: unit });
  const bytes: Record<string, number> = { document: 1200, script: 0, stylesheet: 0, image: 0, font: 0, media: 0, other: 0, 'third-party': 0, ...values.bytes };
  bytes.total ??= Object.entries(bytes).reduce((sum, [type, n]) => (type === 'third-party' ? sum : sum + n), 0);
  const audits: Lhr['audits'] = {};
  const add = (audit: ReturnType<typeof metric>) => {
    if (audit) audits[audit.id] = audit;
  };
  if (!values.runtimeError) {
    add(metric('first-contentful-paint', values.fcp ?? 900));
    add(metric('largest-contentful-paint', values.lcp ?? 1200));
    add(metric('cumulative-layout-shift', values.cls ?? 0.01, 'unitless'));
    add(metric('total-blocking-time', values.tbt ?? 30));
    add(metric('speed-index', values.speedIndex ?? 1100));
    add(metric('server-response-time', values.ttfb ?? 12));
    add(metric('interactive', values.tti ?? 1500));
    audits['resource-summary'] = {
      id: 'resource-summary',
      details: {
        items: Object.entries(bytes).map(([resourceType, transferSize]) => ({
          resourceType,
          transferSize,
          // One request per type that loaded anything; the total row counts them all.
          requestCount: resourceType === 'total' ? Object.entries(bytes).filter(([t, n]) => t !== 'total' && t !== 'third-party' && n > 0).length : transferSize ? 1 : 0,
        })),
      },
    };
  }
  return {
    lighthouseVersion: '12.8.2',
    requestedUrl: url,
    finalDisplayedUrl: url,
    fetchTime: '2026-11-22T12:00:00.000Z',
    runWarnings: [],
    configSettings: { formFactor: 'mobile', throttlingMethod: 'simulate' },
    runtimeError: values.runtimeError,
    categories: Object.fromEntries(Object.entries(scores).map(([id, score]) => [id, { id, score: values.runtimeError ? null : score }])),
    audits,
  };
}
