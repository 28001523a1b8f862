/**
 * `trackz lighthouse report <monitor>`: the full Lighthouse report kept from the monitor's last run
 * (the median run's LHR, stored as its `lighthouse-report` artifact), rendered with Lighthouse's own
 * report generator, so it looks exactly like the report Lighthouse and Lighthouse CI produce.
 */
import { resolve } from 'node:path';
import { noMonitorNamed } from '../../config/suggest.js';
import { formatDuration } from '../../core/duration.js';
import { UserError } from '../../core/errors.js';
import { writeFileAtomic } from '../../reporters/write-file.js';
import { REPORT_ARTIFACT } from '../../../plugins/lighthouse/lhr.js';
import { formatTimestamp } from '../../core/timestamp.js';
import { loadConfig } from '../../config/load.js';
import { withStorage } from './with-storage.js';

export interface LighthouseReportOptions {
  configPath?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  monitor: string;
  /** Write Lighthouse's HTML report here (`-` for stdout). */
  html?: string;
  /** Write the raw report JSON (LHR) here (`-` for stdout). */
  json?: string;
}

interface StoredLhr {
  lighthouseVersion?: string;
  requestedUrl?: string;
  finalDisplayedUrl?: string;
  fetchTime?: string;
  runtimeError?: { code: string; message: string };
  categories?: Record<string, { score: number | null }>;
  audits?: Record<string, { numericValue?: number }>;
}

/** What was stored, in a few lines: when, which URL, the scores and the Web Vitals. */
export function describeReport(monitor: string, lhr: StoredLhr, storedAt: number): string {
  const lines = [`${monitor}: Lighthouse ${lhr.lighthouseVersion ?? '?'} report of ${lhr.finalDisplayedUrl ?? lhr.requestedUrl ?? '?'}, ${formatTimestamp(Date.parse(lhr.fetchTime ?? '') || storedAt)} UTC`];
  if (lhr.runtimeError) lines.push(`  the page failed to load: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  const scores = Object.entries(lhr.categories ?? {})
    .filter(([, c]) => typeof c.score === 'number')
    .map(([id, c]) => `${id} ${c.score!.toFixed(2)}`);
  if (scores.length) lines.push(`  ${scores.join(' · ')}`);
  const vitals: [string, string][] = [
    ['first-contentful-paint', 'FCP'],
    ['largest-contentful-paint', 'LCP'],
    ['total-blocking-time', 'TBT'],
    ['cumulative-layout-shift', 'CLS'],
    ['speed-index', 'Speed Index'],
    ['server-response-time', 'TTFB'],
  ];
  const shown = vitals
    .map(([id, label]) => {
      const value = lhr.audits?.[id]?.numericValue;
      if (value === undefined) return undefined;
      return `${label} ${id === 'cumulative-layout-shift' ? value.toFixed(3) : formatDuration(value)}`;
    })
    .filter(Boolean);
  if (shown.length) lines.push(`  ${shown.join(' · ')}`);
  return `${lines.join('\n')}\n`;
}

export async function lighthouseReport(options: LighthouseReportOptions): Promise<{ stdout: string; stderr: string }> {
  const cwd = options.cwd ?? process.cwd();
  const config = await loadConfig({ configPath: options.configPath, cwd, env: options.env });
  const ifEmpty = (why: string): never => {
    throw new UserError(`no results stored yet (${why}); run \`trackz check\` first`);
  };
  const stored = await withStorage(config, { readonly: true, ifEmpty }, async (storage) => {
    const configured = config.monitors.find((m) => m.name === options.monitor);
    const known = new Set([...config.monitors.map((m) => m.name), ...(await storage.results.monitorNames())]);
    if (!known.has(options.monitor)) {
      const lighthouseNames = config.monitors.filter((m) => m.type === 'lighthouse').map((m) => m.name);
      throw new UserError(noMonitorNamed(options.monitor, known, lighthouseNames.length ? `lighthouse monitors: ${lighthouseNames.join(', ')}` : 'the config has no lighthouse monitors'));
    }
    if (configured && configured.type !== 'lighthouse') {
      const article = /^[aeiou]/.test(configured.type) ? 'an' : 'a';
      throw new UserError(`"${options.monitor}" is ${article} ${configured.type} monitor; only lighthouse monitors have a Lighthouse report`);
    }
    return storage.results.artifact(options.monitor, REPORT_ARTIFACT);
  });
  if (!stored) throw new UserError(`no Lighthouse report stored for "${options.monitor}" yet: run \`trackz check ${options.monitor}\` (without --no-store) first`);
  const lhr = JSON.parse(stored.content) as StoredLhr;

  let stdout = '';
  let stderr = describeReport(options.monitor, lhr, stored.ts);
  const emit = (target: string, content: string, what: string) => {
    if (target === '-') stdout += content;
    else {
      const path = resolve(cwd, target);
      writeFileAtomic(path, content);
      stderr += `wrote ${what} to ${path}\n`;
    }
  };
  if (options.html) {
    const { ReportGenerator } = await import('lighthouse/report/generator/report-generator.js');
    emit(options.html, ReportGenerator.generateReportHtml(lhr as never), "Lighthouse's HTML report");
  }
  if (options.json) emit(options.json, `${stored.content}\n`, 'the report JSON (LHR)');
  if (!options.html && !options.json) {
    // Nothing asked for: the summary is the data, on stdout.
    stdout = stderr + 'Write the full report with --html report.html (or --json report.json).\n';
    stderr = '';
  }
  return { stdout, stderr };
}
