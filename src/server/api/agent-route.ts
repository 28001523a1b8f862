/**
 * `POST /api/v1/agents/<agent>/events` on the running server: the agent-events handler
 * (agent-events.ts) given the server's own key list (so a revoke shows within a second), its audit
 * log and the config's agents as they are after a reload. The handler module is imported on the
 * first push only: a server no device pushes to never loads the ingestion.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from '../context.js';
import { auditWhenDone, findKey } from './auth.js';

export { agentEventsPath } from './agent-events-path.js';

export async function handleAgentEvents(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, agentName: string): Promise<void> {
  let keyName: string | null = null;
  auditWhenDone(ctx, req, res, () => keyName);
  const { agentEventsHandler } = await import('./agent-events.js');
  const handler = agentEventsHandler({
    authorize: async (request) => {
      const key = await findKey(ctx, request);
      if (!key) return undefined;
      keyName = key.name;
      ctx.storage.access.touchKey(key.keyHash, ctx.now()).catch((error: unknown) => ctx.log.warn(`could not record a key's use: ${String(error)}`));
      return { keyName: key.name, role: key.role };
    },
    agents: ctx.config.root.agents ?? [],
    activity: ctx.storage.activity,
    now: ctx.now,
  });
  await handler(req, res, agentName);
}
