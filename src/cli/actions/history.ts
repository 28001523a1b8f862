/** `trackz history <monitor>`: uptime and percentiles over 24h/7d/30d, then recent results. */
import Table from 'cli-table3';
import { existsSync } from 'node:fs';
import { loadConfig } from '../../config/load.js';
import { didYouMean } from '../../config/suggest.js';
import { formatDuration, parseDurationFlag } from '../../core/duration.js';
import { UserError } from '../../core/errors.js';
import { colors, latencyText, statusLabel, useColor } from '../../reporters/format.js';
import { openStore } from '../../store/open.js';
import type { WindowStats } from '../../store/store.js';
import { formatTimestamp } from '../../core/timestamp.js';

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
}

const round = (value: number | null, digits = 1) => (value === null ? null : Number(value.toFixed(digits)));
const percent = (value: number | null) => (value === null ? '–' : `${value >= 99.995 ? '100' : value.toFixed(2)}%`);

export async function history(options: HistoryOptions): Promise<string> {
  const sinceMs = parseDurationFlag(options.since ?? '24h', '--since');
  const config = await loadConfig(options);
  await config.registry.disposeAll();
  if (!existsSync(config.storage.path)) {
    throw new UserError(`no results stored yet (${config.storage.path} does not exist); run \`trackz check\` first`);
  }
  const store = await openStore(config.storage.path);
  try {
    const known = new Set([...config.monitors.map((m) => m.name), ...store.monitorNames()]);
    if (!known.has(options.monitor)) {
      const hint = didYouMean(options.monitor, known);
      throw new UserError(`no monitor named "${options.monitor}"${hint ? ` (${hint})` : ''}`);
    }
    const now = options.now ?? Date.now();
    const windows: Record<string, WindowStats> = {};
    for (const [label, span] of Object.entries(HISTORY_WINDOWS)) windows[label] = store.windowStats(options.monitor, now - span, now + 1);
    const results = store.recentResults(options.monitor, { since: now - sinceMs, limit: options.limit ?? 20 });
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

    const c = colors(options.color ?? useColor(process.stdout, options.env ?? process.env));
    const compact = { style: { head: [], border: [], compact: true }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } };
    const stats = new Table({ head: ['WINDOW', 'CHECKS', 'UPTIME', 'DOWN', 'P50', 'P95', 'P99'].map((h) => c.bold(h)), ...compact });
    for (const [label, w] of Object.entries(windows)) {
      stats.push([label + (w.approximate ? '*' : ''), String(w.counts.total), percent(w.uptimePercent), String(w.counts.down), latencyText(w.p50), latencyText(w.p95), latencyText(w.p99)]);
    }
    const recent = new Table({ head: ['TIME', 'STATUS', 'LATENCY', 'MESSAGE'].map((h) => c.bold(h)), ...compact });
    for (const r of results) recent.push([formatTimestamp(r.ts), statusLabel(r.status, c), latencyText(r.latencyMs), r.message]);
    const approximate = Object.values(windows).some((w) => w.approximate) ? '* includes hourly roll-ups: percentiles are approximate\n' : '';
    const listing = results.length ? recent.toString() : `No results in the last ${formatDuration(sinceMs)}.`;
    return `${c.bold(options.monitor)} (${type})\n${stats.toString()}\n${approximate}\nLast ${options.since ?? '24h'} (newest first, at most ${options.limit ?? 20}):\n${listing}\n`;
  } finally {
    store.close();
  }
}
