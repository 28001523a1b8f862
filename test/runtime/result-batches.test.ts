/**
 * The result writer against a real SQLite file held locked by another connection: a batch that
 * cannot be saved is kept and saved with a later one, nothing is lost or doubled, and only the
 * final flush reports a failure that outlasts the run.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { CheckRecord } from '../../src/core/result.js';
import { createResultWriter, ResultsNotStoredError } from '../../src/storage/result-writer.js';
import { openSqlite } from '../helpers/storage.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-writer-');

const record = (i: number): CheckRecord => ({ monitor: `m${i % 3}`, type: 'uptime', tags: [], status: 'up', message: `result ${i}`, metrics: {}, startedAt: Date.now() + i, durationMs: 1, attempts: 1 });

function lockedStore(name: string) {
  const path = ws.path(`${name}.db`);
  const store = openSqlite(path, { busyTimeoutMs: 20 });
  const other = new Database(path);
  const lock = () => other.exec('BEGIN EXCLUSIVE');
  const unlock = () => other.exec('COMMIT');
  const count = () => other.prepare('SELECT COUNT(*) FROM results').pluck().get() as number;
  const writer = (maxBatch: number, maxDelayMs: number) => createResultWriter(store.results, store.location, undefined, maxBatch, maxDelayMs);
  return { writer, lock, unlock, count, close: () => (other.close(), store.close()) };
}

describe('result writer', () => {
  it('keeps a batch the locked file refused, and saves it with the next one', async () => {
    const db = lockedStore('retry');
    const writer = db.writer(2, 60_000);
    db.lock();
    writer.add(record(1));
    writer.add(record(2)); // a full batch: the save fails quietly while the file is locked
    await writer.idle();
    db.unlock();
    expect(db.count()).toBe(0);
    writer.add(record(3)); // the next save carries the refused batch with it
    await writer.idle();
    expect(db.count()).toBe(3);
    writer.add(record(4));
    await writer.flush();
    expect(db.count()).toBe(4);
    await db.close();
  });

  it('reports what could not be stored when the file is still locked at the end', async () => {
    const db = lockedStore('final');
    const writer = db.writer(100, 60_000);
    for (let i = 0; i < 5; i++) writer.add(record(i));
    db.lock();
    await expect(writer.flush()).rejects.toThrow(ResultsNotStoredError);
    const error = await writer.flush().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect((error as ResultsNotStoredError).count).toBe(5);
    expect((error as Error).message).toMatch(/^5 results could not be stored in .*final\.db: database is locked/);
    db.unlock();
    await writer.flush();
    expect(db.count()).toBe(5);
    await db.close();
  });

  it('saves on its timer without being asked', async () => {
    const db = lockedStore('timer');
    const writer = db.writer(100, 20);
    writer.add(record(1));
    for (let i = 0; i < 100 && db.count() === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(db.count()).toBe(1);
    await db.close();
  });
});
