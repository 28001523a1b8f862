/**
 * The key that seals the secret store: 32 bytes, from TRACKZ_SECRET_KEY or from a key file (beside a
 * SQLite database: see secretKeyFile in src/storage/target.ts) that `trackz secrets set` creates with mode 0600. A key file anyone else can read is
 * refused rather than used: the database may be copied around, the key must not be.
 */
import { createHash, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ownSecret } from '../core/child-env.js';
import { UserError } from '../core/errors.js';
import { StorageFullError } from '../storage/errors.js';

export const SECRET_KEY_ENV = 'TRACKZ_SECRET_KEY';
export const KEY_BYTES = 32;
export const KEY_FORMAT_HINT = `${KEY_BYTES} random bytes as 64 hex digits or as base64, e.g. \`openssl rand -hex 32\``;

export interface SecretKey {
  key: Buffer;
  /** A short fingerprint stored beside each secret, so a wrong key is reported as such. */
  id: string;
  /** Where it came from, for messages. */
  source: string;
  /** The key file, when it came from one. */
  file?: string;
}

/** 64 hex digits, or base64 / base64url of exactly 32 bytes. A passphrase is not a key. */
export function parseSecretKey(text: string, source: string): SecretKey {
  const trimmed = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) key = Buffer.from(trimmed, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (!key || key.length !== KEY_BYTES) throw new UserError(`${source} is not a valid secret key: expected ${KEY_FORMAT_HINT}`);
  return { key, id: keyId(key), source };
}

export function keyId(key: Buffer): string {
  return createHash('sha256').update('trackz secret key id\0').update(key).digest('hex').slice(0, 16);
}

function readKeyFile(file: string): SecretKey {
  const stat = statSync(file);
  const loose = stat.mode & 0o077;
  if (loose) {
    throw new UserError(`the secret key file ${file} can be read by other users (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}); trackz refuses to use it.\nRestrict it with \`chmod 600 ${file}\`.`);
  }
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
    throw new UserError(`the secret key file ${file} belongs to another user (uid ${stat.uid}); trackz refuses to use it`);
  }
  return { ...parseSecretKey(readFileSync(file, 'utf8'), `the key file ${file}`), file };
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

/** The key from the environment, else from the key file `file`; undefined when there is neither. */
export function findSecretKey(file: string, env: Record<string, string | undefined>): SecretKey | undefined {
  // Withheld from process.env at start-up (src/core/child-env.ts), so no child process inherits it.
  const fromEnv = ownSecret(SECRET_KEY_ENV, env);
  if (fromEnv !== undefined && fromEnv !== '') return parseSecretKey(fromEnv, SECRET_KEY_ENV);
  return exists(file) ? readKeyFile(file) : undefined;
}

/**
 * As findSecretKey, creating the key file when there is no key yet. Written to a temporary file and
 * hard-linked into place, so two processes creating it at once end up sharing one complete key.
 */
export function findOrCreateSecretKey(file: string, env: Record<string, string | undefined>): SecretKey & { created: boolean } {
  const found = findSecretKey(file, env);
  if (found) return { ...found, created: false };
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Never leave half a key behind.
    rmSync(temporary, { force: true });
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ENOSPC') throw new StorageFullError(`the disk holding the secret key file ${file}`, message, 'no key and no secret were stored. Free some space and run the command again');
    throw error;
  }
  let created = true;
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    created = false;
  } finally {
    rmSync(temporary, { force: true });
  }
  return { ...readKeyFile(file), created };
}
