/**
 * `trackz activity --accounts [--since WHEN] [--instance ID] [--json]` as a plain function: per client
 * instance and UTC month, accounts created, deactivated, reactivated and active at the month's end.
 * Twelve months unless --since says otherwise (a date, or a duration ago).
 */
import { UserError } from '../../core/errors.js';
import { loadConfig } from '../../config/load.js';
import { monthlyAccounts, monthOf, type AccountMonth } from '../../activity/accounts/monthly-accounts.js';
import { useColor } from '../../ui/format.js';
import { outputWidth } from '../../ui/width.js';
import { parseWhen } from './data.js';
import { withStorage } from './with-storage.js';

export interface ActivityAccountsOptions {
  configPath?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  since?: string;
  instance?: string;
  json?: boolean;
  now?: number;
  color?: boolean;
  width?: number;
}

/** The first month of the default window: eleven months before this one, so twelve are shown. */
function twelveMonthsBack(now: number): string {
  const d = new Date(now);
  return monthOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 11, 1));
}

export async function activityAccounts(options: ActivityAccountsOptions): Promise<string> {
  const now = options.now ?? Date.now();
  const fromMonth = options.since === undefined ? twelveMonthsBack(now) : monthOf(parseWhen(options.since, now, '--since'));
  const toMonth = monthOf(now);
  if (fromMonth > toMonth) throw new UserError(`--since: ${options.since} is in the future`);
  const config = await loadConfig(options);
  const report = (months: AccountMonth[]) => {
    if (options.json) return `${JSON.stringify({ from: fromMonth, to: toMonth, instance: options.instance ?? null, months }, null, 2)}\n`;
    const env = options.env ?? process.env;
    return import('../../activity/views/render-accounts.js').then(({ renderAccountsReport }) =>
      renderAccountsReport(months, { color: options.color ?? useColor(process.stdout, env), width: options.width ?? outputWidth(process.stdout, env), fromMonth, toMonth }),
    );
  };
  // Nothing stored yet is an empty report, not an error: the events may simply not have come.
  return withStorage(config, { ifEmpty: () => report([]) }, async (storage) => report(monthlyAccounts(await storage.accounts.monthlyCounts(options.instance), { fromMonth, toMonth })));
}
