/** `storage:` as validated, resolved against the config's folder: where the storage box opens. */
import { resolve } from 'node:path';
import type { StorageTarget } from '../storage/ports/index.js';
import type { RootConfig } from './schema/root.js';

export function storageTarget(storage: Pick<RootConfig['storage'], 'path'>, dir: string): StorageTarget {
  return { backend: 'sqlite', path: resolve(dir, storage.path) };
}
