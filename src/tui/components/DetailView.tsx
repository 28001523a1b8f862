/**
 * One monitor in detail: its state and alert state (incident, silence, maintenance), the last error
 * in full, the timing phases as a bar, the assertions, Lighthouse scores and Web Vitals, and as many
 * recent results as the screen has room for. Never taller than `height`.
 */
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { formatTimestamp } from '../../core/timestamp.js';
import { formatAge, formatClock, formatLatency } from '../format.js';
import type { Loaded } from '../hooks/use-loaded.js';
import { scoreTone } from '../key-figure.js';
import type { AlertView, LighthouseView, MonitorDetail, MonitorRow } from '../model.js';
import { STATUS_SYMBOL, usePaint } from '../theme.js';
import { PhaseBar } from './PhaseBar.js';

export interface DetailViewProps {
  /** The monitor's row, as the list knows it (shown while the detail loads). */
  monitor: MonitorRow | undefined;
  detail: Loaded<MonitorDetail>;
  height: number;
  width: number;
  now: number;
}

/** Lines the last error may take before the recent results. */
const ERROR_LINES = 4;

const SCORE_NAMES: Record<string, string> = { performance: 'perf', accessibility: 'a11y', 'best-practices': 'best', best_practices: 'best', seo: 'seo' };
const VITALS: readonly [string, string, (v: number) => string][] = [
  ['lcp_ms', 'LCP', formatLatency],
  ['cls', 'CLS', (v) => v.toFixed(3)],
  ['tbt_ms', 'TBT', formatLatency],
  ['fcp_ms', 'FCP', formatLatency],
  ['ttfb_ms', 'TTFB', formatLatency],
  ['speed_index_ms', 'SI', formatLatency],
  ['tti_ms', 'TTI', formatLatency],
];

export function alertText(alert: AlertView, now: number): string {
  const parts: string[] = [];
  if (alert.incident) {
    const since = alert.incident.since === null ? '' : ` since ${formatClock(alert.incident.since)} (${formatAge(alert.incident.since, now)})`;
    parts.push(`incident #${alert.incident.number} ${alert.incident.phase}${since}`);
  } else parts.push('no open incident');
  if (alert.silence) parts.push(`silenced until ${formatClock(alert.silence.until)}${alert.silence.reason ? ` (${alert.silence.reason})` : ''}`);
  if (alert.maintenance) parts.push(`maintenance until ${formatClock(alert.maintenance.until)}`);
  return parts.join(' · ');
}

/** Lines a text takes when wrapped at `width` (a close estimate; the box clips whatever is off). */
const wrappedLines = (text: string, width: number) => text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / Math.max(1, width))), 0);

function Lighthouse({ view }: { view: LighthouseView }) {
  const paint = usePaint();
  const scores = Object.entries(view.scores);
  const vitals = VITALS.filter(([key]) => view.vitals[key] !== undefined);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {'lighthouse '}
        {scores.map(([name, score]) => (
          <Text key={name}>
            {' '}
            {SCORE_NAMES[name] ?? name} <Text color={paint.color(scoreTone(score))}>{Math.round(score * 100)}</Text>
          </Text>
        ))}
      </Text>
      <Text wrap="truncate-end">{'web vitals  ' + vitals.map(([key, label, format]) => `${label} ${format(view.vitals[key]!)}`).join('  ')}</Text>
    </Box>
  );
}

export function DetailView({ monitor, detail, height, width, now }: DetailViewProps) {
  const paint = usePaint();
  const d = detail.value;
  const name = d?.name ?? monitor?.name ?? '?';
  const state = monitor?.paused ? 'paused' : (monitor?.status ?? 'pending');
  const title = [name, d?.type ?? monitor?.type, d?.target].filter(Boolean).join(' · ');

  const lines: ReactElement[] = [];
  let used = 2;
  const room = () => height - used;
  if (d) {
    if (d.lastError && room() > 1) {
      const text = `last error ${formatTimestamp(d.lastError.at)}: ${d.lastError.message}`;
      const n = Math.min(ERROR_LINES, wrappedLines(text, width), room() - 1);
      used += n;
      lines.push(
        <Box key="error" height={n} overflow="hidden">
          <Text wrap="wrap" color={paint.color('down')}>
            {text}
          </Text>
        </Box>,
      );
    }
    if (d.phases && room() > 2) {
      used += 2;
      lines.push(<PhaseBar key="phases" phases={d.phases} width={width} />);
    }
    if (d.lighthouse && room() > 2) {
      used += 2;
      lines.push(<Lighthouse key="lighthouse" view={d.lighthouse} />);
    }
    const assertions = d.assertions.slice(0, Math.max(0, Math.min(d.assertions.length, room() - 2)));
    used += assertions.length;
    for (const [at, a] of assertions.entries()) {
      lines.push(
        <Text key={`a${at}`} wrap="truncate-end">
          <Text color={paint.color(a.status)}>{STATUS_SYMBOL[a.status]}</Text> {a.name}: {a.message}
        </Text>,
      );
    }
    const recent = d.recent.slice(0, Math.max(0, room() - 1));
    if (recent.length > 0) {
      lines.push(
        <Text key="recent" bold={paint.enabled} color={paint.color('muted')}>
          recent results
        </Text>,
      );
      for (const [at, r] of recent.entries()) {
        lines.push(
          <Text key={`r${at}`} wrap="truncate-end">
            {formatClock(r.ts)} <Text color={paint.color(r.status)}>{`${STATUS_SYMBOL[r.status]} ${r.status.padEnd(8)}`}</Text>
            {formatLatency(r.latencyMs).padStart(7)} {r.message}
          </Text>,
        );
      }
    }
  }

  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      <Text wrap="truncate-end">
        <Text color={paint.color(state)}>{`${STATUS_SYMBOL[state]} ${state}`}</Text>  <Text bold={paint.enabled}>{title}</Text>
      </Text>
      <Text wrap="truncate-end" color={d?.alert.incident ? paint.color(d.alert.incident.phase) : undefined}>
        {d ? alertText(d.alert, now) : detail.error ? '' : 'loading…'}
      </Text>
      {detail.error && <Text color={paint.color('down')}>could not load the detail: {detail.error}</Text>}
      {lines}
    </Box>
  );
}
