/**
 * A small local ActivityWatch server: the REST endpoints trackz reads, with AW's semantics —
 * `GET /api/0/buckets/` lists buckets by id; `GET /api/0/buckets/<id>/events?start=&end=&limit=`
 * returns the bucket's events whose timestamp is in [start, end], newest first, at most `limit`.
 * Every request is recorded so tests can check the paging. Close it in the test that starts it
 * (or in a top-level afterAll).
 */
import { createServer, type Server } from 'node:http';

export interface AwEvent {
  id?: number;
  timestamp: string;
  duration: number;
  data: Record<string, unknown>;
}

export interface AwBucket {
  id: string;
  type: string;
  client: string;
  hostname: string;
  created?: string;
  events: AwEvent[];
}

export interface AwServer {
  url: string;
  buckets: Map<string, AwBucket>;
  requests: string[];
  close(): Promise<void>;
}

export async function startAwServer(buckets: AwBucket[]): Promise<AwServer> {
  const byId = new Map(buckets.map((b) => [b.id, b]));
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(`${url.pathname}${url.search}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/api/0/buckets/' || url.pathname === '/api/0/buckets') {
      return send(200, Object.fromEntries([...byId].map(([id, b]) => [id, { id, type: b.type, client: b.client, hostname: b.hostname, created: b.created ?? '2024-01-01T00:00:00+00:00' }])));
    }
    const match = /^\/api\/0\/buckets\/([^/]+)\/events$/.exec(url.pathname);
    if (!match) return send(404, { message: 'not found' });
    const bucket = byId.get(decodeURIComponent(match[1]!));
    if (!bucket) return send(404, { message: 'no such bucket' });
    const start = url.searchParams.has('start') ? Date.parse(url.searchParams.get('start')!) : -Infinity;
    const end = url.searchParams.has('end') ? Date.parse(url.searchParams.get('end')!) : Infinity;
    const limit = Number(url.searchParams.get('limit') ?? -1);
    const events = bucket.events
      .filter((e) => {
        const at = Date.parse(e.timestamp);
        return at >= start && at <= end;
      })
      .sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
    return send(200, limit > 0 ? events.slice(0, limit) : events);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { url: `http://127.0.0.1:${port}`, buckets: byId, requests, close };
}
