/**
 * `${secret:NAME}` for the config loader. Loaded (and the database opened, read-only) only when the
 * config text uses a secret reference. The sealed rows are read once and the database closed at once;
 * a value is decrypted when first asked for and registered with the redactor, so it can never be
 * printed or stored in clear afterwards.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { registerSecret } from '../privacy/redactor.js';
import { findSecretKey, type SecretKey } from './secret-key.js';
import { SELECT_SEALED, unsealRow, type SealedRow } from './secret-store.js';
import { storagePathFromConfigText } from './storage-path.js';

function readSealedRows(databasePath: string): Map<string, SealedRow> {
  const rows = new Map<string, SealedRow>();
  if (!existsSync(databasePath)) return rows;
  const db = new Database(databasePath, { readonly: true, fileMustExist: true, timeout: 10_000 });
  try {
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'secrets'").get() !== undefined;
    if (hasTable) for (const row of db.prepare(SELECT_SEALED).all() as SealedRow[]) rows.set(row.name, row);
  } finally {
    db.close();
  }
  return rows;
}

export function configSecretResolver(file: string, text: string, env: Record<string, string | undefined>): (name: string) => string | undefined {
  let store: { rows: Map<string, SealedRow>; key: SecretKey | undefined } | undefined;
  return (name) => {
    if (!store) {
      const databasePath = storagePathFromConfigText(file, text, env);
      const rows = readSealedRows(databasePath);
      store = { rows, key: rows.size ? findSecretKey(databasePath, env) : undefined };
    }
    const row = store.rows.get(name);
    if (!row) return undefined;
    const value = unsealRow(row, store.key);
    registerSecret(value);
    return value;
  };
}
