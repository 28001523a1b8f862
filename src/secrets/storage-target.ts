/**
 * Where the storage is, read straight from the config text. The secret store must be reachable
 * before the config is fully loaded: the config may refer to secrets not yet set, and
 * `trackz secrets set` is how they get set. Only `${ENV}` references are filled in here.
 */
import { dirname } from 'node:path';
import { parseDocument } from 'yaml';
import { UserError } from '../core/errors.js';
import { registerStorageUrlPassword, storageTarget } from '../config/storage-target.js';
import type { StorageOptions } from '../storage/ports/index.js';

export const DEFAULT_STORAGE_PATH = '.trackz/trackz.db';
const DEFAULT_WORKSPACE = 'default';

/** `${NAME}` and `${NAME:-default}` filled in from the environment; a secret reference is refused. */
function interpolated(file: string, field: string, text: string, env: Record<string, string | undefined>): string {
  return text.replace(/\$\{(secret:)?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_match, secret: string | undefined, name: string, fallback: string | undefined) => {
    if (secret) throw new UserError(`${file}: ${field} cannot come from the secret store, which lives in that database`);
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    throw new UserError(`${file}: ${field} uses \${${name}}, which is not set`);
  });
}

export function storageOptionsFromConfigText(file: string, text: string, env: Record<string, string | undefined>): StorageOptions {
  let path: unknown;
  let url: unknown;
  let workspace: unknown;
  try {
    const doc = parseDocument(text);
    path = doc.getIn(['storage', 'path']);
    url = doc.getIn(['storage', 'url']);
    workspace = doc.get('workspace');
  } catch {
    path = undefined;
  }
  workspace = typeof workspace === 'string' && workspace !== '' ? workspace : DEFAULT_WORKSPACE;
  // A PostgreSQL config keeps its secrets in its database, as every other command sees it.
  if (typeof url === 'string' && url.trim() !== '') {
    const storage = { url: interpolated(file, 'storage.url', url, env) };
    registerStorageUrlPassword(storage);
    return { target: storageTarget(storage, dirname(file)), workspace: workspace as string };
  }
  if (typeof path !== 'string' || path.trim() === '') path = DEFAULT_STORAGE_PATH;
  return { target: storageTarget({ path: interpolated(file, 'storage.path', path as string, env) }, dirname(file)), workspace: workspace as string };
}
