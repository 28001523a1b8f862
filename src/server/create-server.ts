/**
 * `trackz serve`'s HTTP server on node:http (a handful of fixed routes need no framework): the
 * request guards (methods, sizes, slow clients, traversal), the routes, and the hooks the daemon
 * wires up: `publish()` after new results, `setConfig()` after SIGHUP, `close()` on SIGTERM.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoadedConfig } from '../config/load.js';
import type { Logger } from '../core/log.js';
import type { KeyHash, LinkHash, Storage } from '../storage/ports/index.js';
import { handleApi } from './api/routes.js';
import { LiveList } from './access/live-list.js';
import { miss, type ServerContext, type ServerRuntime } from './context.js';
import { EventHub } from './dashboards/event-hub.js';
import { gatherFor, handleDashboard } from './dashboards/routes.js';
import { MonitorFigures } from './dashboards/monitor-figures.js';
import { resolveDashboards, sameLayout } from './dashboards/resolve.js';
import { SnapshotCache } from './dashboards/snapshot-cache.js';
import { DEFAULT_THROTTLE, MissThrottle, type ThrottleSettings } from './http/miss-throttle.js';
import { proxyTrust } from './http/proxy-trust.js';
import { internalError, methodNotAllowed, send, sendJson, unavailable } from './http/respond.js';
import { ACCOUNT_EVENTS_ROUTE, agentEventsPath, handleAccountEvents, handleAgentEvents } from './api/push-routes.js';
import { beaconMount } from './collect/beacon-mount.js';
import { handleMetrics } from './metrics/route.js';
import { renderReloadEvent } from './views/sse.js';

export type { ServerRuntime } from './context.js';

export interface TrackzServerOptions {
  config: LoadedConfig;
  storage: Storage;
  log: Logger;
  runtime?: ServerRuntime;
  /** Tests: a clock, the throttle's settings, how long link and key hashes are kept (default 500 ms). */
  now?: () => number;
  throttle?: ThrottleSettings;
  cacheMs?: number;
  timeouts?: { headersMs: number; requestMs: number };
  /** How long requests share a dashboard's gathered data (default 0: each request reads). The daemon, which publishes every new result, uses 1 s. */
  snapshotMaxAgeMs?: number;
}

export interface TrackzServer {
  readonly server: Server;
  /** Starts listening; resolves with the bound address. */
  listen(port: number, host: string): Promise<AddressInfo>;
  /** New results: re-gathers the dashboards that show these monitors (all when omitted) and updates their streams. */
  publish(changed?: { monitors?: readonly string[]; dashboards?: readonly string[] }): Promise<void>;
  /** A reloaded config: dashboards re-resolved; open pages whose layout changed are told to reload. */
  setConfig(config: LoadedConfig): void;
  close(): Promise<void>;
}

/** Slow clients: the headers within 10 s, the whole request within 30 s. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
const MAX_HEADER_BYTES = 8 * 1024;
const MAX_URL_LENGTH = 2048;
const BODYLESS_LIMIT = 0;
/** The timeouts above are enforced by a sweep this often (Node's default, 30 s, would let a slow client hold a socket that long). */
const TIMEOUT_SWEEP_MS = 500;

