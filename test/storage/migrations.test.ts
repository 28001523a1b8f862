/** Schema migrations by `PRAGMA user_version`, on real files. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { migrate, type Migration } from '../../src/storage/sqlite/migrate.js';
import { MIGRATIONS } from '../../src/storage/sqlite/migrations/index.js';
import { record } from '../helpers/records.js';
import { openSqlite } from '../helpers/storage.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace('trackz-migrate-');
const LATEST = Math.max(...MIGRATIONS.map((m) => m.version));
let files = 0;
const freshPath = () => workspace.path(`db-${++files}`, 'trackz.db');

const tables = (db: Database.Database) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];

describe('SqliteStorage opening a file', () => {
  it('a fresh file (in a directory that does not exist yet) gets the latest schema and the pragmas', async () => {
    const store = openSqlite(freshPath());
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST);
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('busy_timeout', { simple: true })).toBe(10_000);
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(tables(store.db)).toEqual(expect.arrayContaining(['meta', 'monitors', 'runs', 'results', 'rollups_hourly', 'artifacts']));
    } finally {
      await store.close();
    }
  });

  it('re-opening is a no-op: same version, data kept', async () => {
    const path = freshPath();
    const first = openSqlite(path);
    await first.results.saveResults([record('home', 1_000)]);
    const schema = first.db.prepare('SELECT sql FROM sqlite_master ORDER BY name').pluck().all();
    await first.close();
    const again = openSqlite(path);
    try {
      expect(again.db.pragma('user_version', { simple: true })).toBe(LATEST);
      expect(again.db.prepare('SELECT sql FROM sqlite_master ORDER BY name').pluck().all()).toEqual(schema);
      expect(await again.results.recentResults('home')).toHaveLength(1);
    } finally {
      await again.close();
    }
  });

  it('a file from a newer trackz is refused with a clear message, and left as it was', async () => {
    const path = freshPath();
    await openSqlite(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST + 1}`);
    raw.close();
    let error: unknown;
    try {
      openSqlite(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(`the database ${path} was written by a newer trackz (schema ${LATEST + 1}, this one knows ${LATEST}); upgrade trackz`);
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST + 1);
    check.close();
  });

  it('a file that is not a database is a UserError naming the file', () => {
    const path = workspace.write('not-a-db/trackz.db', 'this is plainly not SQLite, just some text that is long enough to have a header');
    expect(() => openSqlite(path)).toThrow(UserError);
    expect(() => openSqlite(path)).toThrow(`cannot open the database ${path}: file is not a database`);
  });

  it('read-only opening of a missing file fails instead of creating it', () => {
    expect(() => openSqlite(workspace.path('missing', 'trackz.db'), { readonly: true })).toThrow(/^cannot open the database/);
  });
});

describe('migrate()', () => {
  const steps: Migration[] = [
    { version: 1, name: 'a', up: 'CREATE TABLE a (x INTEGER)' },
    { version: 3, name: 'c', up: (db) => db.prepare('INSERT INTO a (x) VALUES (3)').run() },
    { version: 2, name: 'b', up: 'CREATE TABLE b (y INTEGER); INSERT INTO a (x) VALUES (2)' },
  ];

  it('applies pending migrations in version order, once', () => {
    const db = new Database(':memory:');
    expect(migrate(db, steps)).toBe(3);
    expect(db.prepare('SELECT x FROM a ORDER BY rowid').pluck().all()).toEqual([2, 3]);
    expect(migrate(db, steps)).toBe(3);
    expect(db.prepare('SELECT COUNT(*) FROM a').pluck().get()).toBe(2);
    db.close();
  });

  it('starts from the current version', () => {
    const db = new Database(':memory:');
    migrate(db, steps.slice(0, 1));
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(migrate(db, steps)).toBe(3);
    expect(tables(db)).toEqual(['a', 'b']);
    db.close();
  });

  it('a failing migration rolls back entirely: no half-migrated schema', () => {
    const db = new Database(':memory:');
    const broken: Migration[] = [...steps, { version: 4, name: 'broken', up: 'CREATE TABLE d (z INTEGER); INSERT INTO nowhere VALUES (1)' }];
    expect(() => migrate(db, broken)).toThrow(/no such table: nowhere/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tables(db)).toEqual([]);
    db.close();
  });
});
