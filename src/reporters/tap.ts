/**
 * TAP version 14, streamed: the plan first (one test point per monitor), then each test point as its
 * check finishes, numbered in that order, with a YAML diagnostic block for the ones that are not up,
 * listing the failing assertions under `failed:` and the degraded ones under `degraded:`.
 */
import { stringify } from 'yaml';
import type { CheckRecord, Status } from '../core/result.js';
import { isFailing, type FailOn } from '../core/verdict.js';
import type { Reporter } from './reporter.js';

const assertionsIn = (record: CheckRecord, statuses: Status[]) =>
  (record.assertions ?? []).filter((a) => statuses.includes(a.status)).map((a) => ({ name: a.name, status: a.status, message: a.message }));

const description = (text: string) => text.replace(/#/g, '\\#').replace(/\r?\n/g, ' ');

function testPoint(record: CheckRecord, id: number, failOn: FailOn): string {
  const ok = !isFailing(record.status, failOn);
  const lines = [`${ok ? 'ok' : 'not ok'} ${id} - ${description(record.monitor)}`];
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
  return `${lines.join('\n')}\n`;
}

export function tapReporter(): Reporter {
  let failOn: FailOn = 'down';
  let points = 0;
  return {
    onBegin(run) {
      failOn = run.failOn;
      return `TAP version 14\n1..${run.monitors.length}\n`;
    },
    onCheckEnd: (record) => testPoint(record, ++points, failOn),
    onEnd: () => '',
  };
}
