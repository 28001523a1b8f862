/**
 * The result writer against a real SQLite file held locked by another connection: a batch that
 * cannot be saved is kept and saved with a later one, nothing is lost or doubled, and only the
 * final flush reports a failure that outlasts the run.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { CheckRecord } from '../../src/core/result.js';
import { createResultWriter, ResultsNotStoredError } from '../../src/store/result-writer.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-writer-');

const record = (i: number): CheckRecord => ({ monitor: `m${i % 3}`, type: 'uptime', tags: [], status: 'up', message: `result ${i}`, metrics: {}, startedAt: Date.now() + i, durationMs: 1, attempts: 1 });

function lockedStore(name: string) {
  const path = ws.path(`${name}.db`);
  const store = new SqliteStore(path, { busyTimeoutMs: 20 });
  const other = new Database(path);
  const lock = () => other.exec('BEGIN EXCLUSIVE');
  const unlock = () => other.exec('COMMIT');
  const count = () => other.prepare('SELECT COUNT(*) FROM results').pluck().get() as number;
  return { store, lock, unlock, count, close: () => (other.close(), store.close()) };
}

describe('result writer', () => {
  it('keeps a batch the locked file refused, and saves it with the next one', () => {
    const db = lockedStore('retry');
    const writer = createResultWriter(db.store, undefined, 2, 60_000);
    db.lock();
    writer.add(record(1));
    writer.add(record(2)); // a full batch: the save fails quietly while the file is locked
    db.unlock();
    expect(db.count()).toBe(0);
    writer.add(record(3)); // the next save carries the refused batch with it
    expect(db.count()).toBe(3);
    writer.add(record(4));
    writer.flush();
    expect(db.count()).toBe(4);
    db.close();
  });

  it('reports what could not be stored when the file is still locked at the end', () => {
    const db = lockedStore('final');
    const writer = createResultWriter(db.store, undefined, 100, 60_000);
    for (let i = 0; i < 5; i++) writer.add(record(i));
    db.lock();
    expect(() => writer.flush()).toThrow(ResultsNotStoredError);
    try {
      writer.flush();
    } catch (error) {
      expect((error as ResultsNotStoredError).count).toBe(5);
      expect((error as Error).message).toMatch(/^5 results could not be stored in .*final\.db: database is locked/);
    }
    db.unlock();
    writer.flush();
    expect(db.count()).toBe(5);
    db.close();
  });

  it('saves on its timer without being asked', async () => {
    const db = lockedStore('timer');
    const writer = createResultWriter(db.store, undefined, 100, 20);
    writer.add(record(1));
    for (let i = 0; i < 100 && db.count() === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(db.count()).toBe(1);
    db.close();
  });
});
