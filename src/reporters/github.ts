/**
 * GitHub Actions: workflow-command annotations on stdout (pointing at the monitor's line in the
 * config, so they show on the pull request), and a Markdown table appended to $GITHUB_STEP_SUMMARY.
 */
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isFailing } from '../core/verdict.js';
import { casesOf } from './cases.js';
import { countsText, latencyText } from '../ui/format.js';
import type { Reporter, ReporterOptions, RunSummary } from './reporter.js';

/** https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts */
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

const mdCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const ICONS = { up: '✅', degraded: '⚠️', down: '❌', unknown: '❔' } as const;

export function stepSummary(summary: RunSummary): string {
  const lines = [
    `### trackz check — ${countsText(summary.counts)}`,
    '',
    '| Status | Monitor | Type | Latency | Message |',
    '| --- | --- | --- | --- | --- |',
    ...summary.records.map((r) => `| ${ICONS[r.status]} ${r.status} | ${mdCell(r.monitor)} | ${r.type} | ${latencyText(r.latencyMs)} | ${mdCell(r.message)} |`),
    '',
  ];
  return `${lines.join('\n')}\n`;
}

export function githubReporter(options: ReporterOptions): Reporter {
  return {
    onEnd(summary) {
      const out: string[] = [];
      for (const record of summary.records) {
        const monitor = summary.monitors.find((m) => m.name === record.monitor);
        const where = monitor?.location ? `file=${escapeProperty(relative(options.env.GITHUB_WORKSPACE ?? options.cwd, monitor.location.file))},line=${monitor.location.line},` : '';
        for (const testCase of casesOf(record)) {
          if (testCase.status === 'up') continue;
          const level = isFailing(testCase.status, summary.failOn) ? 'error' : 'warning';
          const title = `${record.monitor} › ${testCase.name} (${testCase.status})`;
          out.push(`::${level} ${where}title=${escapeProperty(title)}::${escapeData(testCase.message)}`);
        }
      }
      const summaryFile = options.env.GITHUB_STEP_SUMMARY;
      if (summaryFile) appendFileSync(summaryFile, stepSummary(summary));
      out.push(`${countsText(summary.counts)}`);
      return `${out.join('\n')}\n`;
    },
  };
}
