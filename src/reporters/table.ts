/** The default for people: one table fitted to the terminal, and a one-line summary. */
import { formatDuration } from '../core/duration.js';
import { colors, countsText, latencyText, statusLabel } from '../ui/format.js';
import { renderTable, type Column } from '../ui/table.js';
import type { Reporter, ReporterOptions } from './reporter.js';

// The message is why a check failed: it wraps rather than being cut, and gives way before a name does.
const COLUMNS: Column[] = [{ header: 'STATUS' }, { header: 'MONITOR', fit: 'name' }, { header: 'TYPE' }, { header: 'LATENCY' }, { header: 'MESSAGE', fit: 'wrap' }];

export function tableReporter(options: ReporterOptions): Reporter {
  const c = colors(options.color);
  return {
    onEnd(summary) {
      if (summary.records.length === 0) return `No monitors matched.\n`;
      const rows = summary.records.map((record) => {
        const attempts = record.attempts > 1 ? c.dim(` (${record.attempts} tries)`) : '';
        return [statusLabel(record.status, c), record.monitor, record.type, latencyText(record.latencyMs), `${record.message}${attempts}`];
      });
      const footer = `${countsText(summary.counts)} · ${formatDuration(summary.durationMs)}`;
      return `${renderTable(COLUMNS, rows, { width: options.columns, header: c.bold })}\n${summary.exitCode === 0 ? c.green(footer) : c.red(footer)}\n`;
    },
  };
}
