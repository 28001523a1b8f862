/**
 * `POST /api/v1/agents/<agent>/events`: device agents push their events here (docs/agent-protocol.md).
 * A handler module with narrow dependencies, so the `trackz serve` router mounts it with a few lines:
 * `authorize` says which key sent the request (the server's key store, constant-time, audited), and
 * `activity` is the storage port. Only keys with role `agent` or `operator` may push, only to an agent
 * of the config whose source is `{ type: push }`; the batch is validated (shape, limits) before
 * anything is stored, and stored through an idempotent upsert, so a resent batch doubles nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_PUSH_BYTES, parsePushBatch } from '../../activity/agents/push-batch.js';
import { ingestPushBatch, type PushOutcome } from '../../activity/agents/push-ingest.js';
import type { AgentConfig } from '../../config/schema/activity.js';
import type { ActivityPort } from '../../storage/ports/activity.js';

export interface KeyIdentity {
  keyName: string;
  role: 'viewer' | 'operator' | 'agent' | (string & {});
}

export interface AgentEventsDeps {
  /** The key the request carries (Authorization: Bearer), or undefined when there is none or it is unknown. */
  authorize(req: IncomingMessage): KeyIdentity | undefined | Promise<KeyIdentity | undefined>;
  /** The config's agents (the server reads them once per config load). */
  agents: readonly AgentConfig[];
  activity: ActivityPort;
  /** Called once per request that reached a decision (the server's audit log). */
  audit?(entry: { keyName: string | undefined; agent: string; status: number; outcome?: PushOutcome; problem?: string }): void;
  now?: () => number;
}

export { agentEventsPath } from './agent-events-path.js';

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > MAX_PUSH_BYTES) throw new Refusal(413, `batch over ${MAX_PUSH_BYTES} bytes; send fewer events per request`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_PUSH_BYTES) throw new Refusal(413, `batch over ${MAX_PUSH_BYTES} bytes; send fewer events per request`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new Refusal(400, 'the body is not valid JSON');
  }
}

/** Handles a request whose path agentEventsPath() matched; answers every outcome itself. */
export function agentEventsHandler(deps: AgentEventsDeps): (req: IncomingMessage, res: ServerResponse, agentName: string) => Promise<void> {
  const now = deps.now ?? Date.now;
  return async (req, res, agentName) => {
    let keyName: string | undefined;
    try {
      if (req.method !== 'POST') throw new Refusal(405, 'only POST is allowed here', { allow: 'POST' });
      const key = await deps.authorize(req);
      keyName = key?.keyName;
      if (!key) throw new Refusal(401, 'missing or unknown key: send Authorization: Bearer <key> (trackz keys create NAME --role agent)', { 'www-authenticate': 'Bearer' });
      if (key.role !== 'agent' && key.role !== 'operator') throw new Refusal(403, `key ${key.keyName} has role ${key.role}; pushing events needs role agent or operator`);
      const agent = deps.agents.find((a) => a.name === agentName);
      if (!agent) throw new Refusal(404, `no agent named ${agentName} in the server's config`);
      if (agent.source.type !== 'push') throw new Refusal(409, `agent ${agentName} imports from ${agent.source.type}; only agents with source: { type: push } accept pushed events`);
      const type = String(req.headers['content-type'] ?? '');
      if (!/^application\/json\b/i.test(type)) throw new Refusal(415, 'expected Content-Type: application/json');
      const parsed = parsePushBatch(await readBody(req));
      if ('problem' in parsed) throw new Refusal(400, parsed.problem);
      const outcome = await ingestPushBatch(deps.activity, agent, parsed.batch, now());
      deps.audit?.({ keyName, agent: agentName, status: 200, outcome });
      send(res, 200, outcome);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      deps.audit?.({ keyName, agent: agentName, status: error.status, problem: error.message });
      // The rest of a refused body is not read: close the connection rather than drain it.
      if (!req.complete) res.setHeader('connection', 'close');
      send(res, error.status, { error: error.message }, error.headers);
    }
  };
}
