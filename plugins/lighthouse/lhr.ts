/**
 * The parts of a Lighthouse result (LHR) trackz reads, and what they become: category scores,
 * the Web Vitals metrics, transfer sizes per resource type, and the run's fatal error if any.
 * Typed here (not from lighthouse's own .d.ts) so the plugin's decisions load without Lighthouse.
 */

/** The artifact kind the full report (the median run's LHR) is stored under; `trackz lighthouse report` reads it. */
export const REPORT_ARTIFACT = 'lighthouse-report';

export const CATEGORY_IDS = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

/** Lighthouse audit id → trackz metric name. Times are milliseconds; CLS has no unit. */
export const METRIC_AUDITS = {
  'first-contentful-paint': 'fcp_ms',
  'largest-contentful-paint': 'lcp_ms',
  'cumulative-layout-shift': 'cls',
  'total-blocking-time': 'tbt_ms',
  'speed-index': 'speed_index_ms',
  'server-response-time': 'ttfb_ms',
  interactive: 'tti_ms',
} as const;
export type MetricAuditId = keyof typeof METRIC_AUDITS;
export const METRIC_AUDIT_IDS = Object.keys(METRIC_AUDITS) as MetricAuditId[];

/** The rows of Lighthouse's resource-summary audit. */
export const RESOURCE_TYPES = ['total', 'document', 'script', 'stylesheet', 'image', 'font', 'media', 'other', 'third-party'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export interface LhrAudit {
  id: string;
  score?: number | null;
  numericValue?: number;
  numericUnit?: string;
  details?: { items?: { resourceType?: string; requestCount?: number; transferSize?: number }[] };
}

export interface Lhr {
  lighthouseVersion: string;
  requestedUrl?: string;
  finalDisplayedUrl?: string;
  fetchTime?: string;
  runtimeError?: { code: string; message: string };
  runWarnings?: string[];
  configSettings?: { formFactor?: string; throttlingMethod?: string; extraHeaders?: Record<string, string> | null };
  categories: Record<string, { id: string; title?: string; score: number | null }>;
  audits: Record<string, LhrAudit>;
}

export interface LighthouseSummary {
  scores: Partial<Record<CategoryId, number>>;
  /** By audit id. */
  metrics: Partial<Record<MetricAuditId, number>>;
  resources: Partial<Record<ResourceType, { bytes: number; requests: number }>>;
  runtimeError?: { code: string; message: string };
}

export function summarize(lhr: Lhr): LighthouseSummary {
  const scores: LighthouseSummary['scores'] = {};
  for (const id of CATEGORY_IDS) {
    const score = lhr.categories[id]?.score;
    if (typeof score === 'number') scores[id] = score;
  }
  const metrics: LighthouseSummary['metrics'] = {};
  for (const id of METRIC_AUDIT_IDS) {
    const value = lhr.audits[id]?.numericValue;
    if (typeof value === 'number' && Number.isFinite(value)) metrics[id] = value;
  }
  const resources: LighthouseSummary['resources'] = {};
  for (const item of lhr.audits['resource-summary']?.details?.items ?? []) {
    if ((RESOURCE_TYPES as readonly string[]).includes(item.resourceType ?? '')) {
      resources[item.resourceType as ResourceType] = { bytes: item.transferSize ?? 0, requests: item.requestCount ?? 0 };
    }
  }
  return { scores, metrics, resources, runtimeError: lhr.runtimeError ? { code: lhr.runtimeError.code, message: lhr.runtimeError.message } : undefined };
}

/** Header values (a session cookie, a token) never reach the stored report: Lighthouse copies them into configSettings. */
export function withoutHeaderValues<T extends { extraHeaders?: Record<string, string> | null }>(settings: T): T {
  if (!settings.extraHeaders) return settings;
  return { ...settings, extraHeaders: Object.fromEntries(Object.keys(settings.extraHeaders).map((name) => [name, '***'])) };
}

/** The report as it may be stored and shown. */
export function storableReport(lhr: Lhr): string {
  return JSON.stringify(lhr.configSettings ? { ...lhr, configSettings: withoutHeaderValues(lhr.configSettings) } : lhr);
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** The check's metrics: `performance_score`, `lcp_ms`, `cls`, … `total_bytes`, `requests`. */
export function summaryMetrics(summary: LighthouseSummary): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const [id, score] of Object.entries(summary.scores)) metrics[`${id.replace(/-/g, '_')}_score`] = score;
  for (const [id, value] of Object.entries(summary.metrics) as [MetricAuditId, number][]) metrics[METRIC_AUDITS[id]] = id === 'cumulative-layout-shift' ? round(value, 4) : round(value, 1);
  if (summary.resources.total) {
    metrics.total_bytes = summary.resources.total.bytes;
    metrics.requests = summary.resources.total.requests;
  }
  return metrics;
}
