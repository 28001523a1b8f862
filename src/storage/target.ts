/**
 * Facts about a storage target that commands need before (or without) opening it: where it is, in
 * a form safe to print; whether anything was ever stored there; and where the secret store's key
 * file belongs (beside a SQLite file; where the config says for a server database).
 */
import { existsSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import type { StorageTarget } from './ports/index.js';

/** A file path, or the URL with its password hidden. */
export function targetLocation(target: StorageTarget): string {
  if (target.backend === 'sqlite') return target.path;
  try {
    const url = new URL(target.url);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(an unreadable PostgreSQL URL)';
  }
}

/** False only when nothing can have been stored yet (a SQLite file that does not exist). */
export function targetMayHoldData(target: StorageTarget): boolean {
  return target.backend === 'sqlite' ? existsSync(target.path) : true;
}

/** Why a read-only command finds nothing yet, in the words the commands have always used. */
export function nothingStoredYet(target: StorageTarget): string {
  return `${targetLocation(target)} does not exist`;
}

/** The secret store's key file: `keyFilePath` when the target names one, else `<database>.key` beside a SQLite file. */
export function secretKeyFile(target: StorageTarget): string {
  if (target.keyFilePath) return target.keyFilePath;
  if (target.backend === 'sqlite') return `${target.path}.key`;
  throw new UserError('the secret store needs a key file location for this storage: set TRACKZ_SECRET_KEY');
}
