/** The monthly accounts report: created, deactivated, reactivated and active carried across months and gaps. */
import { describe, expect, it } from 'vitest';
import { monthlyAccounts, nextMonth } from '../../src/activity/accounts/monthly-accounts.js';

const row = (instance: string, month: string, created: number, deactivated = 0, reactivated = 0) => ({ instance, month, created, deactivated, reactivated });

describe('monthlyAccounts', () => {
  it('carries the active figure across months, fills months without events, and continues to the window end', () => {
    const counts = [row('acme', '2025-11', 3), row('acme', '2026-01', 1, 2), row('acme', '2026-02', 0, 0, 1)];
    expect(monthlyAccounts(counts, { toMonth: '2026-03' })).toEqual([
      { ...row('acme', '2025-11', 3), active: 3 },
      { ...row('acme', '2025-12', 0), active: 3 },
      { ...row('acme', '2026-01', 1, 2), active: 2 },
      { ...row('acme', '2026-02', 0, 0, 1), active: 3 },
      { ...row('acme', '2026-03', 0), active: 3 },
    ]);
  });

  it('shows only the window but counts what came before it; each instance on its own', () => {
    const counts = [row('acme', '2025-06', 5), row('acme', '2026-02', 1, 1), row('beta', '2026-02', 2)];
    expect(monthlyAccounts(counts, { fromMonth: '2026-01', toMonth: '2026-02' })).toEqual([
      { ...row('acme', '2026-01', 0), active: 5 },
      { ...row('acme', '2026-02', 1, 1), active: 5 },
      { ...row('beta', '2026-02', 2), active: 2 },
    ]);
  });

  it('includes months with events after the window end, and crosses year ends', () => {
    expect(monthlyAccounts([row('acme', '2026-12', 1), row('acme', '2027-02', 1)], { toMonth: '2026-11' }).map((m) => [m.month, m.active])).toEqual([
      ['2026-12', 1],
      ['2027-01', 1],
      ['2027-02', 2],
    ]);
    expect(nextMonth('2026-09')).toBe('2026-10');
    expect(monthlyAccounts([], { toMonth: '2026-01' })).toEqual([]);
  });
});
