/**
 * The encrypted secret store: AES-256-GCM round trips and tamper detection, the key's formats and
 * the key file's permissions, `${secret:NAME}` through the real config loader, with real SQLite files.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { ConfigError, UserError } from '../../src/core/errors.js';
import { clearSecrets, redact } from '../../src/privacy/redactor.js';
import { openSecret, sealSecret } from '../../src/secrets/secret-cipher.js';
import { findOrCreateSecretKey, findSecretKey, parseSecretKey } from '../../src/secrets/secret-key.js';
import { SecretStore } from '../../src/secrets/secret-store.js';
import { storageOptionsFromConfigText } from '../../src/secrets/storage-target.js';
import { secretKeyFile } from '../../src/storage/target.js';
import { openSqlite } from '../helpers/storage.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-secrets-');
const HEX_KEY = '0f'.repeat(32);
let n = 0;
const freshDb = () => ws.path(`s${++n}/trackz.db`);
/** The key file that belongs to a SQLite database: `<database>.key`. */
const keyFile = (db: string) => secretKeyFile({ backend: 'sqlite', path: db });
const storagePathFromConfigText = (file: string, text: string) => (storageOptionsFromConfigText(file, text, {}).target as { path: string }).path;
afterEach(() => clearSecrets());

describe('sealing', () => {
  const key = parseSecretKey(HEX_KEY, 'test').key;

  it('round-trips, with a fresh nonce each time', () => {
    const a = sealSecret(key, 'SMTP_PASS', 'hunter2-long');
    const b = sealSecret(key, 'SMTP_PASS', 'hunter2-long');
    expect(openSecret(key, 'SMTP_PASS', a)).toBe('hunter2-long');
    expect(a.nonce.equals(b.nonce)).toBe(false);
    expect(a.ciphertext.toString('utf8')).not.toContain('hunter2');
  });

  it('refuses an altered ciphertext, a wrong key, or a row moved under another name', () => {
    const sealed = sealSecret(key, 'SMTP_PASS', 'hunter2-long');
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[0] = flipped[0]! ^ 1;
    expect(() => openSecret(key, 'SMTP_PASS', { ...sealed, ciphertext: flipped })).toThrow();
    expect(() => openSecret(Buffer.alloc(32, 7), 'SMTP_PASS', sealed)).toThrow();
    expect(() => openSecret(key, 'OTHER', sealed)).toThrow();
  });
});

describe('the key', () => {
  it('accepts 64 hex digits or base64 of 32 bytes, and nothing else', () => {
    const raw = Buffer.alloc(32, 9);
    expect(parseSecretKey(raw.toString('hex'), 'k').key.equals(raw)).toBe(true);
    expect(parseSecretKey(raw.toString('base64'), 'k').key.equals(raw)).toBe(true);
    expect(parseSecretKey(raw.toString('base64url'), 'k').key.equals(raw)).toBe(true);
    for (const bad of ['correct horse battery staple', 'ab'.repeat(31), Buffer.alloc(16).toString('base64')]) {
      expect(() => parseSecretKey(bad, 'TRACKZ_SECRET_KEY')).toThrow(/TRACKZ_SECRET_KEY is not a valid secret key: expected 32 random bytes as 64 hex digits or as base64/);
    }
  });

  it('prefers TRACKZ_SECRET_KEY; otherwise creates a 0600 key file once and reuses it', () => {
    const db = freshDb();
    expect(keyFile(db)).toBe(`${db}.key`);
    expect(findSecretKey(keyFile(db), {})).toBeUndefined();
    expect(findOrCreateSecretKey(keyFile(db), { TRACKZ_SECRET_KEY: HEX_KEY })).toMatchObject({ source: 'TRACKZ_SECRET_KEY', created: false });
    expect(existsSync(keyFile(db))).toBe(false);
    const created = findOrCreateSecretKey(keyFile(db), {});
    expect(created.created).toBe(true);
    expect(statSync(keyFile(db)).mode & 0o777).toBe(0o600);
    const again = findOrCreateSecretKey(keyFile(db), {});
    expect(again.created).toBe(false);
    expect(again.key.equals(created.key)).toBe(true);
  });

  it('refuses a key file other users can read', () => {
    const db = freshDb();
    findOrCreateSecretKey(keyFile(db), {});
    chmodSync(keyFile(db), 0o644);
    expect(() => findSecretKey(keyFile(db), {})).toThrow(UserError);
    expect(() => findSecretKey(keyFile(db), {})).toThrow(/can be read by other users \(mode 0644\); trackz refuses to use it/);
  });
});

