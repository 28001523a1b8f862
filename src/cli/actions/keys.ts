/**
 * `trackz keys create|list|revoke|audit`: API keys for `trackz serve`'s /api/v1, one per person or
 * device, each with a role (viewer reads; operator also runs, silences and acknowledges; agent pushes
 * device events). A key is printed once, on stdout alone on its line, and stored only as its hash.
 */
import { hashToken, newApiKey } from '../../access/tokens.js';
import { NAME_RE } from '../../config/schema/fields.js';
import { loadConfig, type LoadOptions } from '../../config/load.js';
import { didYouMean } from '../../config/suggest.js';
import { parseDurationFlag } from '../../core/duration.js';
import { UserError } from '../../core/errors.js';
import { formatTimestamp } from '../../core/timestamp.js';
import { API_ROLES, type ApiRole } from '../../storage/ports/access.js';
import { renderTable } from '../../ui/table.js';
import { outputWidth } from '../../ui/width.js';
import type { Printed } from '../printed.js';
import { withStorage } from './with-storage.js';

export interface KeysOptions extends LoadOptions {
  now?: number;
  width?: number;
}

const time = (ms: number | null | undefined) => (ms === null || ms === undefined ? '–' : formatTimestamp(ms, 'minutes'));
const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export async function keysCreate(options: KeysOptions & { name: string; role: string }): Promise<Printed> {
  if (!NAME_RE.test(options.name)) throw new UserError(`"${options.name}" is not a key name: letters, digits, '.', '_', ':' or '-', starting with a letter or digit, at most 100 characters`);
  if (!(API_ROLES as readonly string[]).includes(options.role)) throw new UserError(`--role: expected one of ${API_ROLES.join(', ')}, got "${options.role}"`);
  const config = await loadConfig(options);
  return withStorage(config, {}, async (storage) => {
    const key = newApiKey();
    if (!(await storage.access.createKey(options.name, options.role as ApiRole, hashToken(key), options.now ?? Date.now()))) {
      throw new UserError(`a key named "${options.name}" exists already; revoke it first (\`trackz keys revoke ${options.name}\`) or choose another name`);
    }
    return {
      stdout: `${key}\n`,
      stderr: `Created key ${options.name} (${options.role}). It is shown only now: store it where it will be used. Send it as \`Authorization: Bearer <key>\`.\n`,
    };
  });
}

export async function keysList(options: KeysOptions & { json?: boolean; all?: boolean }): Promise<Printed> {
  const config = await loadConfig(options);
  const keys = (await withStorage(config, { ifEmpty: () => [] }, (storage) => storage.access.keys())).filter((k) => options.all || k.revokedAt === null);
  if (options.json) {
    const json = keys.map((k) => ({ name: k.name, role: k.role, createdAt: iso(k.createdAt), lastUsedAt: iso(k.lastUsedAt), revokedAt: iso(k.revokedAt) }));
    return { stdout: `${JSON.stringify(json, null, 2)}\n`, stderr: '' };
  }
  if (keys.length === 0) return { stdout: '', stderr: `No ${options.all ? '' : 'live '}API keys. Create one with \`trackz keys create NAME --role viewer\`.\n` };
  const columns = [{ header: 'NAME', fit: 'name' as const }, { header: 'ROLE' }, { header: 'CREATED (UTC)' }, { header: 'LAST USED' }, ...(options.all ? [{ header: 'REVOKED' }] : [])];
  const rows = keys.map((k) => [k.name, k.role, time(k.createdAt), time(k.lastUsedAt), ...(options.all ? [time(k.revokedAt)] : [])]);
  return { stdout: `${renderTable(columns, rows, { width: options.width ?? outputWidth(process.stdout, process.env) })}\n`, stderr: '' };
}

export async function keysRevoke(options: KeysOptions & { name: string }): Promise<Printed> {
  const config = await loadConfig(options);
  return withStorage(config, {}, async (storage) => {
    if (await storage.access.revokeKey(options.name, options.now ?? Date.now())) {
      return { stdout: '', stderr: `Revoked key ${options.name}: requests with it are refused within a second, also by a running \`trackz serve\`.\n` };
    }
    const live = (await storage.access.keys()).filter((k) => k.revokedAt === null).map((k) => k.name);
    const hint = didYouMean(options.name, live) ?? (live.length ? `live keys: ${live.join(', ')}` : 'there are no live keys');
    throw new UserError(`no live key named "${options.name}" (${hint})`);
  });
}

export async function keysAudit(options: KeysOptions & { key?: string; since?: string; limit?: number; json?: boolean }): Promise<Printed> {
  const now = options.now ?? Date.now();
  const since = options.since === undefined ? undefined : now - parseDurationFlag(options.since, '--since');
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new UserError(`--limit: expected a whole number from 1 to 100000, got ${options.limit}`);
  const config = await loadConfig(options);
  const entries = await withStorage(config, { ifEmpty: () => [] }, (storage) => storage.access.auditLog({ keyName: options.key, since, limit }));
  if (options.json) return { stdout: `${JSON.stringify(entries.map((e) => ({ ...e, at: iso(e.at) })), null, 2)}\n`, stderr: '' };
  if (entries.length === 0) return { stdout: '', stderr: 'No API requests recorded yet.\n' };
  const table = renderTable(
    [{ header: 'TIME (UTC)' }, { header: 'KEY', fit: 'name' }, { header: 'METHOD' }, { header: 'PATH', fit: 'cut' }, { header: 'STATUS' }],
    entries.map((e) => [formatTimestamp(e.at), e.keyName ?? '(no valid key)', e.method, e.path, String(e.status)]),
    { width: options.width ?? outputWidth(process.stdout, process.env) },
  );
  return { stdout: `${table}\n`, stderr: '' };
}
