/**
 * The ActivityWatch REST API as watchers use it, answered from the device store: the routes, status
 * codes and JSON shapes of aw-server (aw-server-rust's endpoints/bucket.rs), so aw-watcher-window,
 * aw-watcher-afk, aw-watcher-web and aw-client work unchanged. Every request first passes the Host
 * check (host-guard.ts) and, when the agent has one, its API key.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventRules } from '../activity/agents/agent-event.js';
import type { DeviceStore } from '../storage/agent-spool/device-store.js';
import { bucketJson, eventJson, parseEvent, parsePulsetime, parseTime, WireError } from './aw-wire.js';
import { HeartbeatQueue, insertEvents } from './device-events.js';
import { hostAllowed } from './host-guard.js';

export interface AwApiOptions {
  store: DeviceStore;
  rules: EventRules;
  info: { hostname: string; version: string; deviceId: string };
  /** Host headers answered (allowedHosts()). */
  hosts: ReadonlySet<string>;
  /** When set, requests must send `Authorization: Bearer <key>`. */
  apiKey?: string;
  /** Called after something was spooled (the forwarder wakes up). */
  onSpooled?: () => void;
}

const MAX_BODY = 4 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, `request body over ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
  } catch {
    throw new HttpError(400, 'the body is not valid JSON');
  }
}

function keyMatches(header: string | undefined, key: string): boolean {
  const given = Buffer.from(/^Bearer\s+(.+)$/i.exec(header ?? '')?.[1] ?? '');
  const wanted = Buffer.from(key);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** The request handler; answers JSON errors as `{message}` with aw-server's status codes. */
export function awApi(options: AwApiOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const heartbeats = new HeartbeatQueue(options.store, options.rules);
  return (req, res) => {
    handle(options, heartbeats, req, res).catch((error: unknown) => {
      if (error instanceof HttpError) send(res, error.status, { message: error.message });
      else if (error instanceof WireError) send(res, 400, { message: error.message });
      else {
        process.stderr.write(`trackz agent: ${(error as Error).stack ?? String(error)}\n`);
        if (!res.headersSent) send(res, 500, { message: 'internal error' });
      }
    });
  };
}

async function handle(options: AwApiOptions, heartbeats: HeartbeatQueue, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!hostAllowed(req.headers.host, options.hosts)) throw new HttpError(403, 'Host not allowed (trackz agent answers only localhost, 127.0.0.1 and [::1] with its port)');
  if (options.apiKey !== undefined && !keyMatches(req.headers.authorization, options.apiKey)) throw new HttpError(401, 'missing or wrong API key (Authorization: Bearer KEY)');
  const url = new URL(req.url ?? '/', 'http://agent');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'api' || parts[1] !== '0') throw new HttpError(404, `no route ${url.pathname}`);
  const method = req.method ?? 'GET';
  const { store } = options;

  if (parts[2] === 'info' && parts.length === 3 && method === 'GET') return send(res, 200, { hostname: options.info.hostname, version: options.info.version, testing: false, device_id: options.info.deviceId });
  if (parts[2] !== 'buckets') throw new HttpError(404, `no route ${url.pathname}`);
  if (parts.length === 3 && method === 'GET') return send(res, 200, Object.fromEntries(store.buckets().map((b) => [b.id, bucketJson(b)])));
  const id = parts[3];
  if (id === undefined) throw new HttpError(405, `${method} is not allowed here`);

  if (parts.length === 4 && method === 'POST') {
    const body = (await readJson(req)) as Record<string, unknown> | null;
    const type = body?.type;
    if (typeof type !== 'string' || type === '') throw new WireError('type: expected the bucket type, e.g. currentwindow');
    const text = (v: unknown, fallback: string) => (typeof v === 'string' && v !== '' ? v : fallback);
    const created = store.createBucket({ id, type, client: text(body?.client, 'unknown'), hostname: text(body?.hostname, 'unknown'), created: new Date().toISOString() });
    return send(res, created ? 200 : 304);
  }
  const bucket = store.bucket(id);
  if (!bucket) throw new HttpError(404, `There's no bucket named ${id}`);
  if (parts.length === 4 && method === 'GET') return send(res, 200, bucketJson(bucket));
  if (parts.length === 4 && method === 'DELETE') {
    store.deleteBucket(id);
    return send(res, 200);
  }

  if (parts[4] === 'heartbeat' && parts.length === 5 && method === 'POST') {
    const pulsetime = parsePulsetime(url.searchParams.get('pulsetime'));
    const outcome = await heartbeats.apply(bucket, parseEvent(await readJson(req), 'heartbeat'), pulsetime);
    if ('stored' in outcome) options.onSpooled?.();
    const e = 'stored' in outcome ? eventJson(outcome.stored) : { timestamp: new Date(outcome.event.start).toISOString(), duration: (outcome.event.end - outcome.event.start) / 1000, data: {} };
    return send(res, 200, e);
  }
  if (parts[4] !== 'events') throw new HttpError(404, `no route ${url.pathname}`);
  if (parts.length === 5 && method === 'GET') {
    const limit = url.searchParams.get('limit');
    const start = url.searchParams.get('start');
    const end = url.searchParams.get('end');
    const n = limit === null || limit === '' ? undefined : Number(limit);
    if (n !== undefined && !Number.isInteger(n)) throw new WireError('limit: expected a whole number');
    const query = { limit: n === undefined || n < 0 ? undefined : n, start: start ? parseTime(start, 'start') : undefined, end: end ? parseTime(end, 'end') : undefined };
    return send(res, 200, store.events(id, query).map(eventJson));
  }
  if (parts.length === 5 && method === 'POST') {
    const body = await readJson(req);
    const list = Array.isArray(body) ? body : [body];
    const events = list.map((raw, i) => parseEvent(raw, Array.isArray(body) ? `events[${i}]` : 'event'));
    const stored = insertEvents(store, bucket, events, options.rules);
    if (stored.length > 0) options.onSpooled?.();
    return send(res, 200, stored.map(eventJson));
  }
  if (parts.length === 6 && parts[5] === 'count' && method === 'GET') return send(res, 200, store.events(id).length);
  if (parts.length === 6 && method === 'GET') {
    const event = /^\d+$/.test(parts[5]!) ? store.event(id, Number(parts[5])) : undefined;
    if (!event) throw new HttpError(404, `There's no event ${parts[5]} in bucket ${id}`);
    return send(res, 200, eventJson(event));
  }
  throw new HttpError(405, `${method} ${url.pathname} is not supported`);
}
