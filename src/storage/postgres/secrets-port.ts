/** Sealed secrets in PostgreSQL (BYTEA): only names and times are readable without the key, as in SQLite. */
import type { SealedSecret, SecretInfo, SecretsPort } from '../ports/secrets.js';
import { SELECT_SEALED, toSealed, type SealedRow } from '../rows/secrets.js';
import type { Sql } from './sql-session.js';

export class PgSecretsPort implements SecretsPort {
  constructor(private readonly sql: Sql) {}

  async sealedAll(): Promise<SealedSecret[]> {
    const { rows } = await this.sql.query<SealedRow>(`${SELECT_SEALED} ORDER BY name`);
    return rows.map(toSealed);
  }

  async sealed(name: string): Promise<SealedSecret | undefined> {
    const { rows } = await this.sql.query<SealedRow>(`${SELECT_SEALED} WHERE name = $1`, [name]);
    return rows[0] ? toSealed(rows[0]) : undefined;
  }

  async put(secret: SealedSecret, now: number): Promise<'created' | 'updated'> {
    // xmax is 0 for a row this statement inserted, the updating transaction's id for one it updated.
    const { rows } = await this.sql.query<{ inserted: boolean }>(
      `INSERT INTO secrets (name, nonce, ciphertext, tag, key_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (name) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext, tag = excluded.tag, key_id = excluded.key_id, updated_at = excluded.updated_at
       RETURNING (xmax = 0) AS inserted`,
      [secret.name, secret.nonce, secret.ciphertext, secret.tag, secret.keyId, now],
    );
    return rows[0]!.inserted ? 'created' : 'updated';
  }

  async list(): Promise<SecretInfo[]> {
    const { rows } = await this.sql.query<{ name: string; created_at: number; updated_at: number; key_id: string }>('SELECT name, created_at, updated_at, key_id FROM secrets ORDER BY name');
    return rows.map((row) => ({ name: row.name, createdAt: row.created_at, updatedAt: row.updated_at, keyId: row.key_id }));
  }

  async remove(name: string): Promise<boolean> {
    const { rowCount } = await this.sql.query('DELETE FROM secrets WHERE name = $1', [name]);
    return (rowCount ?? 0) > 0;
  }
}
