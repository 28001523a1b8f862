/**
 * `trackz alerts outbox` as text, newest first, fitted to the terminal: times are relative and ids
 * left out (--json has both), the event and the error give way first, the channel last.
 */
import { redact } from '../../privacy/redactor.js';
import { relativeTime, type Colors } from '../../ui/format.js';
import { renderTable, type Column } from '../../ui/table.js';
import type { OutboxEntry, OutboxStatus } from '../../storage/ports/alerts.js';
import { KIND_WORDS } from './alert-states-view.js';

const COLUMNS: Column[] = [
  { header: 'CHANNEL', fit: 'name' },
  { header: 'EVENT', fit: 'cut' },
  { header: 'STATUS' },
  { header: 'TRIES' },
  { header: 'WHEN', fit: 'cut', min: 8 },
  { header: 'LAST ERROR', fit: 'cut' },
];

/** Pending: when the next try is due; delivered and failed: when that happened. */
function when(entry: OutboxEntry, now: number): string {
  if (entry.status === 'pending') return entry.nextAttemptAt <= now ? 'due now' : `${entry.attempts ? 'retry' : 'due'} ${relativeTime(entry.nextAttemptAt, now)}`;
  return entry.finishedAt === null ? '–' : relativeTime(entry.finishedAt, now);
}

export function renderOutbox(entries: readonly OutboxEntry[], counts: Record<OutboxStatus, number>, view: { now: number; c: Colors; width?: number }): string {
  const { c, now } = view;
  const paint = { pending: c.yellow, failed: c.red, delivered: c.green };
  const rows = entries.map((e) => [e.channel, `${KIND_WORDS[e.kind]} ${e.monitor}`, paint[e.status](e.status), String(e.attempts), when(e, now), redact(e.lastError ?? '–')]);
  return `${renderTable(COLUMNS, rows, { width: view.width, header: c.bold })}\nOutbox: ${counts.pending} pending, ${counts.failed} failed, ${counts.delivered} delivered.\n`;
}
