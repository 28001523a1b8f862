/**
 * Budgets against a run's numbers: one assertion per budget, named `budget.<id>` (or
 * `budget.resource.<type>`), whose message says by how much it was missed, through the same
 * thresholdAssertion every other check uses for its thresholds.
 */
import { formatDuration } from '../../src/core/duration.js';
import type { AssertionResult } from '../../src/core/result.js';
import { thresholdAssertion, type Thresholds } from '../../src/expect/thresholds.js';
import { CATEGORY_IDS, METRIC_AUDIT_IDS, RESOURCE_TYPES, type LighthouseSummary, type MetricAuditId } from './lhr.js';
import type { LighthouseBudgets } from './options.js';

export const formatScore = (score: number) => score.toFixed(2);
const formatShift = (shift: number) => shift.toFixed(3);

/** 2048 → "2 KiB"; sizes in the unit a budget is usually written in. */
export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs < 1024) return `${Math.round(bytes)} B`;
  if (abs < 1024 ** 2) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${Number((bytes / 1024 ** 2).toFixed(2))} MiB`;
}

const formatMetric = (id: MetricAuditId) => (id === 'cumulative-layout-shift' ? formatShift : formatDuration);

const notMeasured = (name: string, what: string): AssertionResult => ({ name, status: 'unknown', message: `${what} was not measured in this run, so its budget cannot be checked` });

export function evaluateBudgets(budgets: LighthouseBudgets, summary: LighthouseSummary): AssertionResult[] {
  const assertions: AssertionResult[] = [];
  for (const id of CATEGORY_IDS) {
    const budget = budgets[id] as Thresholds | undefined;
    if (!budget) continue;
    const score = summary.scores[id];
    const name = `budget.${id}`;
    assertions.push(score === undefined ? notMeasured(name, `the ${id} score`) : thresholdAssertion(name, id, score, budget, 'below', formatScore, 'budget'));
  }
  for (const id of METRIC_AUDIT_IDS) {
    const budget = budgets[id] as Thresholds | undefined;
    if (!budget) continue;
    const value = summary.metrics[id];
    const name = `budget.${id}`;
    assertions.push(value === undefined ? notMeasured(name, id) : thresholdAssertion(name, id, value, budget, 'above', formatMetric(id), 'budget'));
  }
  for (const type of RESOURCE_TYPES) {
    const budget = budgets.resources?.[type] as Thresholds | undefined;
    if (!budget) continue;
    const bytes = summary.resources[type]?.bytes ?? (summary.resources.total ? 0 : undefined);
    const name = `budget.resource.${type}`;
    assertions.push(bytes === undefined ? notMeasured(name, `the ${type} transfer size`) : thresholdAssertion(name, `${type} transfer size`, bytes, budget, 'above', formatBytes, 'budget'));
  }
  return assertions;
}

/** Categories a budget needs, so they are audited even when `categories:` leaves them out. */
export function budgetCategories(budgets: LighthouseBudgets): string[] {
  const needed = new Set<string>(CATEGORY_IDS.filter((id) => budgets[id] !== undefined));
  // Metrics and resource sizes come from the performance category's audits.
  if (METRIC_AUDIT_IDS.some((id) => budgets[id] !== undefined) || budgets.resources) needed.add('performance');
  return [...needed];
}
