/**
 * The documented, stable machine format (`version: 1`). Fields are only ever added within a version.
 * See README "JSON report".
 */
import { VERSION } from '../core/version.js';
import type { CheckRecord } from '../core/result.js';
import type { Reporter, RunSummary } from './reporter.js';

export const JSON_REPORT_VERSION = 1;

/** One result as both JSON formats write it. */
export function resultObject(r: CheckRecord) {
  return {
    monitor: r.monitor,
    type: r.type,
    tags: r.tags,
    status: r.status,
    message: r.message,
    latencyMs: r.latencyMs === undefined ? null : Math.round(r.latencyMs * 10) / 10,
    startedAt: new Date(r.startedAt).toISOString(),
    durationMs: Math.round(r.durationMs * 10) / 10,
    attempts: r.attempts,
    metrics: r.metrics,
    assertions: r.assertions ?? [],
    details: r.details ?? null,
  };
}

function resultJson(r: CheckRecord): string {
  return JSON.stringify(resultObject(r), null, 2).replace(/\n/g, '\n    ');
}

/** What the run was and how it ended, as both JSON formats write it. */
export function reportHead(summary: RunSummary) {
  return {
    version: JSON_REPORT_VERSION,
    trackz: VERSION,
    workspace: summary.workspace,
    config: summary.configFile,
    startedAt: new Date(summary.startedAt).toISOString(),
    finishedAt: new Date(summary.finishedAt).toISOString(),
    durationMs: Math.round(summary.durationMs),
    failOn: summary.failOn,
    exitCode: summary.exitCode,
    summary: summary.counts,
  };
}

/** The report, one result at a time: the same text JSON.stringify(report, null, 2) would give. */
function* reportChunks(summary: RunSummary): Generator<string> {
  const headText = JSON.stringify(reportHead(summary), null, 2);
  if (summary.records.length === 0) {
    yield `${headText.slice(0, -2)},\n  "results": []\n}\n`;
    return;
  }
  yield `${headText.slice(0, -2)},\n  "results": [\n    `;
  for (let i = 0; i < summary.records.length; i++) {
    yield i === 0 ? resultJson(summary.records[i]!) : `,\n    ${resultJson(summary.records[i]!)}`;
  }
  yield '\n  ]\n}\n';
}

export function jsonReporter(): Reporter {
  return { onEnd: (summary) => reportChunks(summary) };
}
