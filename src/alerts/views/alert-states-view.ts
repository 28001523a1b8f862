/**
 * `trackz alerts list` as text: one row per monitor and rule, fitted to the terminal. NOTIFIED says
 * what reached the channels (from the outbox), not what was decided: a message still being retried
 * reads "pending" with the error of its last try. The RULE column appears only when rules differ.
 * Absolute times and streak counts are in --json; the table says "for 5m" to fit 80 columns.
 */
import { formatTimestamp } from '../../core/timestamp.js';
import { plural } from '../../core/plural.js';
import { redact } from '../../privacy/redactor.js';
import { relativeTime, type Colors } from '../../ui/format.js';
import { renderTable, type Column } from '../../ui/table.js';
import type { AlertKind } from '../alert-event.js';
import type { AlertState } from '../alert-state.js';
import type { DeliveryState } from '../delivery-state.js';
import { describeMute, type Mute } from '../mute.js';
import type { Silence } from '../../storage/ports/alerts.js';

export interface StateRow {
  state: AlertState;
  mute: Mute | undefined;
  delivery: DeliveryState;
}

export interface StatesView {
  rows: StateRow[];
  silences: Silence[];
  outbox: { pending: number; failed: number; delivered: number };
  all: boolean;
  now: number;
  c: Colors;
  width?: number;
}

/** As the messages' headlines read. */
export const KIND_WORDS: Record<AlertKind, string> = { down: 'DOWN', up: 'RECOVERED', degraded: 'DEGRADED', reminder: 'STILL DOWN', test: 'TEST' };

/** `✖ down for 5m`, `✔ ok, 1 failed`, `✖ down for 2h, 1 passed`: the phase, how long, and the streak that may change it. */
function stateText(state: AlertState, now: number, c: Colors): string {
  const label = { ok: c.green('✔ ok'), degraded: c.yellow('▲ degraded'), down: c.red('✖ down') }[state.phase];
  const lasting = state.phase !== 'ok' && state.since !== null ? ` for ${relativeTime(state.since, now).replace(/ ago$/, '')}` : '';
  const { fail, pass } = state.streaks;
  const streak = state.phase === 'ok' ? (fail.count ? `, ${fail.count} failed` : '') : pass.count ? `, ${pass.count} passed` : '';
  return `${label}${lasting}${streak}`;
}

/** `DOWN sent 5m ago`, `DOWN pending (1 try: connection refused)`, `RECOVERED sent to oncall 2m ago; failed on chat: HTTP 500`. */
export function notifiedText(delivery: DeliveryState, now: number): string {
  const latest = delivery.latest;
  if (!latest) return 'nothing yet';
  const several = latest.channels.length > 1;
  const names = (list: { channel: string }[]) => list.map((d) => d.channel).join(', ');
  const sent = latest.channels.filter((d) => d.status === 'delivered');
  const waiting = latest.channels.filter((d) => d.status === 'pending');
  const failed = latest.channels.filter((d) => d.status === 'failed');
  const parts: string[] = [];
  if (sent.length) parts.push(`sent${several && sent.length < latest.channels.length ? ` to ${names(sent)}` : ''} ${relativeTime(Math.max(...sent.map((d) => d.at)), now)}`);
  if (waiting.length) {
    const tried = waiting.find((d) => d.lastError);
    parts.push(`pending${several ? ` on ${names(waiting)}` : ''}${tried ? ` (${plural(tried.attempts, 'try', 'tries')}: ${redact(tried.lastError!)})` : ''}`);
  }
  if (failed.length) parts.push(`failed${several ? ` on ${names(failed)}` : ''}: ${redact(failed[0]!.lastError ?? 'gave up')}`);
  let text = `${KIND_WORDS[latest.kind]} ${parts.join('; ')}`;
  const earlier = delivery.lastDelivered;
  if (!sent.length && earlier) text += `; last sent: ${KIND_WORDS[earlier.kind]} ${relativeTime(earlier.at, now)}`;
  return text;
}

export function renderAlertStates(view: StatesView): string {
  const { c, now } = view;
  const out: string[] = [];
  if (view.rows.length === 0) out.push(view.all ? 'No alert state yet.' : 'No open incidents: every monitor with an alert rule is up. (--all shows every state.)');
  else {
    const withRule = new Set(view.rows.map((row) => row.state.rule)).size > 1;
    const columns: Column[] = [
      { header: 'MONITOR', fit: 'name' },
      ...(withRule ? [{ header: 'RULE', fit: 'name' } as Column] : []),
      { header: 'STATE' },
      { header: 'NOTIFIED', fit: 'cut' },
      { header: 'LAST ERROR', fit: 'cut' },
    ];
    const rows = view.rows.map(({ state, mute, delivery }) => {
      const held = mute ? `held: ${describeMute(mute, (ms) => formatTimestamp(ms, 'minutes'))}; ` : '';
      return [state.monitor, ...(withRule ? [state.rule] : []), stateText(state, now, c), `${held}${notifiedText(delivery, now)}`, redact(state.lastError?.message ?? '–')];
    });
    out.push(renderTable(columns, rows, { width: view.width, header: c.bold }));
  }
  if (view.silences.length) {
    out.push('', c.bold('Silences'));
    for (const s of view.silences) out.push(`  ${s.monitor} until ${formatTimestamp(s.endsAt)} (${relativeTime(s.endsAt, now).replace(/^in /, '')} left)${s.reason ? `: ${redact(s.reason)}` : ''}${s.createdBy ? ` — ${s.createdBy}` : ''}`);
  }
  const { pending, failed, delivered } = view.outbox;
  out.push('', `Outbox: ${pending} pending, ${failed} failed, ${delivered} delivered.`);
  if (failed) out.push(c.red(`Gave up on ${plural(failed, 'notification')}: see \`trackz alerts outbox --status failed\`.`));
  return `${out.join('\n')}\n`;
}
