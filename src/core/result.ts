/**
 * The one result type that flows plugin → runner → store → views.
 * Plugins produce a CheckResult; the runner stamps it into a CheckRecord.
 */

export const STATUSES = ['up', 'degraded', 'down', 'unknown'] as const;
export type Status = (typeof STATUSES)[number];

/** One expectation or budget evaluated by a check: reporters show each as its own test case. */
export interface AssertionResult {
  /** Short stable name, e.g. `status`, `body.contains`, `budget.performance`. */
  name: string;
  status: Status;
  /** One human line, e.g. "performance 0.72 is below the budget 0.90 (by 0.18)". */
  message: string;
  actual?: number | string | boolean | null;
  expected?: number | string | boolean | null;
}

export interface CheckResult {
  status: Status;
  /** Wall time of the thing being measured (for HTTP: the total phase). */
  latencyMs?: number;
  /** One human line: why it is not up (or a short summary when it is). */
  message: string;
  /** Numbers only; names use the shared vocabulary (dns_ms, connect_ms, tls_ms, ttfb_ms, transfer_ms, total_ms, days_left…). */
  metrics: Record<string, number>;
  /** Expectations and budgets evaluated, in order. */
  assertions?: AssertionResult[];
  /** JSON for the detail views (certificate, headers seen, Lighthouse scores…). */
  details?: unknown;
  /**
   * Large outputs kept for the monitor's latest run only (e.g. `lighthouse-report`: the full report JSON).
   * Stored by the store, never printed by reporters.
   */
  artifacts?: Record<string, string>;
}

/** A CheckResult after the runner has stamped who, when and how many tries. */
export interface CheckRecord extends CheckResult {
  monitor: string;
  type: string;
  tags: string[];
  /** Epoch milliseconds when the first attempt started. */
  startedAt: number;
  /** Wall time of all attempts, including retry back-off. */
  durationMs: number;
  attempts: number;
}

const SEVERITY: Record<Status, number> = { up: 0, degraded: 1, unknown: 2, down: 3 };

/** The worse of two statuses (down > unknown > degraded > up). */
export function worst(a: Status, b: Status): Status {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

export function worstOf(statuses: Iterable<Status>): Status {
  let result: Status = 'up';
  for (const status of statuses) result = worst(result, status);
  return result;
}

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

export interface StatusCounts {
  total: number;
  up: number;
  degraded: number;
  down: number;
  unknown: number;
}

export function countStatuses(records: Iterable<{ status: Status }>): StatusCounts {
  const counts: StatusCounts = { total: 0, up: 0, degraded: 0, down: 0, unknown: 0 };
  for (const record of records) {
    counts.total++;
    counts[record.status]++;
  }
  return counts;
}
