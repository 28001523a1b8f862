/**
 * `trackz agent` as a plain function: opens the device store, starts the ActivityWatch API on
 * loopback and the forwarder (to `--server`, else into the config's own storage), and stops cleanly
 * on SIGTERM/SIGINT after a last attempt to deliver. Only `trackz agent` imports this module.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { homedir, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { agentRules } from '../activity/agents/push-ingest.js';
import { findConfigFile, loadConfig, type LoadedConfig } from '../config/load.js';
import type { AgentConfig } from '../config/schema/activity.js';
import { EXIT_FAILED, UserError } from '../core/errors.js';
import { DeviceStore } from '../storage/agent-spool/device-store.js';
import type { Storage } from '../storage/ports/index.js';
import { awApi } from './aw-api.js';
import { Forwarder, type ForwardSink } from './forwarder.js';
import { allowedHosts, isLoopbackHost } from './host-guard.js';
import { serverSink, storageSink } from './sinks.js';

export interface AgentRunOptions {
  configPath?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  port: number;
  host: string;
  server?: string;
  key?: string;
  apiKey?: string;
  agent?: string;
  device?: string;
  store?: string;
  version: string;
  log: (line: string) => void;
}

export interface RunningAgent {
  port: number;
  storePath: string;
  forwarder: Forwarder;
  stop(): Promise<void>;
}

/** The config's agent entry for --agent (or its only agent); undefined only when there is no config and none is needed. */
function pickAgent(config: LoadedConfig | undefined, name: string | undefined): AgentConfig | undefined {
  if (!config) return undefined;
  const agents = config.root.agents ?? [];
  if (name === undefined) {
    if (agents.length === 1) return agents[0];
    throw new UserError(agents.length === 0 ? `${config.file} has no agents: add one under agents: (source: { type: push }) or give --agent NAME with --server` : `${config.file} has ${agents.length} agents: say which with --agent NAME`);
  }
  const agent = agents.find((a) => a.name === name);
  if (!agent) throw new UserError(`no agent named ${name} in ${config.file} (agents: ${agents.map((a) => a.name).join(', ') || 'none'})`);
  return agent;
}

function defaultStore(env: Record<string, string | undefined>, agent: string): string {
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'trackz', `agent-${agent}.db`);
}

export async function startAgent(options: AgentRunOptions): Promise<RunningAgent> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  if (!isLoopbackHost(options.host)) throw new UserError(`--host ${options.host}: trackz agent answers on loopback only (127.0.0.1, ::1, localhost): its watchers run on the same device`);
  if (options.server !== undefined && !/^https?:\/\/[^/]/i.test(options.server)) throw new UserError(`--server ${options.server}: expected an http:// or https:// URL of trackz serve`);
  // With --server the config is optional (it only adds the device-side rules); without it, it is where events go.
  const needsConfig = options.server === undefined || options.configPath !== undefined || (await findConfigFile(cwd)) !== undefined;
  const config = needsConfig ? await loadConfig({ configPath: options.configPath, cwd, env }) : undefined;
  const agent = pickAgent(config, options.agent);
  const agentName = agent?.name ?? options.agent;
  if (agentName === undefined) throw new UserError('--agent NAME is required with --server when there is no config: the server stores the events under that agent');
  const rules = agent ? agentRules(agent) : { redact: <T>(event: T) => event, keepQuery: false };

  const storePath = resolve(cwd, options.store ?? defaultStore(env, agentName));
  const store = new DeviceStore(storePath);
  let storage: Storage | undefined;
  let sink: ForwardSink;
  if (options.server !== undefined) sink = serverSink(options.server, agentName, options.key);
  else {
    const { openStorage } = await import('../storage/open.js');
    storage = await openStorage({ target: config!.storage.target, workspace: config!.workspace });
    sink = storageSink(storage.activity, agent!, `the storage of ${config!.file}`);
  }
  // Local retention: delivered events older than the agent's retention go, now and hourly (spooled ones stay).
  const prune = () => agent && store.pruneSent(Date.now() - agent.privacy.retention.events);
  prune();
  const pruning = setInterval(prune, 3_600_000).unref();

  const forwarder = new Forwarder({ store, sink, device: options.device, log: (line) => options.log(line) });
  const deviceName = options.device ?? hostname();
  const info = { hostname: deviceName, version: `v${options.version} (trackz agent)`, deviceId: store.meta('device_id', randomUUID) };
  const server: Server = createServer({ keepAliveTimeout: 65_000 }, () => undefined);
  try {
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(options.port, options.host, () => done());
    });
  } catch (error) {
    store.close();
    await storage?.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'EADDRINUSE' ? `port ${options.port} on ${options.host} is in use (is aw-server running? stop it, or give --port)` : `cannot listen on ${options.host}:${options.port}: ${code ?? (error as Error).message}`, EXIT_FAILED);
  }
  const port = (server.address() as { port: number }).port;
  server.removeAllListeners('request');
  server.on('request', awApi({ store, rules, info, hosts: allowedHosts(port, options.host), apiKey: options.apiKey, onSpooled: () => forwarder.wake() }));
  forwarder.start();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      clearInterval(pruning);
      await forwarder.stop();
      // One last try, bounded: whatever does not go stays spooled for the next start.
      await Promise.race([forwarder.drain(), new Promise((done) => setTimeout(done, 5_000).unref())]);
      store.close();
      await storage?.close();
    })());
  return { port, storePath, forwarder, stop };
}
