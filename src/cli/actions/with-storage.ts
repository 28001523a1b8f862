/**
 * The preamble the commands share: with a loaded config, open the storage, do the work, and close
 * it whatever happens.
 * Read-only commands say what to answer when nothing can have been stored yet, so they never
 * create an empty database just to report that it is empty.
 */
import type { LoadedConfig } from '../../config/load.js';
import type { Storage } from '../../storage/ports/index.js';

export interface StorageUse<T> {
  readonly?: boolean;
  /** Called instead of opening when nothing can be stored yet (a SQLite file that does not exist): an answer, or a throw. */
  ifEmpty?: (location: string) => T | Promise<T>;
}

export async function withStorage<T>(config: LoadedConfig, use: StorageUse<T>, work: (storage: Storage) => Promise<T>): Promise<T> {
  const { nothingStoredYet, targetMayHoldData } = await import('../../storage/target.js');
  if (use.ifEmpty && !targetMayHoldData(config.storage.target)) return use.ifEmpty(nothingStoredYet(config.storage.target));
  const { openStorage } = await import('../../storage/open.js');
  const storage = await openStorage({ target: config.storage.target, workspace: config.workspace, readonly: use.readonly });
  try {
    return await work(storage);
  } finally {
    await storage.close();
  }
}
