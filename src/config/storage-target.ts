/**
 * `storage:` as validated, resolved against the config's folder: a SQLite file, or a PostgreSQL URL.
 * The URL's password is registered with the redactor before the schema sees the URL, so no config
 * error, log line or stored text can quote it.
 */
import { resolve } from 'node:path';
import { registerSecret } from '../privacy/redactor.js';
import type { StorageTarget } from '../storage/ports/index.js';
import type { RootConfig } from './schema/root.js';

/** Where the SQLite file goes when the config says nothing (src/secrets/storage-path.ts reads the same default from the raw text). */
export const DEFAULT_STORAGE_PATH = '.trackz/trackz.db';

export function storageTarget(storage: Pick<RootConfig['storage'], 'path' | 'url'>, dir: string): StorageTarget {
  // A PostgreSQL database has no file to keep the secret store's key beside: it lives beside the config
  // (or comes from TRACKZ_SECRET_KEY, which several runners sharing one database should use).
  if (storage.url !== undefined) return { backend: 'postgres', url: storage.url, keyFilePath: resolve(dir, '.trackz', 'secret.key') };
  return { backend: 'sqlite', path: resolve(dir, storage.path ?? DEFAULT_STORAGE_PATH) };
}

/** The password in `storage.url` as written (even when the URL is malformed), for the redactor. */
export function registerStorageUrlPassword(storage: unknown): void {
  const url = (storage as { url?: unknown } | null | undefined)?.url;
  if (typeof url !== 'string') return;
  let password: string | undefined;
  try {
    password = decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    password = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:([^@]*)@/i.exec(url)?.[1];
  }
  registerSecret(password);
  if (password) registerSecret(encodeURIComponent(password));
}
