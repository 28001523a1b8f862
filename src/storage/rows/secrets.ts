/** Sealed secret rows as both backends read them. */
import type { SealedSecret } from '../ports/secrets.js';

export interface SealedRow {
  name: string;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
  key_id: string;
}

export const SELECT_SEALED = 'SELECT name, nonce, ciphertext, tag, key_id FROM secrets';
export const toSealed = (row: SealedRow): SealedSecret => ({ name: row.name, nonce: row.nonce, ciphertext: row.ciphertext, tag: row.tag, keyId: row.key_id });
