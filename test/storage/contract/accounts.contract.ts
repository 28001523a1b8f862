/** The accounts port: idempotent events, monthly counts per instance, retention, and data rights by email. */
import { describe, expect, it } from 'vitest';
import type { AccountEvent } from '../../../src/storage/ports/index.js';
import type { ContractContext } from './factory.js';

const at = (iso: string) => Date.parse(iso);
const event = (kind: AccountEvent['kind'], email: string, when: string, instance = 'acme-prod', extra: Partial<AccountEvent> = {}): AccountEvent => ({
  kind,
  email,
  firstName: 'Ada',
  lastName: 'Lovelace',
  instance,
  status: kind === 'deactivated' ? 'inactive' : 'active',
  at: at(when),
  ...extra,
});

export function accountsContract(ctx: ContractContext): void {
  describe(`accounts port (${ctx.backend})`, () => {
    it('stores an event once per instance, email, kind and UTC day, within a batch and across batches', async () => {
      const storage = await ctx.open(ctx.fresh('accounts-idempotent'));
      const first = [event('created', 'ada@example.com', '2026-01-10T09:00:00Z'), event('created', 'ada@example.com', '2026-01-10T17:00:00Z'), event('created', 'bob@example.com', '2026-01-10T09:00:00Z')];
      expect(await storage.accounts.record(first, 'import', 1000)).toEqual({ inserted: 2, duplicates: 1 });
      // The same again, plus the same person on another instance and another kind the same day.
      const again = [...first, event('created', 'ada@example.com', '2026-01-10T09:00:00Z', 'acme-test'), event('deactivated', 'ada@example.com', '2026-01-10T18:00:00Z')];
      expect(await storage.accounts.record(again, 'api:ci', 2000)).toEqual({ inserted: 2, duplicates: 3 });
      expect(await storage.accounts.record([], 'import', 3000)).toEqual({ inserted: 0, duplicates: 0 });
      const ada = await storage.accounts.eventsByEmail('ada@example.com');
      expect(ada).toHaveLength(3);
      expect(ada[0]).toEqual({ kind: 'created', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', instance: 'acme-prod', status: 'active', at: at('2026-01-10T09:00:00Z'), receivedAt: 1000, via: 'import' });
      expect(ada.map((e) => [e.instance, e.kind, e.via])).toEqual([
        ['acme-prod', 'created', 'import'],
        ['acme-test', 'created', 'api:ci'],
        ['acme-prod', 'deactivated', 'api:ci'],
      ]);
    });

    it('counts events per instance and UTC month, oldest first, one instance when asked', async () => {
      const storage = await ctx.open(ctx.fresh('accounts-monthly'));
      await storage.accounts.record(
        [
          event('created', 'a@x.io', '2026-01-31T23:59:59Z'),
          event('created', 'b@x.io', '2026-01-02T00:00:00Z'),
          event('deactivated', 'a@x.io', '2026-02-01T00:00:00Z'),
          event('reactivated', 'a@x.io', '2026-03-15T12:00:00Z'),
          event('created', 'c@x.io', '2026-02-20T00:00:00Z', 'beta'),
          event('created', 'd@x.io', '2025-12-31T23:59:59Z', 'beta', { firstName: null, lastName: null, status: null }),
        ],
        'import',
        1,
      );
      expect(await storage.accounts.monthlyCounts()).toEqual([
        { instance: 'acme-prod', month: '2026-01', created: 2, deactivated: 0, reactivated: 0 },
        { instance: 'acme-prod', month: '2026-02', created: 0, deactivated: 1, reactivated: 0 },
        { instance: 'acme-prod', month: '2026-03', created: 0, deactivated: 0, reactivated: 1 },
        { instance: 'beta', month: '2025-12', created: 1, deactivated: 0, reactivated: 0 },
        { instance: 'beta', month: '2026-02', created: 1, deactivated: 0, reactivated: 0 },
      ]);
      expect(await storage.accounts.monthlyCounts('beta')).toHaveLength(2);
      expect(await storage.accounts.monthlyCounts('nope')).toEqual([]);
      const [d] = await storage.accounts.eventsByEmail('d@x.io');
      expect(d).toMatchObject({ firstName: null, lastName: null, status: null });
    });

    it('retention deletes what happened before the cut, and data rights count, list and delete one email only', async () => {
      const storage = await ctx.open(ctx.fresh('accounts-rights'));
      await storage.accounts.record(
        [event('created', 'old@x.io', '2020-01-01T00:00:00Z'), event('created', 'ada@x.io', '2026-01-01T00:00:00Z'), event('deactivated', 'ada@x.io', '2026-02-01T00:00:00Z'), event('created', 'bob@x.io', '2026-01-05T00:00:00Z')],
        'import',
        1,
      );
      const now = at('2026-06-01T00:00:00Z');
      expect(await storage.accounts.applyRetention(3 * 365 * 86_400_000, now)).toBe(1);
      expect(await storage.accounts.countByEmail('old@x.io')).toBe(0);
      expect(await storage.accounts.countByEmail('ada@x.io')).toBe(2);
      expect(await storage.accounts.countByEmail('nobody@x.io')).toBe(0);
      expect(await storage.accounts.deleteByEmail('ada@x.io')).toBe(2);
      expect(await storage.accounts.deleteByEmail('ada@x.io')).toBe(0);
      expect(await storage.accounts.eventsByEmail('ada@x.io')).toEqual([]);
      expect((await storage.accounts.eventsByEmail('bob@x.io')).map((e) => e.kind)).toEqual(['created']);
    });

    it('rolls back with the transaction it was written in', async () => {
      const storage = await ctx.open(ctx.fresh('accounts-tx'));
      await expect(
        storage.transaction(async (tx) => {
          await tx.accounts.record([event('created', 'ada@x.io', '2026-01-01T00:00:00Z')], 'import', 1);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await storage.accounts.countByEmail('ada@x.io')).toBe(0);
    });
  });
}
