/**
 * A misbehaving web server for the tests: written on raw sockets so it can do what a real server
 * must never do (hang, reset, drip, lie about chunk sizes). Every route is bounded: nothing here
 * runs once the test closes the server.
 */
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

export interface FaultServer {
  port: number;
  url: string;
  /** Sockets accepted so far (for "the checker closed its connection" assertions). */
  connections(): number;
  close(): Promise<void>;
}

const CRLF = '\r\n';

function head(status: number, reason: string, headers: Record<string, string | number>): string {
  return `HTTP/1.1 ${status} ${reason}${CRLF}${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}${CRLF}`)
    .join('')}${CRLF}`;
}

function respond(socket: Socket, status: number, body: string, headers: Record<string, string | number> = {}): void {
  socket.end(head(status, status === 200 ? 'OK' : 'Status', { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body), connection: 'close', ...headers }) + body);
}

/** Routes by path. Each handler owns the socket from the moment the request head has arrived. */
function route(socket: Socket, path: string, timers: Set<NodeJS.Timeout>): void {
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  const status = /^\/status\/(\d{3})$/.exec(path);
  if (status) return respond(socket, Number(status[1]), `status ${status[1]}`);
  const chain = /^\/redirect\/(\d+)$/.exec(path);
  if (chain) {
    const n = Number(chain[1]);
    return n <= 0 ? respond(socket, 200, 'arrived') : respond(socket, 302, '', { location: `/redirect/${n - 1}` });
  }
  switch (path) {
    case '/ok':
      return respond(socket, 200, 'hello trackz');
    case '/json':
      return respond(socket, 200, JSON.stringify({ status: 'ok', items: [1, 2, 3], version: '1.2.3' }), { 'content-type': 'application/json' });
    case '/hang-headers':
      return; // the request is read, nothing is ever sent
    case '/hang-body':
      socket.write(head(200, 'OK', { 'content-length': 1000 }) + 'only ten b');
      return; // promised 1000 bytes, sent 10, then silence
    case '/close-mid':
      socket.end(head(200, 'OK', { 'content-length': 1000 }) + 'only ten b');
      return;
    case '/reset':
      socket.resetAndDestroy();
      return;
    case '/drip': {
      socket.write(head(200, 'OK', { 'content-length': 100_000 }));
      const drip = () => {
        if (socket.destroyed) return;
        socket.write('.');
        later(200, drip);
      };
      drip();
      return;
    }
    case '/huge': {
      const size = 100 * 1024 * 1024;
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      socket.write(head(200, 'OK', { 'content-length': size, 'content-type': 'text/plain' }));
      const pump = () => {
        while (sent < size && !socket.destroyed) {
          sent += chunk.length;
          if (!socket.write(chunk)) return void socket.once('drain', pump);
        }
        socket.end();
      };
      pump();
      return;
    }
    case '/loop-a':
      return respond(socket, 302, '', { location: '/loop-b' });
    case '/loop-b':
      return respond(socket, 302, '', { location: '/loop-a' });
    case '/bad-chunked':
      socket.end(head(200, 'OK', { 'transfer-encoding': 'chunked' }) + `5${CRLF}hello${CRLF}zz${CRLF}garbage${CRLF}0${CRLF}${CRLF}`);
      return;
    case '/not-http':
      socket.end('SSH-2.0-OpenSSH_9.2\r\n');
      return;
    default:
      return respond(socket, 404, 'not found');
  }
}

function attach(server: Server, timers: Set<NodeJS.Timeout>, sockets: Set<Socket>, counter: { n: number }, event: 'connection' | 'secureConnection'): void {
  server.on(event, (socket: Socket) => {
    counter.n++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = '';
    const onData = (data: Buffer) => {
      buffered += data.toString('latin1');
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      const path = buffered.split(' ')[1] ?? '/';
      route(socket, path, timers);
    };
    socket.on('data', onData);
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

function closer(server: Server, timers: Set<NodeJS.Timeout>, sockets: Set<Socket>) {
  return async () => {
    for (const timer of timers) clearTimeout(timer);
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

export async function startFaultServer(): Promise<FaultServer> {
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  const counter = { n: 0 };
  const server = createNetServer();
  attach(server, timers, sockets, counter, 'connection');
  const port = await listen(server);
  return { port, url: `http://127.0.0.1:${port}`, connections: () => counter.n, close: closer(server, timers, sockets) };
}

/** The same routes over TLS with the given certificate chain (PEM, leaf first). */
export async function startTlsFaultServer(tls: { key: string; cert: string }): Promise<FaultServer> {
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  const counter = { n: 0 };
  const server = createTlsServer({ key: tls.key, cert: tls.cert });
  server.on('tlsClientError', () => {});
  attach(server, timers, sockets, counter, 'secureConnection');
  const port = await listen(server);
  return { port, url: `https://localhost:${port}`, connections: () => counter.n, close: closer(server, timers, sockets) };
}
