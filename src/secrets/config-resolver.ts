/**
 * `${secret:NAME}` for the config loader. Loaded (and the storage opened, read-only) only when the
 * config text uses a secret reference. The sealed rows are read once, before interpolation runs, and
 * the storage closed at once; a value is decrypted when first asked for and registered with the
 * redactor, so it can never be printed or stored in clear afterwards.
 */
import type { SealedSecret } from '../storage/ports/secrets.js';
import { registerSecret } from '../privacy/redactor.js';
import { findSecretKey, type SecretKey } from './secret-key.js';
import { unsealSecret } from './secret-store.js';
import { storageOptionsFromConfigText } from './storage-target.js';

async function readSealedRows(options: ReturnType<typeof storageOptionsFromConfigText>): Promise<Map<string, SealedSecret>> {
  const rows = new Map<string, SealedSecret>();
  const { targetMayHoldData } = await import('../storage/target.js');
  if (!targetMayHoldData(options.target)) return rows;
  const { openStorage } = await import('../storage/open.js');
  const storage = await openStorage({ ...options, readonly: true });
  try {
    for (const row of await storage.secrets.sealedAll()) rows.set(row.name, row);
  } finally {
    await storage.close();
  }
  return rows;
}

export async function loadSecretResolver(file: string, text: string, env: Record<string, string | undefined>): Promise<(name: string) => string | undefined> {
  const options = storageOptionsFromConfigText(file, text, env);
  const rows = await readSealedRows(options);
  let key: SecretKey | undefined;
  if (rows.size) {
    const { secretKeyFile } = await import('../storage/target.js');
    key = findSecretKey(secretKeyFile(options.target), env);
  }
  return (name) => {
    const row = rows.get(name);
    if (!row) return undefined;
    const value = unsealSecret(row, key);
    registerSecret(value);
    return value;
  };
}
