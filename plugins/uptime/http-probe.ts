/**
 * One HTTP request on a fresh connection, timed phase by phase. undici does the HTTP; we open the
 * socket ourselves (DNS, TCP, TLS) through its connector hook, so each phase is measured honestly
 * and a failure names the phase it happened in.
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import request from 'undici/lib/api/api-request.js';
import Client from 'undici/lib/dispatcher/client.js';
import { openConnection, type PhaseTracker } from '../../src/core/connect.js';
import { Stopwatch, type Phase, type PhaseTimings } from '../../src/core/timing.js';
import { describeNetworkError } from '../../src/core/network-errors.js';

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

export async function probe(req: ProbeRequest): Promise<ProbeResponse> {
  const { url, signal } = req;
  const https = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port) || (https ? 443 : 80);
  const timings: PhaseTimings = {};
  // Replaced by the connection's own stopwatch once connected, so the phases add up to the total
  // (the moment undici takes to ask for a socket is not the server's time).
  let clock = new Stopwatch();
  const tracker: PhaseTracker = { phase: 'dns' };
  let socket: Socket | undefined;
  let tlsInfo: ProbeResponse['tls'];

  const openSocket = async (): Promise<Socket> => {
    const tls = https ? { rejectUnauthorized: !req.insecure, ca: req.ca, alpn: ['http/1.1'] } : undefined;
    const connection = await openConnection(host, port, signal, tracker, tls);
    Object.assign(timings, connection.timings);
    clock = connection.clock;
    socket = connection.socket;
    if (https) {
      const secure = socket as TLSSocket;
      tlsInfo = { protocol: secure.getProtocol(), cipher: secure.getCipher()?.name ?? '', alpn: secure.alpnProtocol };
    }
    tracker.phase = 'ttfb';
    return socket;
  };
  // Once connected, undici owns the socket; on abort it must still be torn down at once.
  const destroySocket = () => socket?.destroy();
  signal.addEventListener('abort', destroySocket, { once: true });

  const client = new Client(url.origin, {
    connect: (_options, callback) => {
      openSocket().then(
        (opened) => callback(null, opened),
        (error: Error) => callback(error, null),
      );
    },
    // The AbortSignal is the real limit; undici's own timers only back it up.
    headersTimeout: req.timeoutMs + 5000,
    bodyTimeout: req.timeoutMs + 5000,
    pipelining: 1,
  });

  try {
    const response = await request.call(client, {
      path: `${url.pathname}${url.search}`,
      method: req.method as 'GET',
      headers: req.headers,
      body: req.body,
      signal,
    });
    timings.ttfb = clock.lap();
    tracker.phase = 'transfer';
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      const room = req.maxBodyBytes - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        size += room;
        truncated = true;
        break; // ends the iteration, which destroys the stream: the rest is never read
      }
      chunks.push(chunk);
      size += chunk.length;
    }
    timings.transfer = clock.lap();
    timings.total = clock.total();
    return { status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks, size), truncated, timings, remoteAddress: tracker.address, tls: tlsInfo };
  } catch (error) {
    timings.total = clock.total();
    const message = describeNetworkError(error, { phase: tracker.phase, signal, host, port, address: tracker.address, timeoutMs: req.timeoutMs });
    throw new ProbeError(message, tracker.phase, timings, { cause: error });
  } finally {
    signal.removeEventListener('abort', destroySocket);
    client.destroy().catch(() => {});
  }
}
