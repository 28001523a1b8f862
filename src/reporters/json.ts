/**
 * The documented, stable machine format (`version: 1`). Fields are only ever added within a version.
 * See README "JSON report".
 */
import { VERSION } from '../core/version.js';
import type { Reporter } from './reporter.js';

export const JSON_REPORT_VERSION = 1;

export function jsonReporter(): Reporter {
  return {
    onEnd(summary) {
      const report = {
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
        results: summary.records.map((r) => ({
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
        })),
      };
      return `${JSON.stringify(report, null, 2)}\n`;
    },
  };
}
