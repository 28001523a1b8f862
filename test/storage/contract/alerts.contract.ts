/** The alerts port: state, the outbox with its claims and leases (two instances = two processes), silences. */
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertEvent, AlertKind } from '../../../src/alerts/alert-event.js';
import { initialAlertState, type AlertState } from '../../../src/alerts/alert-state.js';
import { clearSecrets, registerSecret } from '../../../src/privacy/redactor.js';
import type { ContractContext } from './factory.js';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);

function event(monitor: string, kind: AlertKind, incident = 1): AlertEvent {
  return {
    id: `${monitor}/default/${incident}.${T0}/${kind}`,
    kind,
    monitor,
    type: 'uptime',
    rule: 'default',
    incident,
    status: kind === 'up' ? 'up' : 'down',
    message: 'HTTP 503',
    since: new Date(T0).toISOString(),
    durationMs: 60_000,
    lastError: 'HTTP 503',
    workspace: 'contract',
    at: new Date(T0).toISOString(),
  };
}

export function alertsContract(ctx: ContractContext): void {
  describe(`alerts port (${ctx.backend})`, () => {
    afterEach(() => clearSecrets());

    it('keeps one state per monitor and rule, filters them, and redacts what it stores', async () => {
      const storage = await ctx.open(ctx.fresh('alerts-state'));
      registerSecret('tok-123456');
      const down: AlertState = { ...initialAlertState('home', 'default'), phase: 'down', incident: 2, since: T0, last: { status: 'down', at: T0, message: 'GET /?token=tok-123456 failed' } };
      await storage.alerts.putState(down, T0);
      await storage.alerts.putState(initialAlertState('api', 'default'), T0);
      await storage.alerts.putState(initialAlertState('home', 'pager'), T0);
      expect(await storage.alerts.getState('home', 'default')).toEqual({ ...down, last: { status: 'down', at: T0, message: 'GET /?token=*** failed' } });
      expect(await storage.alerts.getState('home', 'nope')).toBeUndefined();
      expect((await storage.alerts.states()).map((s) => `${s.monitor}/${s.rule}`)).toEqual(['api/default', 'home/default', 'home/pager']);
      expect((await storage.alerts.states({ monitor: 'home' })).map((s) => s.rule)).toEqual(['default', 'pager']);
      expect((await storage.alerts.states({ phases: ['down'] })).map((s) => s.monitor)).toEqual(['home']);
      // Replaced, not added.
      await storage.alerts.putState({ ...down, phase: 'ok' }, T0 + 1);
      expect((await storage.alerts.states({ phases: ['down'] })).length).toBe(0);
    });

    it('queues an event once per channel, whichever process tries', async () => {
      const name = ctx.fresh('alerts-enqueue');
      const a = await ctx.open(name);
      const b = await ctx.open(name);
      expect(await a.alerts.enqueue(event('home', 'down'), 'oncall', T0)).toBe(true);
      expect(await a.alerts.enqueue(event('home', 'down'), 'oncall', T0 + 1)).toBe(false);
      expect(await b.alerts.enqueue(event('home', 'down'), 'oncall', T0 + 2)).toBe(false);
      expect(await b.alerts.enqueue(event('home', 'down'), 'chat', T0 + 2)).toBe(true);
      const [race1, race2] = await Promise.all([a.alerts.enqueue(event('api', 'down'), 'oncall', T0), b.alerts.enqueue(event('api', 'down'), 'oncall', T0)]);
      expect([race1, race2].filter(Boolean)).toHaveLength(1);
      expect(await a.alerts.outboxCounts()).toEqual({ pending: 3, delivered: 0, failed: 0 });
      const [entry] = await a.alerts.outbox({ monitor: 'home', limit: 1 });
      expect(entry).toMatchObject({ channel: 'chat', monitor: 'home', kind: 'down', status: 'pending', attempts: 0, createdAt: T0 + 2, nextAttemptAt: T0 + 2, leaseOwner: null, lastError: null, finishedAt: null });
      expect(entry!.event).toEqual(event('home', 'down'));
    });

    it('hands out only the oldest due entry per channel and monitor, so a recovery never overtakes its alert', async () => {
      const storage = await ctx.open(ctx.fresh('alerts-due'));
      await storage.alerts.enqueue(event('home', 'down'), 'oncall', T0);
      await storage.alerts.enqueue(event('home', 'up'), 'oncall', T0 + 1);
      await storage.alerts.enqueue(event('home', 'down'), 'chat', T0 + 2);
      await storage.alerts.enqueue(event('api', 'down'), 'oncall', T0 + 3);
      const due = await storage.alerts.dueEntries(T0 + 10);
      expect(due.map((e) => `${e.monitor}/${e.channel}/${e.kind}`)).toEqual(['home/oncall/down', 'home/chat/down', 'api/oncall/down']);
      expect(await storage.alerts.dueEntries(T0 + 10, 1)).toHaveLength(1);
      expect(await storage.alerts.dueEntries(T0 - 1)).toEqual([]);
      const first = due[0]!;
      expect(await storage.alerts.claim(first.id, 'runner-1', T0 + 10, T0 + 70)).toBe(true);
      await storage.alerts.markDelivered(first.id, 'runner-1', T0 + 11);
      const next = await storage.alerts.dueEntries(T0 + 20);
      expect(next.map((e) => `${e.monitor}/${e.channel}/${e.kind}`)).toEqual(['home/oncall/up', 'home/chat/down', 'api/oncall/down']);
    });

    it('lets exactly one of two processes claim an entry, until its lease runs out', async () => {
      const name = ctx.fresh('alerts-claim');
      const a = await ctx.open(name);
      const b = await ctx.open(name);
      await a.alerts.enqueue(event('home', 'down'), 'oncall', T0);
      const [entry] = await a.alerts.dueEntries(T0);
      const claims = await Promise.all([
        ...Array.from({ length: 5 }, (_, i) => a.alerts.claim(entry!.id, `a-${i}`, T0 + 1, T0 + 60_000)),
        ...Array.from({ length: 5 }, (_, i) => b.alerts.claim(entry!.id, `b-${i}`, T0 + 1, T0 + 60_000)),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      // Leased: not due, not claimable, until the lease is over.
      expect(await b.alerts.dueEntries(T0 + 2)).toEqual([]);
      expect(await b.alerts.claim(entry!.id, 'late', T0 + 30_000, T0 + 90_000)).toBe(false);
      expect(await b.alerts.claim(entry!.id, 'after-lease', T0 + 60_001, T0 + 120_000)).toBe(true);
      // Only the lease holder may finish it.
      await a.alerts.markDelivered(entry!.id, 'someone-else', T0 + 60_002);
      expect((await a.alerts.outbox())[0]!.status).toBe('pending');
      await a.alerts.markDelivered(entry!.id, 'after-lease', T0 + 60_003);
      expect((await a.alerts.outbox())[0]).toMatchObject({ status: 'delivered', attempts: 1, finishedAt: T0 + 60_003, leaseOwner: null, leaseUntil: null });
      expect(await a.alerts.claim(entry!.id, 'again', T0 + 200_000, T0 + 300_000)).toBe(false);
    });

    it('retries a failed attempt later, marks it failed when told to stop, and abandons without an attempt', async () => {
      const storage = await ctx.open(ctx.fresh('alerts-failures'));
      registerSecret('smtp-pass-42');
      await storage.alerts.enqueue(event('home', 'down'), 'oncall', T0);
      await storage.alerts.enqueue(event('api', 'down'), 'oncall', T0);
      await storage.alerts.enqueue(event('db', 'down'), 'gone', T0);
      const [home, api, db] = await storage.alerts.dueEntries(T0);
      await storage.alerts.claim(home!.id, 'r', T0, T0 + 60_000);
      await storage.alerts.markAttemptFailed(home!.id, 'r', T0 + 1, 'SMTP auth smtp-pass-42 refused', T0 + 30_000);
      let [entry] = await storage.alerts.outbox({ monitor: 'home' });
      expect(entry).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: T0 + 30_000, lastError: 'SMTP auth *** refused', leaseOwner: null, finishedAt: null });
      expect((await storage.alerts.dueEntries(T0 + 29_999)).map((e) => e.monitor)).toEqual(['api', 'db']);
      await storage.alerts.claim(home!.id, 'r', T0 + 30_000, T0 + 90_000);
      await storage.alerts.markAttemptFailed(home!.id, 'r', T0 + 30_001, 'still refused', null);
      [entry] = await storage.alerts.outbox({ monitor: 'home' });
      expect(entry).toMatchObject({ status: 'failed', attempts: 2, nextAttemptAt: T0 + 30_000, finishedAt: T0 + 30_001, lastError: 'still refused' });
      await storage.alerts.abandon(db!.id, T0 + 5, 'channel gone is no longer configured');
      expect((await storage.alerts.outbox({ status: 'failed' })).map((e) => [e.monitor, e.attempts])).toEqual([
        ['db', 0],
        ['home', 2],
      ]);
      expect(await storage.alerts.outboxCounts()).toEqual({ pending: 1, delivered: 0, failed: 2 });
      expect((await storage.alerts.outbox({ status: 'pending' }))[0]!.id).toBe(api!.id);
    });

    it('keeps silences: the active one that ends last, all active ones, and ends them early', async () => {
      const storage = await ctx.open(ctx.fresh('alerts-silences'));
      const added = await storage.alerts.addSilence('home', T0, T0 + 3_600_000, 'deploy', 'ops');
      expect(added).toMatchObject({ monitor: 'home', startsAt: T0, endsAt: T0 + 3_600_000, reason: 'deploy', createdBy: 'ops' });
      await storage.alerts.addSilence('home', T0, T0 + 7_200_000, null, null);
      await storage.alerts.addSilence('home', T0 + 10_000_000, T0 + 20_000_000, 'later', null);
      await storage.alerts.addSilence('api', T0 - 10, T0 + 60_000, 'db move', 'ops');
      expect(await storage.alerts.activeSilence('home', T0 + 1)).toMatchObject({ endsAt: T0 + 7_200_000, reason: null });
      expect(await storage.alerts.activeSilence('home', T0 - 1)).toBeUndefined();
      expect((await storage.alerts.activeSilences(T0 + 1)).map((s) => [s.monitor, s.endsAt])).toEqual([
        ['api', T0 + 60_000],
        ['home', T0 + 3_600_000],
        ['home', T0 + 7_200_000],
      ]);
      // Ends the active and the scheduled ones of that monitor only.
      expect(await storage.alerts.endSilences('home', T0 + 2)).toBe(3);
      expect(await storage.alerts.activeSilence('home', T0 + 3)).toBeUndefined();
      expect(await storage.alerts.activeSilence('api', T0 + 3)).toBeDefined();
    });
  });
}
