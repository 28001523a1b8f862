/**
 * Where the database is, read straight from the config text. The secret store must be reachable
 * before the config is fully loaded: the config may refer to secrets not yet set, and
 * `trackz secrets set` is how they get set. Only `${ENV}` references are filled in here.
 */
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { UserError } from '../core/errors.js';

export const DEFAULT_STORAGE_PATH = '.trackz/trackz.db';

export function storagePathFromConfigText(file: string, text: string, env: Record<string, string | undefined>): string {
  let raw: unknown;
  try {
    raw = parseDocument(text).getIn(['storage', 'path']);
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
  return resolve(dirname(file), path);
}