describe('the store', () => {
  it('keeps values only sealed: the database file and its WAL never hold the value', async () => {
    const path = freshDb();
    const store = openSqlite(path);
    const secrets = new SecretStore(store.secrets, parseSecretKey(HEX_KEY, 'test'));
    expect(await secrets.set('API_TOKEN', 'tok-live-8d3f9a2c', 1000)).toBe('created');
    expect(await secrets.set('API_TOKEN', 'tok-live-8d3f9a2c-v2', 2000)).toBe('updated');
    expect(await secrets.get('API_TOKEN')).toBe('tok-live-8d3f9a2c-v2');
    expect(await secrets.list()).toEqual([{ name: 'API_TOKEN', createdAt: 1000, updatedAt: 2000, keyId: parseSecretKey(HEX_KEY, 'test').id }]);
    for (const file of [path, `${path}-wal`]) if (existsSync(file)) expect(readFileSync(file).includes('tok-live-8d3f9a2c')).toBe(false);
    await store.close();
  });

  it('says so when a secret was sealed with another key', async () => {
    const store = openSqlite(freshDb());
    await new SecretStore(store.secrets, parseSecretKey(HEX_KEY, 'test')).set('A', 'value-aaaa', 1);
    await expect(new SecretStore(store.secrets, parseSecretKey('1e'.repeat(32), 'TRACKZ_SECRET_KEY')).get('A')).rejects.toThrow(/secret A was sealed with another key/);
    await store.close();
  });

  it('refuses names ${secret:NAME} could not reference', async () => {
    const store = openSqlite(freshDb());
    await expect(new SecretStore(store.secrets, parseSecretKey(HEX_KEY, 'test')).set('1-bad', 'x', 1)).rejects.toThrow(/not a valid secret name/);
    await store.close();
  });
});

describe('${secret:NAME} in the config', () => {
  const configFile = (dir: string) => ws.write(`${dir}/trackz.config.yaml`, '');
  const text = (extra = '') => `storage: { path: data/trackz.db }\nmonitors:\n  - { name: web, type: tcp, host: 127.0.0.1, port: 1 }\nalerts:\n  channels:\n    - { name: hook, type: webhook, url: "https://hooks.example.com/\${secret:HOOK_TOKEN}", secret: "\${secret:HMAC}" }\n  rules: [{ channels: [hook] }]\n${extra}`;

  it('resolves from the store beside the database, and registers values with the redactor', async () => {
    const file = configFile('resolve');
    const dbPath = storagePathFromConfigText(file, text());
    const store = openSqlite(dbPath);
    const key = findOrCreateSecretKey(keyFile(dbPath), {});
    const secrets = new SecretStore(store.secrets, key);
    await secrets.set('HOOK_TOKEN', 'T0K3N-abcdef', 1);
    await secrets.set('HMAC', 'hmac-9f8e7d6c', 1);
    await store.close();
    const config = await loadConfigText(file, text(), { env: {} });
    expect(config.root.alerts?.channels[0]).toMatchObject({ url: 'https://hooks.example.com/T0K3N-abcdef', secret: 'hmac-9f8e7d6c' });
    expect(redact('token T0K3N-abcdef and hmac-9f8e7d6c')).toBe('token *** and ***');
  });

  it('a missing secret is a config error at its line; a missing database is not a crash', async () => {
    const file = configFile('missing');
    const error = await loadConfigText(file, text(), { env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => [i.line, i.message])).toEqual([
      [6, expect.stringContaining('secret HOOK_TOKEN is not in the secret store')],
      [6, expect.stringContaining('secret HMAC is not in the secret store')],
    ]);
    expect(existsSync(storagePathFromConfigText(file, text()))).toBe(false);
  });

  it('a config without ${secret:…} never opens the database', async () => {
    const file = configFile('untouched');
    const dbPath = storagePathFromConfigText(file, '');
    writeFileSync(ws.path('untouched/not-a-db'), 'x');
    await loadConfigText(file, 'storage: { path: not-a-db }\nmonitors: []\n', { env: {} });
    expect(existsSync(dbPath)).toBe(false);
    expect(readFileSync(ws.path('untouched/not-a-db'), 'utf8')).toBe('x');
  });

  it('reads the store without writing to it', async () => {
    const file = configFile('readonly');
    const dbPath = storagePathFromConfigText(file, text());
    const store = openSqlite(dbPath);
    await new SecretStore(store.secrets, findOrCreateSecretKey(keyFile(dbPath), {})).set('HOOK_TOKEN', 'tok-aaaa', 1);
    await new SecretStore(store.secrets, findOrCreateSecretKey(keyFile(dbPath), {})).set('HMAC', 'hmac-bbbb', 1);
    await store.close();
    // A read-only connection may leave an empty -wal file behind; what matters is that nothing is written.
    const fingerprint = () => `${createHash('sha256').update(readFileSync(dbPath)).digest('hex')} wal:${existsSync(`${dbPath}-wal`) ? statSync(`${dbPath}-wal`).size : 0}`;
    const before = fingerprint();
    const config = await loadConfigText(file, text(), { env: {} });
    expect(config.root.alerts?.channels[0]).toMatchObject({ secret: 'hmac-bbbb' });
    expect(fingerprint()).toBe(before);
  });
});
