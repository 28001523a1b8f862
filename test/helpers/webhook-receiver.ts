/**
 * A real HTTP webhook receiver on 127.0.0.1 that records every request and verifies its
 * HMAC-SHA256 signature the way a user's receiver would (src/alerts/channels/webhook/signature.ts).
 * Its answers can be scripted: fail with a status, or hang, for the next N requests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { verifySignature, type VerifyResult } from '../../src/alerts/channels/webhook/signature.js';
import { Arrivals } from './arrivals.js';

export interface ReceivedHook {
  path: string;
  headers: IncomingMessage['headers'];
  raw: string;
  body: unknown;
  /** Only when a secret was given to the receiver. */
  verified?: VerifyResult;
}

export interface WebhookReceiver {
  url: string;
  port: number;
  requests: ReceivedHook[];
  /** Requests answered 2xx. */
  accepted(): ReceivedHook[];
  /** The next `count` requests get `status` (or no answer at all, with `hang`). */
  failNext(count: number, how: { status?: number; hang?: boolean }): void;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedHook[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(options: { secret?: string; port?: number } = {}): Promise<WebhookReceiver> {
  const requests: ReceivedHook[] = [];
  const arrivals = new Arrivals<ReceivedHook>('accepted webhook call(s)');
  const acceptedRequests = arrivals.items;
  const sockets = new Set<Socket>();
  let failures: { count: number; status?: number; hang?: boolean } = { count: 0 };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      const hook: ReceivedHook = { path: req.url ?? '/', headers: req.headers, raw, body };
      if (options.secret) {
        hook.verified = verifySignature({
          secret: options.secret,
          body: raw,
          timestamp: req.headers['x-trackz-timestamp'] as string | undefined,
          signature: req.headers['x-trackz-signature'] as string | undefined,
        });
      }
      requests.push(hook);
      if (failures.count > 0) {
        failures.count--;
        if (failures.hang) return; // never answered; the socket is destroyed on close
        res.writeHead(failures.status ?? 500).end('receiver is failing on purpose');
        return;
      }
      if (hook.verified && !hook.verified.ok) {
        res.writeHead(401).end(hook.verified.reason);
        return;
      }
      arrivals.push(hook);
      res.writeHead(204).end();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    accepted: () => acceptedRequests,
    failNext(count, how) {
      failures = { count, ...how };
    },
    waitFor: (count, timeoutMs) => arrivals.waitFor(count, timeoutMs),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