export function createTrackzServer(options: TrackzServerOptions): TrackzServer {
  const { storage, log } = options;
  const now = options.now ?? Date.now;
  const cacheMs = options.cacheMs ?? 500;
  let hub: EventHub;
  const ctx: ServerContext = {
    config: options.config,
    storage,
    log,
    runtime: options.runtime,
    dashboards: resolveDashboards(options.config),
    figures: new MonitorFigures(storage.results),
    snapshots: new SnapshotCache(options.snapshotMaxAgeMs ?? 0, now),
    links: new LiveList<LinkHash>(() => storage.access.liveLinkHashes(), cacheMs, now, (links) => hub.closeExcept(new Set(links.filter((l) => ctx.dashboards.has(l.dashboard)).map((l) => l.tokenHash)))),
    keys: new LiveList<KeyHash>(() => storage.access.liveKeyHashes(), cacheMs, now),
    hub: undefined as unknown as EventHub,
    throttle: new MissThrottle(options.throttle ?? DEFAULT_THROTTLE),
    proxies: proxyTrust(options.config.root.serve?.trustedProxies ?? []),
    now,
  };
  hub = new EventHub(
    async (name) => {
      const dashboard = ctx.dashboards.get(name);
      return dashboard && gatherFor(ctx, dashboard);
    },
    (error) => log.error(`could not update a dashboard's streams: ${String(error)}`),
  );
  ctx.hub = hub;
  // Streams of a revoked or rotated link end within a second even when no request comes.
  const linkWatch = setInterval(() => {
    if (hub.count() > 0) ctx.links.refresh().catch((error: unknown) => log.warn(`could not read the dashboard links: ${String(error)}`));
  }, Math.max(cacheMs, 250));
  linkWatch.unref();

  const beacon = beaconMount(storage, options.config, () => ctx.proxies);
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES, headersTimeout: options.timeouts?.headersMs ?? HEADERS_TIMEOUT_MS, requestTimeout: options.timeouts?.requestMs ?? REQUEST_TIMEOUT_MS, connectionsCheckingInterval: TIMEOUT_SWEEP_MS }, (req, res) => {
    beacon
      .handle(req, res, (req.url ?? '').split('?')[0]!)
      .then((answered) => (answered ? undefined : handle(ctx, req, res)))
      .catch((error: unknown) => {
        log.error(`${req.method} request failed: ${error instanceof Error ? error.message : String(error)}`);
        internalError(res);
      });
  });
  server.keepAliveTimeout = 5_000;

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    publish: async (changed = {}) => {
      let names = changed.dashboards ? [...changed.dashboards] : [...ctx.dashboards.keys()];
      if (changed.monitors) names = names.filter((n) => ctx.dashboards.get(n)?.monitors.some((m) => changed.monitors!.includes(m.name)));
      ctx.snapshots.forget(names);
      await hub.publish(names, changed.monitors);
    },
    setConfig: (config) => {
      const before = ctx.dashboards;
      ctx.config = config;
      ctx.dashboards = resolveDashboards(config);
      ctx.proxies = proxyTrust(config.root.serve?.trustedProxies ?? []);
      beacon.setConfig(config).catch((error: unknown) => log.error(`could not flush the beacon's events on reload: ${String(error)}`));
      ctx.snapshots.forget();
      for (const [name, old] of before) {
        const next = ctx.dashboards.get(name);
        if (next && !sameLayout(old, next)) hub.send(name, renderReloadEvent(String(now())));
      }
      void ctx.links.refresh().catch(() => undefined);
    },
    close: async () => {
      clearInterval(linkWatch);
      hub.close();
      // Everything the beacon accepted (202) is written before the storage closes.
      await beacon.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

async function handle(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '';
  const method = req.method ?? '';
  // Nothing here needs an encoded character, a dot segment or a backslash: such a path is a miss.
  if (url.length > MAX_URL_LENGTH || !url.startsWith('/') || /%|\\|\/\.\.?(\/|\?|$)|\/\//.test(url.split('?')[0]!)) return miss(ctx, req, res);
  const [path, search = ''] = url.split(/\?(.*)/s) as [string, string?];
  const isApi = path.startsWith('/api/v1/') || path === '/api/v1';
  if (method !== 'GET' && method !== 'HEAD' && !(isApi && method === 'POST')) return methodNotAllowed(res, 'GET, HEAD');
  if (method !== 'POST' && (Number(req.headers['content-length'] ?? 0) > BODYLESS_LIMIT || req.headers['transfer-encoding'])) return send(res, 413, 'A request body is not accepted here\n', { Connection: 'close' });
  if (path === '/healthz') return send(res, 200, 'ok\n');
  if (path === '/readyz') return ready(ctx, res);
  if (path === '/metrics') return handleMetrics(ctx, req, res);
  const d = /^\/d\/([^/]+)(\/.*)?$/.exec(path);
  if (d) return handleDashboard(ctx, req, res, d[1]!, d[2] ?? '', search);
  const pushingAgent = isApi ? agentEventsPath(path) : undefined;
  if (pushingAgent !== undefined) return handleAgentEvents(ctx, req, res, pushingAgent);
  if (path === ACCOUNT_EVENTS_ROUTE) return handleAccountEvents(ctx, req, res);
  if (isApi) return handleApi(ctx, req, res, path.slice('/api/v1/'.length).split('/').filter((p, i) => p !== '' || i > 0), new URLSearchParams(search));
  return miss(ctx, req, res);
}

async function ready(ctx: ServerContext, res: ServerResponse): Promise<void> {
  try {
    await ctx.storage.ping();
  } catch (error) {
    ctx.log.warn(`readyz: the storage does not answer: ${error instanceof Error ? error.message : String(error)}`);
    return unavailable(res, 'storage unavailable\n');
  }
  if (ctx.runtime?.running && !ctx.runtime.running()) return unavailable(res, 'scheduler not running\n');
  sendJson(res, 200, { ready: true, schedulerLagMs: ctx.runtime?.lag() ?? null });
}
