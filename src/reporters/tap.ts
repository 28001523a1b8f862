/**
 * TAP version 14: one test point per monitor, a YAML diagnostic block for the ones that are not up,
 * listing the failing assertions under `failed:` and the degraded ones under `degraded:`.
 */
import { stringify } from 'yaml';
import type { CheckRecord, Status } from '../core/result.js';
import { isFailing } from '../core/verdict.js';
import type { Reporter } from './reporter.js';

const assertionsIn = (record: CheckRecord, statuses: Status[]) =>
  (record.assertions ?? []).filter((a) => statuses.includes(a.status)).map((a) => ({ name: a.name, status: a.status, message: a.message }));

const description = (text: string) => text.replace(/#/g, '\\#').replace(/\r?\n/g, ' ');

export function tapReporter(): Reporter {
  return {
    onEnd(summary) {
      const lines = ['TAP version 14', `1..${summary.records.length}`];
      summary.records.forEach((record, index) => {
        const ok = !isFailing(record.status, summary.failOn);
        lines.push(`${ok ? 'ok' : 'not ok'} ${index + 1} - ${description(record.monitor)}`);
        if (record.status !== 'up') {
          const diagnostic = {
            status: record.status,
            type: record.type,
            message: record.message,
            latencyMs: record.latencyMs ?? null,
            attempts: record.attempts,
            // Failing assertions (down, unknown) apart from warnings (degraded): a reader scanning `failed:` sees only failures.
            failed: assertionsIn(record, ['down', 'unknown']),
            degraded: assertionsIn(record, ['degraded']),
          };
          lines.push('  ---', ...stringify(diagnostic).trimEnd().split('\n').map((line) => `  ${line}`), '  ...');
        }
      });
      return `${lines.join('\n')}\n`;
    },
  };
}
