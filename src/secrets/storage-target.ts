/**
 * Where the storage is, read straight from the config text. The secret store must be reachable
 * before the config is fully loaded: the config may refer to secrets not yet set, and
 * `trackz secrets set` is how they get set. Only `${ENV}` references are filled in here.
 */
import { dirname } from 'node:path';
import { parseDocument } from 'yaml';
import { UserError } from '../core/errors.js';
import { storageTarget } from '../config/storage-target.js';
import type { StorageOptions } from '../storage/ports/index.js';

export const DEFAULT_STORAGE_PATH = '.trackz/trackz.db';
const DEFAULT_WORKSPACE = 'default';

export function storageOptionsFromConfigText(file: string, text: string, env: Record<string, string | undefined>): StorageOptions {
  let raw: unknown;
  let workspace: unknown;
  try {
    const doc = parseDocument(text);
    raw = doc.getIn(['storage', 'path']);
    workspace = doc.get('workspace');
  } catch {
    raw = undefined;
  }
  if (typeof raw !== 'string' || raw.trim() === '') raw = DEFAULT_STORAGE_PATH;
  const path = (raw as string).replace(/\$\{(secret:)?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_match, secret: string | undefined, name: string, fallback: string | undefined) => {
    if (secret) throw new UserError(`${file}: storage.path cannot come from the secret store, which lives in that database`);
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    throw new UserError(`${file}: storage.path uses \${${name}}, which is not set`);
  });
  return { target: storageTarget({ path }, dirname(file)), workspace: typeof workspace === 'string' && workspace !== '' ? workspace : DEFAULT_WORKSPACE };
}
