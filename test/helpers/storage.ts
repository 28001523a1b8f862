/** A SQLite storage on a real file, for tests that use the ports directly (and, through `db`, look at the file). */
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';

export function openSqlite(path: string, options: { readonly?: boolean; busyTimeoutMs?: number } = {}): SqliteStorage {
  return new SqliteStorage({ target: { backend: 'sqlite', path }, workspace: 'test', ...options });
}
