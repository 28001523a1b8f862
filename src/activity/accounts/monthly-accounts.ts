/**
 * The monthly accounts report, a pure decision over the port's per-month counts: for each instance
 * and UTC month, accounts created, deactivated and reactivated, and those active at the month's end —
 * created or reactivated minus deactivated, carried over from every earlier month (also months
 * before the window shown, and months without events).
 *
 * Events past retention are gone, so the carried figure starts from the oldest event still kept; a
 * deactivation of an account created before that can make it lower than the application's own count.
 */
import type { AccountMonthCounts } from '../../storage/ports/accounts.js';

export interface AccountMonth extends AccountMonthCounts {
  /** Accounts active at the end of the month. */
  active: number;
}

/** `2026-01` of an epoch ms (UTC). */
export const monthOf = (ms: number): string => new Date(ms).toISOString().slice(0, 7);

/** The month after `month` (`2026-12` → `2027-01`). */
export function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Rows per instance (in the order the counts list them) and month, from `fromMonth` through
 * `toMonth` (or the last month with events, if later), with gap months filled in.
 */
export function monthlyAccounts(counts: readonly AccountMonthCounts[], window: { fromMonth?: string; toMonth: string }): AccountMonth[] {
  const byInstance = new Map<string, Map<string, AccountMonthCounts>>();
  for (const row of counts) {
    let months = byInstance.get(row.instance);
    if (!months) byInstance.set(row.instance, (months = new Map()));
    months.set(row.month, row);
  }
  const out: AccountMonth[] = [];
  for (const [instance, months] of byInstance) {
    const seen = [...months.keys()].sort();
    const last = seen.at(-1)! > window.toMonth ? seen.at(-1)! : window.toMonth;
    let active = 0;
    for (let month = seen[0]!; month <= last; month = nextMonth(month)) {
      const row = months.get(month) ?? { instance, month, created: 0, deactivated: 0, reactivated: 0 };
      active += row.created + row.reactivated - row.deactivated;
      if (window.fromMonth === undefined || month >= window.fromMonth) out.push({ instance, month, created: row.created, deactivated: row.deactivated, reactivated: row.reactivated, active });
    }
  }
  return out;
}
