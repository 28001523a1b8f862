/**
 * The encrypted secret store: table `secrets` in the trackz database (migration 3). Values are
 * sealed with AES-256-GCM before they reach SQLite, so neither the file, its WAL nor a backup ever
 * holds one in clear. Only names and timestamps are readable without the key.
 */
import type { Database } from 'better-sqlite3';
import { UserError } from '../core/errors.js';
import { openSecret, sealSecret } from './secret-cipher.js';
import type { SecretKey } from './secret-key.js';

/** The same alphabet `${secret:NAME}` accepts. */
export const SECRET_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface SecretInfo {
  name: string;
  createdAt: number;
  updatedAt: number;
  keyId: string;
}

/** A row of `secrets` as stored: only the key opens it. */
export interface SealedRow {
  name: string;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
  key_id: string;
}

export const SELECT_SEALED = 'SELECT name, nonce, ciphertext, tag, key_id FROM secrets';

const NO_KEY = 'the secret store has no key: set TRACKZ_SECRET_KEY, or run `trackz secrets set` once to create the key file';

/** The value of a sealed row; a wrong key or an altered row is a UserError that says which. */
export function unsealRow(row: SealedRow, key: SecretKey | undefined): string {
  if (!key) throw new UserError(`secret ${row.name} cannot be read: ${NO_KEY}`);
  if (row.key_id !== key.id) {
    throw new UserError(`secret ${row.name} was sealed with another key (key id ${row.key_id}; ${key.source} has id ${key.id}); use the key it was stored with, or set it again`);
  }
  try {
    return openSecret(key.key, row.name, row);
  } catch {
    throw new UserError(`secret ${row.name} cannot be decrypted: the stored value was altered; set it again with \`trackz secrets set ${row.name}\``);
  }
}

export function checkSecretName(name: string): void {
  if (!SECRET_NAME_RE.test(name)) throw new UserError(`"${name}" is not a valid secret name: use letters, digits and _, not starting with a digit (it is referenced as \${secret:NAME})`);
}

export class SecretStore {
  constructor(
    private readonly db: Database,
    private readonly key?: SecretKey,
  ) {}

  set(name: string, value: string, now: number): 'created' | 'updated' {
    checkSecretName(name);
    const key = this.requireKey();
    const sealed = sealSecret(key.key, name, value);
    const existed = this.db.prepare('SELECT 1 FROM secrets WHERE name = ?').get(name) !== undefined;
    this.db
      .prepare(
        `INSERT INTO secrets (name, nonce, ciphertext, tag, key_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext, tag = excluded.tag, key_id = excluded.key_id, updated_at = excluded.updated_at`,
      )
      .run(name, sealed.nonce, sealed.ciphertext, sealed.tag, key.id, now, now);
    return existed ? 'updated' : 'created';
  }

  get(name: string): string | undefined {
    const row = this.db.prepare(`${SELECT_SEALED} WHERE name = ?`).get(name) as SealedRow | undefined;
    return row ? unsealRow(row, this.key) : undefined;
  }

  list(): SecretInfo[] {
    return (this.db.prepare('SELECT name, created_at, updated_at, key_id FROM secrets ORDER BY name').all() as { name: string; created_at: number; updated_at: number; key_id: string }[]).map((row) => ({
      name: row.name,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      keyId: row.key_id,
    }));
  }

  remove(name: string): boolean {
    return this.db.prepare('DELETE FROM secrets WHERE name = ?').run(name).changes > 0;
  }

  private requireKey(): SecretKey {
    if (!this.key) throw new UserError(NO_KEY);
    return this.key;
  }
}
