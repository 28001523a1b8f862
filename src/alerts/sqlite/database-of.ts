/** The alerts box keeps its tables in the results database: it needs the SQLite handle behind a ResultStore. */
import type { Database } from 'better-sqlite3';
import { UserError } from '../../core/errors.js';
import type { ResultStore } from '../../store/store.js';

export function databaseOf(store: ResultStore): Database {
  const db = (store as ResultStore & { db?: Database }).db;
  if (!db) throw new UserError('alerts need the SQLite store');
  return db;
}
