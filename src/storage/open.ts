/**
 * Opens the configured storage. Each backend is imported only when chosen: a SQLite config never
 * loads `pg`, and a PostgreSQL one never loads better-sqlite3.
 */
import type { Storage, StorageOptions } from './ports/index.js';

export async function openStorage(options: StorageOptions): Promise<Storage> {
  const target = options.target;
  if (target.backend === 'sqlite') {
    const { SqliteStorage } = await import('./sqlite/sqlite-storage.js');
    return new SqliteStorage({ ...options, target });
  }
  const { openPostgresStorage } = await import('./postgres/open.js');
  return openPostgresStorage(options);
}
