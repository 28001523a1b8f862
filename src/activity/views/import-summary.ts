/** `trackz import`'s report: what came in, what was refused and where (line numbers, never content). */
import { formatDuration } from '../../core/duration.js';
import type { ImportStats } from '../import-stats.js';

const n = (value: number) => value.toLocaleString('en-US');
/** `1 line`, `2 lines`. */
const count = (value: number, singular: string, plural = `${singular}s`) => `${n(value)} ${value === 1 ? singular : plural}`;

/** What retention removed, by the key the storage reports it under: [singular, plural]. */
const RETAINED_LABELS: Record<string, [string, string]> = {
  pageViews: ['page view', 'page views'],
  sessions: ['session', 'sessions'],
  events: ['event', 'events'],
  clicks: ['click', 'clicks'],
  scrollDepths: ['scroll depth', 'scroll depths'],
  customEvents: ['custom event', 'custom events'],
};
const retainedText = (key: string, value: number) => (RETAINED_LABELS[key] ? count(value, ...RETAINED_LABELS[key]) : `${n(value)} ${key}`);

export function importSummaryText(stats: ImportStats): string {
  const unit = stats.kind === 'site' ? 'line' : 'event';
  const seconds = stats.durationMs / 1000;
  const read = stats.files.filter((f) => f.action !== 'skip').length;
  const lines: string[] = [];
  lines.push(
    `${stats.kind} ${stats.name}: ${count(stats.lines, unit)} read from ${count(read, 'source')} in ${formatDuration(stats.durationMs)}${seconds > 0 && stats.lines ? ` (${n(Math.round(stats.lines / seconds))} ${unit}s/s)` : ''}`,
  );
  if (stats.busy) lines.push('  another trackz process is importing this source right now: nothing was imported');
  const imported = stats.kind === 'site' ? `${count(stats.imported, 'request')}${stats.bots ? ` (${n(stats.bots)} from bots)` : ''}` : `${count(stats.imported, 'new event')}, ${n(stats.updated)} updated`;
  lines.push(`  imported   ${imported}`);
  const skipped = Object.entries(stats.skipped);
  if (skipped.length) lines.push(`  skipped    ${n(skipped.reduce((sum, [, v]) => sum + v, 0))} (${skipped.map(([k, v]) => `${k} ${n(v)}`).join(', ')})`);
  lines.push(`  malformed  ${n(stats.malformed)}`);
  for (const m of stats.malformedSamples) lines.push(`    ${m.file}:${m.line}: ${m.reason}`);
  if (stats.malformed > stats.malformedSamples.length) lines.push(`    … and ${n(stats.malformed - stats.malformedSamples.length)} more`);
  if (stats.files.length) {
    lines.push('  sources');
    for (const f of stats.files) lines.push(`    ${f.path}  ${f.action}${f.why ? ` (${f.why})` : ''}${f.action === 'skip' ? '' : `  ${count(f.lines, unit)}`}`);
  }
  const retained = Object.entries(stats.retained).filter(([, v]) => v > 0);
  if (retained.length) lines.push(`  retention  removed ${retained.map(([k, v]) => retainedText(k, v)).join(', ')}`);
  if (!stats.complete && !stats.busy) lines.push('  stopped before the end; run it again to continue where it stopped');
  return `${lines.join('\n')}\n`;
}
