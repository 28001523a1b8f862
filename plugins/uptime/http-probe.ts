/**
 * One HTTP request on a fresh connection, timed phase by phase. We open the socket ourselves
 * (DNS, TCP, TLS through src/core/connect.ts) and hand it to node:http, so each phase is measured
 * honestly and a failure names the phase it happened in.
 *
 * Why node:http and not undici here: a fresh undici Client per check costs ~40% more CPU and more
 * memory per check than node:http on a pre-connected socket, plus ~13 ms of import at start-up
 * (measured; see README "Start-up and performance"). Both parse with llhttp.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { openConnection, type PhaseTracker } from '../../src/core/connect.js';
import { describeNetworkError } from '../../src/core/network-errors.js';
import { Stopwatch, type Phase, type PhaseTimings } from '../../src/core/timing.js';

export interface ProbeRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
  insecure: boolean;
  /** Extra trusted CA certificates (PEM), added to the system roots. */
  ca?: string;
  maxBodyBytes: number;
  signal: AbortSignal;
  timeoutMs: number;
}

export interface ProbeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** At most maxBodyBytes of the body; the rest was never read. */
  body: Buffer;
  truncated: boolean;
  timings: PhaseTimings;
  remoteAddress?: string;
  tls?: { protocol: string | null; cipher: string; alpn: string | false | null };
}

export class ProbeError extends Error {
  constructor(
    message: string,
    readonly phase: Phase,
    readonly timings: PhaseTimings,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ProbeError';
  }
}

interface Exchange {
  response: IncomingMessage;
  body: Buffer;
  truncated: boolean;
}

/** Sends the request on `socket` and reads at most maxBodyBytes of the answer. */
function exchange(socket: Socket, req: ProbeRequest, clock: Stopwatch, timings: PhaseTimings, tracker: PhaseTracker): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(error);
    };
    const outgoing = httpRequest(
      {
        method: req.method,
        path: `${req.url.pathname}${req.url.search}`,
        headers: { host: req.url.host, connection: 'close', ...req.headers },
        // No `agent` at all: with `agent: false` node builds its own Agent and ignores createConnection.
        createConnection: () => socket,
      },
      (response) => {
        timings.ttfb = clock.lap();
        tracker.phase = 'transfer';
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const finish = () => {
          if (settled) return;
          settled = true;
          timings.transfer = clock.lap();
          socket.destroy();
          resolve({ response, body: Buffer.concat(chunks, size), truncated });
        };
        response.on('data', (chunk: Buffer) => {
          const room = req.maxBodyBytes - size;
          if (chunk.length > room) {
            // Enough for the assertions: stop reading; the rest is never downloaded.
            chunks.push(chunk.subarray(0, room));
            size += room;
            truncated = true;
            finish();
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', finish);
        // A peer that closes mid-body makes node emit 'aborted' and then an 'aborted' error:
        // that is a close, not a reset, and the reason should say so.
        const cutShort = () => fail(Object.assign(new Error('the response was cut short'), { code: 'ECONNRESET' }));
        response.on('aborted', cutShort);
        response.on('error', (error: NodeJS.ErrnoException) => (error.message === 'aborted' ? cutShort() : fail(error)));
      },
    );
    outgoing.on('error', fail);
    outgoing.end(req.body);
  });
}

export async function probe(req: ProbeRequest): Promise<ProbeResponse> {
  const { url, signal } = req;
  const https = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port) || (https ? 443 : 80);
  const tracker: PhaseTracker = { phase: 'dns' };
  const timings: PhaseTimings = {};
  // Until connected, a clock of our own times a failure; after, the connection's clock goes on, so every
  // phase (dns, connect, tls, ttfb, transfer) is a lap of one stopwatch and they add up to the total.
  let clock = new Stopwatch();
  let socket: Socket | undefined;
  // Once connected, node:http owns the socket; on abort it must still be torn down at once.
  const destroySocket = () => socket?.destroy();
  signal.addEventListener('abort', destroySocket, { once: true });
  try {
    const tls = https ? { rejectUnauthorized: !req.insecure, ca: req.ca, alpn: ['http/1.1'] } : undefined;
    const connection = await openConnection(host, port, signal, tracker, tls);
    Object.assign(timings, connection.timings);
    socket = connection.socket;
    clock = connection.clock;
    if (signal.aborted) throw signal.reason;
    let tlsInfo: ProbeResponse['tls'];
    if (https) {
      const secure = socket as TLSSocket;
      tlsInfo = { protocol: secure.getProtocol(), cipher: secure.getCipher()?.name ?? '', alpn: secure.alpnProtocol };
    }
    tracker.phase = 'ttfb';
    const { response, body, truncated } = await exchange(socket, req, clock, timings, tracker);
    timings.total = clock.untilLastLap();
    return { status: response.statusCode ?? 0, headers: response.headers, body, truncated, timings, remoteAddress: tracker.address, tls: tlsInfo };
  } catch (error) {
    timings.total = clock.total();
    const message = describeNetworkError(error, { phase: tracker.phase, signal, host, port, address: tracker.address, timeoutMs: req.timeoutMs });
    throw new ProbeError(message, tracker.phase, timings, { cause: error });
  } finally {
    signal.removeEventListener('abort', destroySocket);
    socket?.destroy();
  }
}
