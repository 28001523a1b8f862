/** `trackz history <monitor>`: uptime and percentiles over 24h/7d/30d, then recent results. */
import { noMonitorNamed } from '../../config/suggest.js';
import { formatDuration, parseDurationFlag } from '../../core/duration.js';
import { UserError } from '../../core/errors.js';
import { colors, latencyText, statusLabel, useColor } from '../../ui/format.js';
import { renderTable, type Column } from '../../ui/table.js';
import { outputWidth } from '../../ui/width.js';
import type { WindowStats } from '../../storage/ports/results.js';
import { formatTimestamp } from '../../core/timestamp.js';
import { loadConfig } from '../../config/load.js';
import { withStorage } from './with-storage.js';

export const HISTORY_WINDOWS: Record<string, number> = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };

export interface HistoryOptions {
  configPath?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  monitor: string;
  since?: string;
  limit?: number;
  json?: boolean;
  now?: number;
  color?: boolean;
  /** Columns to fit; default COLUMNS or the terminal's (none for a pipe). */
  width?: number;
}

/** One line per result: a long message is cut (the whole one is in --json). */
const RECENT_COLUMNS: Column[] = [{ header: 'TIME' }, { header: 'STATUS' }, { header: 'LATENCY' }, { header: 'MESSAGE', fit: 'cut', min: 20 }];

const round = (value: number | null, digits = 1) => (value === null ? null : Number(value.toFixed(digits)));
const percent = (value: number | null) => (value === null ? '–' : `${value >= 99.995 ? '100' : value.toFixed(2)}%`);

export async function history(options: HistoryOptions): Promise<string> {
  const sinceMs = parseDurationFlag(options.since ?? '24h', '--since');
  const config = await loadConfig(options);
  const ifEmpty = (why: string): never => {
    throw new UserError(`no results stored yet (${why}); run \`trackz check\` first`);
  };
  return withStorage(config, { ifEmpty }, async (storage) => {
    const known = new Set([...config.monitors.map((m) => m.name), ...(await storage.results.monitorNames())]);
    if (!known.has(options.monitor)) throw new UserError(noMonitorNamed(options.monitor, known));
    const now = options.now ?? Date.now();
    const windows: Record<string, WindowStats> = {};
    for (const [label, span] of Object.entries(HISTORY_WINDOWS)) windows[label] = await storage.results.windowStats(options.monitor, now - span, now + 1);
    const results = await storage.results.recentResults(options.monitor, { since: now - sinceMs, limit: options.limit ?? 20 });
    const type = config.monitors.find((m) => m.name === options.monitor)?.type ?? results[0]?.type ?? 'unknown';

    if (options.json) {
      return `${JSON.stringify(
        {
          monitor: options.monitor,
          type,
          windows: Object.fromEntries(
            Object.entries(windows).map(([label, w]) => [label, { ...w.counts, uptimePercent: round(w.uptimePercent, 3), p50: round(w.p50), p95: round(w.p95), p99: round(w.p99), approximate: w.approximate }]),
          ),
          results: results.map((r) => ({ ts: new Date(r.ts).toISOString(), status: r.status, latencyMs: r.latencyMs, attempts: r.attempts, message: r.message, metrics: r.metrics })),
        },
        null,
        2,
      )}\n`;
    }

    const env = options.env ?? process.env;
    const c = colors(options.color ?? useColor(process.stdout, env));
    const view = { width: options.width ?? outputWidth(process.stdout, env), header: c.bold };
    const stats = renderTable(
      ['WINDOW', 'CHECKS', 'UPTIME', 'DOWN', 'P50', 'P95', 'P99'].map((header) => ({ header })),
      Object.entries(windows).map(([label, w]) => [label + (w.approximate ? '*' : ''), String(w.counts.total), percent(w.uptimePercent), String(w.counts.down), latencyText(w.p50), latencyText(w.p95), latencyText(w.p99)]),
      view,
    );
    const recent = renderTable(RECENT_COLUMNS, results.map((r) => [formatTimestamp(r.ts), statusLabel(r.status, c), latencyText(r.latencyMs), r.message]), view);
    const approximate = Object.values(windows).some((w) => w.approximate) ? '* includes hourly roll-ups: percentiles are approximate\n' : '';
    const listing = results.length ? recent : `No results in the last ${formatDuration(sinceMs)}.`;
    return `${c.bold(options.monitor)} (${type})\n${stats}\n${approximate}\nLast ${options.since ?? '24h'} (newest first, at most ${options.limit ?? 20}):\n${listing}\n`;
  });
}
