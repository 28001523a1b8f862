/**
 * The runtime's result batches against a real SQLite file held locked by another connection: a batch
 * that cannot be saved is an `error` event, kept and saved with a later one (or on its own after a
 * back-off), nothing is lost or doubled, each saved batch is announced with its run, and only the
 * final flush reports a failure that outlasts the run.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log.js';
import type { CheckRecord } from '../../src/core/result.js';
import { systemClock } from '../../src/runtime/clock.js';
import { EventStream } from '../../src/runtime/event-stream.js';
import type { RuntimeEvent } from '../../src/runtime/events.js';
import { ResultBatches, ResultsNotStoredError } from '../../src/runtime/result-batches.js';
import { openSqlite } from '../helpers/storage.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-batches-');

const record = (i: number): CheckRecord => ({ monitor: `m${i % 3}`, type: 'uptime', tags: [], status: i % 2 ? 'up' : 'down', message: `result ${i}`, metrics: {}, startedAt: Date.now() + i, durationMs: 1, attempts: 1 });

function lockedStore(name: string) {
  const path = ws.path(`${name}.db`);
  const store = openSqlite(path, { busyTimeoutMs: 20 });
  const other = new Database(path);
  const lock = () => other.exec('BEGIN EXCLUSIVE');
  const unlock = () => other.exec('COMMIT');
  const count = () => other.prepare('SELECT COUNT(*) FROM results').pluck().get() as number;
  const events = new EventStream(createLogger('test', 'silent'));
  const heard: RuntimeEvent[] = [];
  events.subscribe((event) => void heard.push(event));
  const handed: CheckRecord[][] = [];
  const batches = (maxBatch: number, maxDelayMs: number, retryMs = 60_000) =>
    new ResultBatches({
      results: store.results,
      location: store.location,
      beginRun: () => store.results.beginRun({ command: 'test', startedAt: Date.now() }),
      events,
      clock: systemClock,
      maxBatch,
      maxDelayMs,
      retryMs,
      onStored: (batch) => void handed.push(batch),
    });
  const run = () => other.prepare('SELECT id, finished_at, total, up, down FROM runs').all() as { id: number; finished_at: number | null; total: number; up: number; down: number }[];
  return { batches, lock, unlock, count, heard, handed, run, close: () => (other.close(), store.close()) };
}

describe('result batches', () => {
  it('keeps a batch the locked file refused, and saves it with the next one', async () => {
    const db = lockedStore('retry');
    const batches = db.batches(2, 60_000);
    db.lock();
    batches.add(record(1));
    batches.add(record(2)); // a full batch: the save fails while the file is locked
    await batches.idle();
    db.unlock();
    expect(db.count()).toBe(0);
    expect(db.heard).toEqual([expect.objectContaining({ type: 'error', phase: 'store', message: expect.stringMatching(/^2 results could not be stored in .*retry\.db: database is locked/) })]);
    batches.add(record(3)); // the next save carries the refused batch with it
    await batches.idle();
    expect(db.count()).toBe(3);
    batches.add(record(4));
    await batches.flush();
    expect(db.count()).toBe(4);
    // Each saved batch is announced, with the run it was stored under, and handed on in order.
    const stored = db.heard.filter((e) => e.type === 'results.stored');
    expect(stored.map((e) => e.type === 'results.stored' && e.records.map((r) => r.message))).toEqual([['result 1', 'result 2', 'result 3'], ['result 4']]);
    const [run] = db.run();
    expect(stored.every((e) => e.type === 'results.stored' && e.runId === run!.id)).toBe(true);
    expect(db.handed.flat().map((r) => r.message)).toEqual(['result 1', 'result 2', 'result 3', 'result 4']);
    await batches.finishRun(Date.now());
    expect(db.run()).toEqual([expect.objectContaining({ total: 4, up: 2, down: 2, finished_at: expect.any(Number) })]);
    await db.close();
  });

  it('reports what could not be stored when the file is still locked at the end', async () => {
    const db = lockedStore('final');
    const batches = db.batches(100, 60_000);
    for (let i = 0; i < 5; i++) batches.add(record(i));
    db.lock();
    await expect(batches.flush()).rejects.toThrow(ResultsNotStoredError);
    const error = await batches.flush().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect((error as ResultsNotStoredError).count).toBe(5);
    expect((error as Error).message).toMatch(/^5 results could not be stored in .*final\.db: database is locked/);
    db.unlock();
    await batches.flush();
    expect(db.count()).toBe(5);
    expect(db.handed).toHaveLength(1);
    batches.close();
    await db.close();
  });

  it('saves on its timer without being asked, and retries a refused batch on its own', async () => {
    const db = lockedStore('timer');
    const batches = db.batches(100, 20, 30);
    batches.add(record(1));
    for (let i = 0; i < 100 && db.count() === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(db.count()).toBe(1);
    db.lock();
    batches.add(record(2));
    for (let i = 0; i < 100 && !db.heard.some((e) => e.type === 'error'); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    db.unlock();
    // No new result comes to carry it: the back-off timer saves it.
    for (let i = 0; i < 200 && db.count() < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(db.count()).toBe(2);
    batches.close();
    await db.close();
  });
});
