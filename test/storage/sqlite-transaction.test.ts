/**
 * SqliteStorage.transaction on a real file: while `work` awaits, calls through the storage wait and
 * are never swallowed into it (nor rolled back with it); calls through `tx` run inside; a second
 * connection meets the write lock; and the ports of a finished transaction refuse to run.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { initialAlertState } from '../../src/alerts/alert-state.js';
import type { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import type { StoragePorts } from '../../src/storage/ports/index.js';
import { record } from '../helpers/records.js';
import { openSqlite } from '../helpers/storage.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-transaction-');
let files = 0;
const opened: SqliteStorage[] = [];
const fresh = (options: { busyTimeoutMs?: number } = {}, path = ws.path(`t${++files}.db`)) => {
  const storage = openSqlite(path, options);
  opened.push(storage);
  return storage;
};
afterEach(async () => {
  for (const storage of opened.splice(0)) await storage.close();
});
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A promise and the function that resolves it (Node 20 has no Promise.withResolvers). */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('transaction', () => {
  it('commits what tx wrote; a call through the storage meanwhile waits for the commit', async () => {
    const storage = fresh();
    const order: string[] = [];
    const written = signal();
    const inside = storage.transaction(async (tx) => {
      await tx.alerts.putState({ ...initialAlertState('web', 'main'), phase: 'down' }, 1);
      order.push('written in tx');
      written.resolve();
      await pause(30);
      order.push('committing');
      return 'done';
    });
    // Issued while the transaction is open and waiting on its timer.
    await written.promise;
    const outside = storage.alerts.getState('web', 'main').then((state) => {
      order.push('read outside');
      return state;
    });
    expect(await inside).toBe('done');
    expect((await outside)?.phase).toBe('down');
    expect(order).toEqual(['written in tx', 'committing', 'read outside']);
  });

  it('rolls back on a throw, and a write through the storage meanwhile is not rolled back with it', async () => {
    const storage = fresh();
    const written = signal();
    const failing = storage.transaction(async (tx) => {
      await tx.alerts.putState(initialAlertState('web', 'main'), 1);
      await tx.results.saveResults([record('web', 1_000)]);
      written.resolve();
      await pause(30);
      throw new Error('decided otherwise');
    });
    await written.promise;
    const silence = storage.alerts.addSilence('web', 0, 10_000, 'deploy', null);
    await expect(failing).rejects.toThrow('decided otherwise');
    await silence;
    expect(await storage.alerts.getState('web', 'main')).toBeUndefined();
    expect(await storage.results.monitorNames()).toEqual([]);
    expect((await storage.alerts.activeSilences(1)).map((s) => s.reason)).toEqual(['deploy']);
    // Monitor ids made inside the rolled-back transaction are forgotten: saving again works.
    await storage.results.saveResults([record('web', 2_000)]);
    expect((await storage.results.recentResults('web')).map((r) => r.ts)).toEqual([2_000]);
  });

  it('two transactions in one process run one after the other', async () => {
    const storage = fresh();
    const order: string[] = [];
    const run = (name: string) =>
      storage.transaction(async (tx) => {
        order.push(`${name} begins`);
        const count = (await tx.alerts.states()).length;
        await pause(10);
        await tx.alerts.putState(initialAlertState(`m${count}`, 'main'), 1);
        order.push(`${name} ends`);
      });
    await Promise.all([run('a'), run('b')]);
    expect(order).toEqual(['a begins', 'a ends', 'b begins', 'b ends']);
    // Each saw what the one before it committed.
    expect((await storage.alerts.states()).map((s) => s.monitor)).toEqual(['m0', 'm1']);
  });

  it('holds the write lock: another connection to the file (another process) waits, then gives up at its busy timeout', async () => {
    const first = fresh();
    let refused: unknown;
    await first.transaction(async (tx) => {
      await tx.alerts.putState(initialAlertState('web', 'main'), 1);
      // A connection of its own, as another process has: it meets SQLite's lock, not this process's gate.
      const other = new Database(first.location, { timeout: 50 });
      try {
        other.exec('BEGIN IMMEDIATE');
      } catch (error) {
        refused = error;
      } finally {
        other.close();
      }
    });
    expect(String(refused)).toMatch(/database is locked/);
    expect((await first.alerts.states()).map((s) => s.monitor)).toEqual(['web']);
  });

  it('a second storage on the same file in this process waits for the first one\'s transaction, then runs', async () => {
    const first = fresh();
    const second = fresh({ busyTimeoutMs: 50 }, first.location);
    const order: string[] = [];
    let waiting: Promise<unknown> | undefined;
    await first.transaction(async (tx) => {
      await tx.alerts.putState(initialAlertState('web', 'main'), 1);
      waiting = second.alerts.putState(initialAlertState('api', 'main'), 2).then(() => order.push('second'));
      await pause(120);
      order.push('first');
    });
    await waiting;
    expect(order).toEqual(['first', 'second']);
    expect((await second.alerts.states()).map((s) => s.monitor)).toEqual(['api', 'web']);
  });

  it('the ports of a finished transaction refuse to run', async () => {
    const storage = fresh();
    let kept: StoragePorts | undefined;
    await storage.transaction(async (tx) => {
      kept = tx;
    });
    await expect(kept!.alerts.states()).rejects.toThrow(/this transaction has ended/);
  });
});

describe('info and ping', () => {
  it('say which backend, where, which schema, and how many rows', async () => {
    const storage = fresh();
    await storage.results.saveResults([record('web', 1_000), record('api', 1_001)]);
    await storage.ping();
    const info = await storage.info();
    expect(info).toMatchObject({ backend: 'sqlite', location: storage.location, workspace: 'test', schemaVersion: 5 });
    expect(info.rows).toMatchObject({ monitors: 2, results: 2, alert_outbox: 0, site_page_views: 0 });
    expect(info.sizeBytes).toBeGreaterThan(0);
  });
});
