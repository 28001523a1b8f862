/** The default for people: a cli-table3 table and a one-line summary. */
import Table from 'cli-table3';
import { formatDuration } from '../core/duration.js';
import { colors, countsText, latencyText, statusLabel } from './format.js';
import type { Reporter, ReporterOptions } from './reporter.js';

export function tableReporter(options: ReporterOptions): Reporter {
  const c = colors(options.color);
  return {
    onEnd(summary) {
      const head = ['STATUS', 'MONITOR', 'TYPE', 'LATENCY', 'MESSAGE'];
      const widths = options.columns ? columnWidths(options.columns, summary.records.map((r) => r.monitor)) : undefined;
      const table = new Table({
        head: head.map((h) => c.bold(h)),
        style: { head: [], border: [], compact: true },
        chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
        wordWrap: Boolean(widths),
        ...(widths ? { colWidths: widths } : {}),
      });
      for (const record of summary.records) {
        const attempts = record.attempts > 1 ? c.dim(` (${record.attempts} tries)`) : '';
        table.push([statusLabel(record.status, c), record.monitor, record.type, latencyText(record.latencyMs), `${record.message}${attempts}`]);
      }
      const footer = `${countsText(summary.counts)} · ${formatDuration(summary.durationMs)}`;
      if (summary.records.length === 0) return `No monitors matched.\n`;
      return `${table.toString()}\n${summary.exitCode === 0 ? c.green(footer) : c.red(footer)}\n`;
    },
  };
}

/** Fit the table to the terminal: fixed small columns, the message takes the rest. */
function columnWidths(columns: number, names: string[]): number[] {
  const status = 12;
  const type = 12;
  const latency = 10;
  const longest = Math.max(9, ...names.map((n) => n.length + 2));
  const monitor = Math.min(longest, Math.max(12, Math.floor(columns * 0.25)));
  const message = Math.max(20, columns - status - type - latency - monitor - 6);
  return [status, monitor, type, latency, message];
}
