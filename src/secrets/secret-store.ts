/**
 * The encrypted secret store over the storage's secrets port. Values are sealed with AES-256-GCM
 * before they reach the port, so neither the database, its log nor a backup ever holds one in clear.
 * Only names and timestamps are readable without the key.
 */
import { UserError } from '../core/errors.js';
import type { SealedSecret, SecretInfo, SecretsPort } from '../storage/ports/secrets.js';
import { openSecret, sealSecret } from './secret-cipher.js';
import type { SecretKey } from './secret-key.js';

/** The same alphabet `${secret:NAME}` accepts. */
export const SECRET_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

const NO_KEY = 'the secret store has no key: set TRACKZ_SECRET_KEY, or run `trackz secrets set` once to create the key file';

/** The value of a sealed row; a wrong key or an altered row is a UserError that says which. */
export function unsealSecret(row: SealedSecret, key: SecretKey | undefined): string {
  if (!key) throw new UserError(`secret ${row.name} cannot be read: ${NO_KEY}`);
  if (row.keyId !== key.id) {
    throw new UserError(`secret ${row.name} was sealed with another key (key id ${row.keyId}; ${key.source} has id ${key.id}); use the key it was stored with, or set it again`);
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
    private readonly port: SecretsPort,
    private readonly key?: SecretKey,
  ) {}

  async set(name: string, value: string, now: number): Promise<'created' | 'updated'> {
    checkSecretName(name);
    const key = this.requireKey();
    return this.port.put({ name, ...sealSecret(key.key, name, value), keyId: key.id }, now);
  }

  async get(name: string): Promise<string | undefined> {
    const row = await this.port.sealed(name);
    return row ? unsealSecret(row, this.key) : undefined;
  }

  list(): Promise<SecretInfo[]> {
    return this.port.list();
  }

  remove(name: string): Promise<boolean> {
    return this.port.remove(name);
  }

  private requireKey(): SecretKey {
    if (!this.key) throw new UserError(NO_KEY);
    return this.key;
  }
}
