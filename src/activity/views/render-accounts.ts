/** `trackz activity --accounts` as text: one table, a row per instance and month, fitted to the terminal. */
import { colors } from '../../ui/format.js';
import { renderTable } from '../../ui/table.js';
import type { AccountMonth } from '../accounts/monthly-accounts.js';
import type { ActivityView } from './render-activity.js';

const n = (value: number) => value.toLocaleString('en-US');

export function renderAccountsReport(months: readonly AccountMonth[], view: ActivityView & { fromMonth: string; toMonth: string }): string {
  const c = colors(view.color);
  const head = `${c.bold('accounts')}  ${c.dim(`${view.fromMonth} – ${view.toMonth}, UTC months`)}\n`;
  if (months.length === 0) return `${head}No account events in this window. Send them with \`trackz import --accounts FILE\` or POST /api/v1/accounts/events.\n`;
  // Months and counts never shrink; a long instance name is cut (the JSON has it whole).
  const table = renderTable(
    [{ header: 'INSTANCE', fit: 'name' }, { header: 'MONTH' }, { header: 'CREATED' }, { header: 'DEACTIVATED' }, { header: 'REACTIVATED' }, { header: 'ACTIVE' }],
    months.map((m) => [m.instance, m.month, n(m.created), n(m.deactivated), n(m.reactivated), n(m.active)]),
    { width: view.width, header: c.bold },
  );
  return `${head}${table}\n`;
}
