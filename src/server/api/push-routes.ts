/**
 * What devices and applications push into the running server: device events
 * (`POST /api/v1/agents/<agent>/events`, agent-events.ts) and account lifecycle events
 * (`POST /api/v1/accounts/events`, account-events.ts). Both handlers get the server's own key list
 * (so a revoke shows within a second), its audit log and the config as it is after a reload; each
 * handler module is imported on its first request, so a server nobody pushes to never loads them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from '../context.js';
import { auditWhenDone, findKey } from './auth.js';

export { agentEventsPath } from './agent-events-path.js';
export const ACCOUNT_EVENTS_ROUTE = '/api/v1/accounts/events';

/** Audits the request and resolves its Bearer key the way /api/v1 does, remembering the key's name for the audit row. */
function keyedRequest(ctx: ServerContext, req: IncomingMessage, res: ServerResponse) {
  let keyName: string | null = null;
  auditWhenDone(ctx, req, res, () => keyName);
  return async (request: IncomingMessage) => {
    const key = await findKey(ctx, request);
    if (!key) return undefined;
    keyName = key.name;
    ctx.storage.access.touchKey(key.keyHash, ctx.now()).catch((error: unknown) => ctx.log.warn(`could not record a key's use: ${String(error)}`));
    return { keyName: key.name, role: key.role };
  };
}

export async function handleAgentEvents(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, agentName: string): Promise<void> {
  const authorize = keyedRequest(ctx, req, res);
  const { agentEventsHandler } = await import('./agent-events.js');
  await agentEventsHandler({ authorize, agents: ctx.config.root.agents ?? [], activity: ctx.storage.activity, now: ctx.now })(req, res, agentName);
}

export async function handleAccountEvents(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const authorize = keyedRequest(ctx, req, res);
  const [{ accountEventsHandler }, { accountsRetentionMs }] = await Promise.all([import('./account-events.js'), import('../../activity/accounts/account-ingest.js')]);
  await accountEventsHandler({ authorize, storage: ctx.storage, retentionMs: accountsRetentionMs(ctx.config.root) })(req, res);
}
