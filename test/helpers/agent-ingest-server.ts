/**
 * A real node:http server on 127.0.0.1 that mounts the agent ingestion handler
 * (src/server/api/agent-events.ts) the way `trackz serve` does, over a real SQLite storage, with a
 * fixed table of keys standing in for the key store. `afterStore` runs after a batch is stored and
 * before it is answered: the crash tests kill the agent there.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import * as v from 'valibot';
import { agentSchema, type AgentConfig } from '../../src/config/schema/activity.js';
import { agentEventsHandler, agentEventsPath, type KeyIdentity } from '../../src/server/api/agent-events.js';
import type { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { openSqlite } from './storage.js';

export interface IngestServer {
  port: number;
  base: string;
  storage: SqliteStorage;
  audit: { keyName: string | undefined; agent: string; status: number }[];
  /** Rows in agent_events. */
  count(): number;
  close(): Promise<void>;
}

export function agentConfig(entry: Record<string, unknown>): AgentConfig {
  return v.parse(agentSchema, entry);
}

export async function startIngestServer(options: {
  dbPath: string;
  agents: AgentConfig[];
  keys: Record<string, KeyIdentity>;
  port?: number;
  afterStore?: (res: ServerResponse) => Promise<void> | void;
}): Promise<IngestServer> {
  const storage = openSqlite(options.dbPath);
  const audit: IngestServer['audit'] = [];
  const handler = agentEventsHandler({
    authorize: (req) => options.keys[/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? ''],
    agents: options.agents,
    activity: storage.activity,
    audit: (entry) => audit.push(entry),
  });
  const server: Server = createServer((req, res) => {
    const agent = agentEventsPath(new URL(req.url ?? '/', 'http://x').pathname);
    if (agent === undefined) {
      res.writeHead(404).end();
      return;
    }
    // The hook runs once the handler has stored the batch and before the answer leaves.
    const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
    if (options.afterStore) {
      res.end = ((...args: unknown[]) => {
        void Promise.resolve(options.afterStore!(res)).then(() => end(...args));
        return res;
      }) as typeof res.end;
    }
    handler(req, res, agent).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    storage,
    audit,
    count: () => storage.db.prepare('SELECT COUNT(*) FROM agent_events').pluck().get() as number,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await storage.close();
    },
  };
}
