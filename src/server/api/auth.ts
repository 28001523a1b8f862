/**
 * The API's door: a Bearer key looked up by its hash (constant time, from the short-lived list, so a
 * revoke shows within a second), the role each route needs, and the audit row every request leaves
 * (key name, method, path without query, status, time; never the key).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_KEY_RE, findByHash, hashToken } from '../../access/tokens.js';
import type { ApiRole, KeyHash } from '../../storage/ports/access.js';
import type { ServerContext } from '../context.js';

/** What each role may do: viewers read, operators also act. Agent keys only push device events (not here). */
export function roleAllows(role: ApiRole, method: string): boolean {
  if (role === 'operator') return true;
  if (role === 'viewer') return method === 'GET' || method === 'HEAD';
  return false;
}

export async function findKey(ctx: ServerContext, req: IncomingMessage): Promise<KeyHash | undefined> {
  const header = req.headers.authorization ?? '';
  const key = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (!API_KEY_RE.test(key)) return undefined;
  return findByHash(await ctx.keys.get(), (k) => k.keyHash, hashToken(key));
}

const AUDIT_MAX_AGE_MS = 90 * 86_400_000;
const AUDIT_MAX_ROWS = 100_000;
const PRUNE_EVERY = 500;
let sincePrune = 0;

/** Records the request once its answer has gone out (or its connection closed). */
export function auditWhenDone(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, keyName: () => string | null): void {
  const path = (req.url ?? '').split('?')[0]!.slice(0, 512);
  res.once('close', () => {
    const at = ctx.now();
    const entry = { keyName: keyName(), method: req.method ?? '', path, status: res.headersSent ? res.statusCode : 499, at };
    const prune = ++sincePrune >= PRUNE_EVERY;
    if (prune) sincePrune = 0;
    ctx.storage.access
      .audit([entry])
      .then(() => (prune ? ctx.storage.access.pruneAudit(at, AUDIT_MAX_AGE_MS, AUDIT_MAX_ROWS) : 0))
      .catch((error: unknown) => ctx.log.warn(`could not write the API audit log: ${String(error)}`));
  });
}
