/**
 * AES-256-GCM for one secret: a fresh 96-bit nonce per value, the secret's name as associated data
 * (so a row copied under another name does not decrypt), and the 128-bit tag kept apart.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SealedSecret {
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

const ALGORITHM = 'aes-256-gcm';
const associatedData = (name: string) => Buffer.from(`trackz secret v1\0${name}`, 'utf8');

export function sealSecret(key: Buffer, name: string, value: string): SealedSecret {
  const nonce = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key, nonce);
  cipher.setAAD(associatedData(name));
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return { nonce, ciphertext, tag: cipher.getAuthTag() };
}

/** Throws when the key is wrong or the row was altered. */
export function openSecret(key: Buffer, name: string, sealed: SealedSecret): string {
  const decipher = createDecipheriv(ALGORITHM, key, sealed.nonce);
  decipher.setAAD(associatedData(name));
  decipher.setAuthTag(sealed.tag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
}
