/**
 * /metrics in the Prometheus text format, checked by Prometheus's own linter and parser
 * (`promtool check metrics`, Debian's prometheus package) and read back here sample by sample.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderMetrics, type MetricsSnapshot } from '../../../src/server/views/metrics.js';
import { escapeLabelValue } from '../../../src/server/views/prometheus-text.js';

function promtool(text: string): { status: number | null; output: string } {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Samples as { name, labels, value }, label values unescaped (the exposition format's three escapes). */
function parse(text: string): { name: string; labels: Record<string, string>; value: string }[] {
  const samples = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-z_:][a-z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`unparseable line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]!] = pair[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1]!, labels, value: match[3]! });
  }
  return samples;
}

const HOSTILE_NAME = 'home "quoted" \\ back\nslash';

const SNAPSHOT: MetricsSnapshot = {
  monitors: [
    {
      name: HOSTILE_NAME,
      type: 'uptime',
      status: 'degraded',
      checkedAt: 1_715_678_940_000,
      latencyMs: 142.3,
      phasesMs: { dns: 1.2, connect: 3, tls: 10, ttfb: 100, transfer: 2, total: 142.3 },
      uptimePercent: { '24h': 100, '7d': 99.9, '30d': null },
      certDaysLeft: 23.5,
    },
    { name: 'perf', type: 'lighthouse', status: 'down', lighthouseScores: { performance: 0.94, seo: 1 } },
    { name: 'new', type: 'tcp', status: null },
  ],
  alerts: [
    { monitor: 'perf', rule: 'default', phase: 'down', muted: true },
    { monitor: HOSTILE_NAME, rule: 'pager', phase: 'ok', muted: false },
  ],
  schedulerLagMs: 12,
};

describe('renderMetrics', () => {
  const text = renderMetrics(SNAPSHOT);
  const samples = parse(text);
  const value = (name: string, labels: Record<string, string>): string | undefined =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

  it('passes promtool check metrics', () => {
    expect(promtool(text)).toEqual({ status: 0, output: '' });
  });

  it('promtool does fail on a problem (the check can fail)', () => {
    expect(promtool(text.replace(/trackz_scheduler_lag_seconds/g, 'trackz_scheduler_lag_milliseconds')).status).not.toBe(0);
  });

  it('gives every family HELP and TYPE, every name the trackz_ prefix', () => {
    const names = new Set(samples.map((s) => s.name));
    for (const name of names) {
      expect(name.startsWith('trackz_')).toBe(true);
      expect(text).toContain(`# HELP ${name} `);
      expect(text).toContain(`# TYPE ${name} gauge`);
    }
  });

  it('encodes the status as a state set and availability as trackz_monitor_up', () => {
    const status = samples.filter((s) => s.name === 'trackz_monitor_status' && s.labels.monitor === HOSTILE_NAME);
    expect(Object.fromEntries(status.map((s) => [s.labels.status, s.value]))).toEqual({ up: '0', degraded: '1', down: '0', unknown: '0' });
    expect(value('trackz_monitor_up', { monitor: HOSTILE_NAME })).toBe('1');
    expect(value('trackz_monitor_up', { monitor: 'perf' })).toBe('0');
    // no series at all before the first result
    expect(samples.filter((s) => s.labels.monitor === 'new')).toEqual([]);
  });

  it('exports latency, phases, uptime and certificate time in base units, labels escaped and read back intact', () => {
    expect(value('trackz_monitor_latency_seconds', { monitor: HOSTILE_NAME, type: 'uptime' })).toBe('0.1423');
    expect(samples.filter((s) => s.name === 'trackz_monitor_phase_seconds').map((s) => [s.labels.phase, s.value])).toEqual([
      ['dns', '0.0012'],
      ['connect', '0.003'],
      ['tls', '0.01'],
      ['ttfb', '0.1'],
      ['transfer', '0.002'],
      ['total', '0.1423'],
    ]);
    expect(value('trackz_monitor_last_check_timestamp_seconds', { monitor: HOSTILE_NAME })).toBe('1715678940');
    expect(value('trackz_monitor_uptime_ratio', { window: '7d' })).toBe('0.999');
    expect(value('trackz_monitor_uptime_ratio', { window: '30d' })).toBeUndefined();
    expect(value('trackz_certificate_time_left_seconds', { monitor: HOSTILE_NAME })).toBe(String(23.5 * 86_400));
    expect(value('trackz_lighthouse_score', { monitor: 'perf', category: 'performance' })).toBe('0.94');
  });

  it('exports each alert rule state, whether it is muted, and the scheduler lag', () => {
    expect(value('trackz_alert_state', { monitor: 'perf', rule: 'default', state: 'down' })).toBe('1');
    expect(value('trackz_alert_state', { monitor: 'perf', rule: 'default', state: 'ok' })).toBe('0');
    expect(value('trackz_alert_muted', { monitor: 'perf' })).toBe('1');
    expect(value('trackz_alert_state', { monitor: HOSTILE_NAME, rule: 'pager', state: 'ok' })).toBe('1');
    expect(value('trackz_scheduler_lag_seconds', {})).toBe('0.012');
  });

  it('escapes label values the exposition way and keeps them UTF-8', () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    expect(escapeLabelValue('lone \uD800')).toBe('lone \uFFFD');
  });

  it('is valid with nothing to report', () => {
    const empty = renderMetrics({ monitors: [], alerts: [], schedulerLagMs: null });
    expect(promtool(empty).status).toBe(0);
    expect(parse(empty).map((s) => s.name)).toEqual(['trackz_build_info']);
  });
});
