/**
 * `trackz secrets set|list|rm`: the encrypted store in the trackz storage. Values come from stdin
 * (piped, or typed at a prompt that does not echo), never from the command line, where they would
 * land in shell history and in every `ps` listing. Nothing here ever prints a value.
 */
import { readFileSync } from 'node:fs';
import { resolveConfigPath } from '../../config/load.js';
import { UserError } from '../../core/errors.js';
import { registerSecret } from '../../privacy/redactor.js';
import { findOrCreateSecretKey, findSecretKey, SECRET_KEY_ENV } from '../../secrets/secret-key.js';
import { checkSecretName, SecretStore } from '../../secrets/secret-store.js';
import { storageOptionsFromConfigText } from '../../secrets/storage-target.js';
import { openStorage } from '../../storage/open.js';
import type { Storage, StorageOptions } from '../../storage/ports/index.js';
import { StorageFullError } from '../../storage/errors.js';
import { secretKeyFile, targetMayHoldData } from '../../storage/target.js';
import { formatTimestamp } from '../../core/timestamp.js';

export interface SecretsOptions {
  configPath?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  now?: number;
}

/** The longest value accepted: secrets are credentials, not files. */
export const MAX_SECRET_BYTES = 64 * 1024;

/** The storage, from the config text alone: the config may name secrets that are not set yet. */
async function storageOptions(options: SecretsOptions): Promise<StorageOptions> {
  const file = await resolveConfigPath(options);
  return storageOptionsFromConfigText(file, readFileSync(file, 'utf8'), options.env ?? process.env);
}

async function withSecretsStorage<T>(target: StorageOptions, work: (storage: Storage) => Promise<T>): Promise<T> {
  const storage = await openStorage(target);
  try {
    return await work(storage);
  } finally {
    await storage.close();
  }
}

export type SecretInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** All of piped stdin, without the one trailing newline `echo` and editors add. */
export async function readPipedSecret(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_SECRET_BYTES) throw new UserError(`the value on stdin is longer than ${MAX_SECRET_BYTES / 1024} KiB; a secret is a credential, not a file`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** A prompt on a terminal that shows nothing of what is typed. Ctrl-C or Ctrl-D cancels. */
export function promptHidden(name: string, input: SecretInput, output: NodeJS.WritableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(`Value for ${name} (not shown): `);
    let value = '';
    input.setRawMode?.(true);
    input.resume();
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (data: Buffer | string) => {
      for (const char of String(data)) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || char === '\u0004') return finish(new UserError('cancelled; nothing was stored'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    input.on('data', onData);
  });
}

export async function secretsSet(options: SecretsOptions & { name: string; input: SecretInput; prompt: NodeJS.WritableStream }): Promise<string> {
  checkSecretName(options.name);
  const env = options.env ?? process.env;
  const opened = await storageOptions(options);
  const value = options.input.isTTY ? await promptHidden(options.name, options.input, options.prompt) : await readPipedSecret(options.input);
  if (value === '') throw new UserError(`no value given for ${options.name}: pipe it in (\`printf %s "$VALUE" | trackz secrets set ${options.name}\`) or type it at the prompt`);
  registerSecret(value);
  try {
    return await withSecretsStorage(opened, async (storage) => {
      const key = findOrCreateSecretKey(secretKeyFile(opened.target), env);
      const outcome = await new SecretStore(storage.secrets, key).set(options.name, value, options.now ?? Date.now());
      const where = key.created ? `\nCreated the key file ${key.file} (mode 0600). Keep it out of backups of the database, or set ${SECRET_KEY_ENV} instead.` : '';
      return `${outcome === 'created' ? 'Stored' : 'Replaced'} secret ${options.name} (AES-256-GCM, key ${key.id}). Use it in the config as \${secret:${options.name}}.${where}\n`;
    });
  } catch (error) {
    if (error instanceof StorageFullError) throw error.withProgress(`${options.name} was not stored, and the secrets stored before are kept as they were. Free some space and run \`trackz secrets set ${options.name}\` again`);
    throw error;
  }
}

export async function secretsList(options: SecretsOptions & { json?: boolean }): Promise<string> {
  const opened = await storageOptions(options);
  if (!targetMayHoldData(opened.target)) return options.json ? '[]\n' : 'No secrets stored.\n';
  return withSecretsStorage(opened, async (storage) => {
    const secrets = await storage.secrets.list();
    if (options.json) return `${JSON.stringify(secrets.map((s) => ({ name: s.name, createdAt: new Date(s.createdAt).toISOString(), updatedAt: new Date(s.updatedAt).toISOString(), keyId: s.keyId })), null, 2)}\n`;
    if (secrets.length === 0) return 'No secrets stored.\n';
    const key = (() => {
      try {
        return findSecretKey(secretKeyFile(opened.target), options.env ?? process.env);
      } catch {
        return undefined;
      }
    })();
    const width = Math.max(4, ...secrets.map((s) => s.name.length));
    const lines = secrets.map((s) => `${s.name.padEnd(width)}  updated ${formatTimestamp(s.updatedAt)}  key ${s.keyId}${key && key.id !== s.keyId ? ' (not the current key)' : ''}`);
    return `${'NAME'.padEnd(width)}  (values are never shown)\n${lines.join('\n')}\n`;
  });
}

export async function secretsRemove(options: SecretsOptions & { name: string }): Promise<string> {
  checkSecretName(options.name);
  const opened = await storageOptions(options);
  if (!targetMayHoldData(opened.target)) throw new UserError(`no secret named ${options.name}: nothing is stored yet`);
  return withSecretsStorage(opened, async (storage) => {
    if (!(await storage.secrets.remove(options.name))) {
      const stored = await storage.secrets.list();
      throw new UserError(`no secret named ${options.name}${stored.length ? ` (stored: ${stored.map((s) => s.name).join(', ')})` : ''}`);
    }
    return `Removed secret ${options.name}. A config that still uses \${secret:${options.name}} will now fail to load.\n`;
  });
}
