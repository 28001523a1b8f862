/**
 * The beacon's HTTP side: GET /t.js and /t-heat.js, OPTIONS and POST /collect, as one handler over
 * node:http that answers its own paths and leaves every other request alone. `mountCollect` puts it
 * in front of a server's existing request handler (`trackz serve` calls it and, on SIGTERM,
 * `collect.close()`, which flushes).
 *
 * POST /collect answers 202 once the beacon is queued. Refused: an Origin not configured for the
 * site (403, also for preflights), a body over MAX_BODY_BYTES (413), more than the rate limit per
 * client address (429), a body that is not a beacon (400). Bots and headless browsers get 202 and
 * are dropped, so they learn nothing. The client address (rate limit, visitor hash, country) is
 * clientAddress's: the socket peer, or behind a trusted proxy the client it forwarded for.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { SiteConfig } from '../../config/schema/activity.js';
import type { StoragePorts } from '../../storage/ports/index.js';
import { clientAddress } from '../http/client-address.js';
import { NO_PROXY_TRUST, type ProxyTrust } from '../http/proxy-trust.js';
import { MAX_BODY_BYTES, parseBeacon } from './beacon-body.js';
import { BeaconCollector } from './beacon-collector.js';
import { normalOrigin, siteOrigins } from './collect-origins.js';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimit } from './rate-limiter.js';
import { loadTrackerScripts, type TrackerScript } from './tracker-scripts.js';

export interface CollectDeps {
  storage: Pick<StoragePorts, 'activity' | 'heatmaps'>;
  sites: readonly SiteConfig[];
  /** The country database (.mmdb path; see geoDatabasePath), undefined for none. */
  geoDatabase?: string;
  rateLimit?: RateLimit;
  flushMs?: number;
  maxPending?: number;
  /** Whose X-Forwarded-For names the client (read per request: a reload changes it). Default: nobody's. */
  proxies?: () => ProxyTrust;
}

export interface CollectRoutes {
  /** Answers /t.js, /t-heat.js and /collect; false (nothing sent) for any other request. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  collector: BeaconCollector;
  /** Flushes everything accepted and stops the timers. */
  close(): Promise<void>;
}

/** Headless browsers isbot does not list (automation, not people). */
const HEADLESS = /HeadlessChrome|PhantomJS|Puppeteer|Playwright|Electron\/|jsdom/i;
const SCRIPT_HEADERS = {
  'Content-Type': 'application/javascript; charset=utf-8',
  'Cache-Control': 'public, max-age=86400',
  // Loaded by other origins' pages: allowed explicitly, whatever the server's defaults.
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'X-Content-Type-Options': 'nosniff',
};

function reply(res: ServerResponse, status: number, body = '', headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const bytes = Buffer.from(body);
  res.writeHead(status, { 'Cache-Control': 'no-store', 'Content-Type': 'text/plain; charset=utf-8', ...headers, 'Content-Length': String(bytes.length) });
  res.end(bytes);
}

function sendScript(req: IncomingMessage, res: ServerResponse, script: TrackerScript): void {
  if (req.headers['if-none-match'] === script.etag) return reply(res, 304, '', { ...SCRIPT_HEADERS, ETag: script.etag });
  res.writeHead(200, { ...SCRIPT_HEADERS, ETag: script.etag, 'Content-Length': String(script.body.length) });
  res.end(req.method === 'HEAD' ? undefined : script.body);
}

/** The body, or undefined once it passes `limit` bytes (the rest is not read). */
async function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function createCollectRoutes(deps: CollectDeps): Promise<CollectRoutes> {
  const [scripts, collector, { isbot }] = await Promise.all([
    loadTrackerScripts(deps.sites),
    BeaconCollector.open({ storage: deps.storage, sites: deps.sites, geoDatabase: deps.geoDatabase, flushMs: deps.flushMs, maxPending: deps.maxPending }),
    import('isbot'),
  ]);
  const origins = new Map(deps.sites.filter((s) => s.collect).map((s) => [s.name, siteOrigins(s)]));
  const anyOrigin = new Set([...origins.values()].flatMap((set) => [...set]));
  const limiter = new RateLimiter(deps.rateLimit ?? DEFAULT_RATE_LIMIT);
  const cors = (origin: string) => ({ 'Access-Control-Allow-Origin': origin, Vary: 'Origin' });
  const proxies = deps.proxies ?? (() => NO_PROXY_TRUST);

  async function post(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = typeof req.headers.origin === 'string' ? normalOrigin(req.headers.origin) : '';
    if (!origin || !anyOrigin.has(origin)) return reply(res, 403, 'Origin not allowed\n');
    const client = clientAddress(req, proxies());
    if (!limiter.take(client, Date.now())) return reply(res, 429, 'Too many requests\n', { ...cors(origin), 'Retry-After': '1' });
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return reply(res, 413, 'Body too large\n', { ...cors(origin), Connection: 'close' });
    const text = await readBody(req, MAX_BODY_BYTES);
    if (text === undefined) return reply(res, 413, 'Body too large\n', { ...cors(origin), Connection: 'close' });
    const beacon = parseBeacon(text);
    if (typeof beacon === 'string') return reply(res, 400, `${beacon}\n`, cors(origin));
    if (!origins.get(beacon.site)?.has(origin)) return reply(res, 403, 'Origin not allowed for this site\n');
    const userAgent = req.headers['user-agent'] ?? '';
    if (userAgent !== '' && !isbot(userAgent) && !HEADLESS.test(userAgent)) {
      collector.accept(beacon, { ip: client, userAgent, dnt: beacon.dnt || req.headers.dnt === '1' });
    }
    reply(res, 202, '', cors(origin));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/t.js' || path === '/t-heat.js') {
      if (req.method !== 'GET' && req.method !== 'HEAD') reply(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
      else sendScript(req, res, path === '/t.js' ? scripts.main : scripts.heat);
      return true;
    }
    if (path !== '/collect') return false;
    if (req.method === 'OPTIONS') {
      const origin = typeof req.headers.origin === 'string' ? normalOrigin(req.headers.origin) : '';
      if (!anyOrigin.has(origin)) reply(res, 403, 'Origin not allowed\n');
      else reply(res, 204, '', { ...cors(origin), 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '86400' });
      return true;
    }
    if (req.method !== 'POST') {
      reply(res, 405, 'Method not allowed\n', { Allow: 'POST, OPTIONS' });
      return true;
    }
    try {
      await post(req, res);
    } catch {
      reply(res, 500, 'Internal error\n');
    }
    return true;
  }

  return { handle, collector, close: () => collector.close() };
}

/** Puts the beacon routes in front of `server`'s request handlers: theirs still answer everything else. */
export async function mountCollect(server: Server, deps: CollectDeps): Promise<CollectRoutes> {
  const routes = await createCollectRoutes(deps);
  const others = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void routes.handle(req, res).then((handled) => {
      if (handled) return;
      if (others.length === 0) reply(res, 404, 'Not found\n');
      for (const listener of others) listener.call(server, req, res);
    });
  });
  return routes;
}
