/** Storage.transaction: all or nothing, and a second process (or caller) waits for the lock the first holds. */
import { describe, expect, it } from 'vitest';
import { initialAlertState } from '../../../src/alerts/alert-state.js';
import { record, type ContractContext } from './factory.js';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);

export function transactionsContract(ctx: ContractContext): void {
  describe(`transactions (${ctx.backend})`, () => {
    it('rolls back every port written inside when the work throws, and commits them together when it returns', async () => {
      const storage = await ctx.open(ctx.fresh('tx-rollback'));
      const failed = storage.transaction(
        async (tx) => {
          await tx.results.saveResults([record('home', T0)]);
          await tx.alerts.putState(initialAlertState('home', 'default'), T0);
          await tx.alerts.enqueue({ ...event(), id: 'e1' }, 'oncall', T0);
          expect(await tx.results.latestStatus('home')).toBe('up');
          throw new Error('decided against it');
        },
        { lock: 'alerts' },
      );
      await expect(failed).rejects.toThrow('decided against it');
      expect(await storage.results.latestResults()).toEqual([]);
      expect(await storage.alerts.states()).toEqual([]);
      expect(await storage.alerts.outboxCounts()).toEqual({ pending: 0, delivered: 0, failed: 0 });
      // Monitors created inside the rolled-back transaction are not remembered as existing.
      await storage.results.saveResults([record('home', T0 + 1)]);
      expect((await storage.results.latestResults()).map((r) => r.ts)).toEqual([T0 + 1]);
      const value = await storage.transaction(async (tx) => {
        await tx.alerts.putState(initialAlertState('home', 'default'), T0);
        await tx.results.saveResults([record('api', T0)]);
        return 42;
      });
      expect(value).toBe(42);
      expect((await storage.alerts.states()).length).toBe(1);
      expect(await storage.results.monitorNames()).toEqual(['api', 'home']);
    });

    it('makes a second process wait for the alert lock, so read-then-write decisions apply one after the other', async () => {
      const name = ctx.fresh('tx-lock');
      const a = await ctx.open(name);
      const b = await ctx.open(name);
      const order: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const first = a.transaction(
        async (tx) => {
          order.push('a: in');
          entered();
          await held;
          await tx.alerts.putState({ ...initialAlertState('home', 'default'), incident: 1 }, T0);
          order.push('a: out');
        },
        { lock: 'alerts' },
      );
      await inside;
      const second = b.transaction(
        async (tx) => {
          order.push('b: in');
          // What it reads is what the first committed: an increment, not a lost update.
          const state = await tx.alerts.getState('home', 'default');
          await tx.alerts.putState({ ...initialAlertState('home', 'default'), incident: (state?.incident ?? 0) + 1 }, T0);
        },
        { lock: 'alerts' },
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(order).toEqual(['a: in']);
      release();
      await Promise.all([first, second]);
      expect(order).toEqual(['a: in', 'a: out', 'b: in']);
      expect((await a.alerts.getState('home', 'default'))?.incident).toBe(2);
    });

    it('serialises twenty concurrent read-increment-write transactions from two processes', async () => {
      const name = ctx.fresh('tx-count');
      const a = await ctx.open(name);
      const b = await ctx.open(name);
      await a.alerts.putState(initialAlertState('counter', 'default'), T0);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? a : b).transaction(
            async (tx) => {
              const state = (await tx.alerts.getState('counter', 'default'))!;
              await tx.alerts.putState({ ...state, incident: state.incident + 1 }, T0 + i);
            },
            { lock: 'alerts' },
          ),
        ),
      );
      expect((await a.alerts.getState('counter', 'default'))?.incident).toBe(20);
    });
  });
}

function event() {
  return {
    id: 'x',
    kind: 'down' as const,
    monitor: 'home',
    type: 'uptime',
    rule: 'default',
    incident: 1,
    status: 'down' as const,
    message: 'm',
    since: null,
    durationMs: null,
    lastError: null,
    workspace: 'w',
    at: new Date(T0).toISOString(),
  };
}
