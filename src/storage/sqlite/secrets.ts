/** Secrets in SQLite (migration 3): sealed rows only; src/secrets seals and opens them. */
import type { SealedSecret, SecretInfo, SecretsPort } from '../ports/secrets.js';
import type { SqliteConnection } from './connection.js';
import type { Runner } from './gate.js';
import { SELECT_SEALED, toSealed, type SealedRow } from '../rows/secrets.js';

export class SqliteSecrets implements SecretsPort {
  constructor(
    private readonly c: SqliteConnection,
    private readonly run: Runner,
  ) {}

  sealedAll(): Promise<SealedSecret[]> {
    // A file opened read-only by an older trackz may not have the table yet: then nothing is sealed.
    return this.run(() => (this.c.hasTable('secrets') ? (this.c.sql(`${SELECT_SEALED} ORDER BY name`).all() as SealedRow[]).map(toSealed) : []));
  }

  sealed(name: string): Promise<SealedSecret | undefined> {
    return this.run(() => {
      const row = this.c.sql(`${SELECT_SEALED} WHERE name = ?`).get(name) as SealedRow | undefined;
      return row && toSealed(row);
    });
  }

  put(secret: SealedSecret, now: number): Promise<'created' | 'updated'> {
    return this.run(() =>
      this.c.immediate(() => {
        const existed = this.c.sql('SELECT 1 FROM secrets WHERE name = ?').get(secret.name) !== undefined;
        this.c
          .sql(
            `INSERT INTO secrets (name, nonce, ciphertext, tag, key_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (name) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext, tag = excluded.tag, key_id = excluded.key_id, updated_at = excluded.updated_at`,
          )
          .run(secret.name, secret.nonce, secret.ciphertext, secret.tag, secret.keyId, now, now);
        return existed ? 'updated' : 'created';
      }),
    );
  }

  list(): Promise<SecretInfo[]> {
    return this.run(() =>
      (this.c.sql('SELECT name, created_at, updated_at, key_id FROM secrets ORDER BY name').all() as { name: string; created_at: number; updated_at: number; key_id: string }[]).map((row) => ({
        name: row.name,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        keyId: row.key_id,
      })),
    );
  }

  remove(name: string): Promise<boolean> {
    return this.run(() => this.c.sql('DELETE FROM secrets WHERE name = ?').run(name).changes > 0);
  }
}
