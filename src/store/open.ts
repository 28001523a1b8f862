/** Opens the configured store. The only place that knows SQLite is the default. */
import type { ResultStore } from './store.js';

export async function openStore(path: string, options: { readonly?: boolean } = {}): Promise<ResultStore> {
  const { SqliteStore } = await import('./sqlite/sqlite-store.js');
  return new SqliteStore(path, options);
}
