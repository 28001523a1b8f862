/**
 * Secrets: sealed rows only (AES-256-GCM, sealed and opened in src/secrets). Neither backend ever
 * sees a value in clear; only names and timestamps are readable without the key.
 */

/** A row as stored: only the key opens it. */
export interface SealedSecret {
  name: string;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
  keyId: string;
}

export interface SecretInfo {
  name: string;
  createdAt: number;
  updatedAt: number;
  keyId: string;
}

export interface SecretsPort {
  /** Every sealed row (the config loader reads them once, then closes). */
  sealedAll(): Promise<SealedSecret[]>;
  sealed(name: string): Promise<SealedSecret | undefined>;
  /** Creates or replaces; says which. */
  put(secret: SealedSecret, now: number): Promise<'created' | 'updated'>;
  list(): Promise<SecretInfo[]>;
  remove(name: string): Promise<boolean>;
}
