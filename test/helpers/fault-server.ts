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
  /** Each /huge response so far: bytes handed to the socket, and whether the client hung up. */
  hugeTransfers(): HugeTransfer[];
  /** Connections still open now (a client that leaks sockets keeps this above 0). */
  openConnections(): number;
  close(): Promise<void>;
}

export interface HugeTransfer {
  sent: number;
  closed: boolean;
}

/** The credentials /basic-auth and /bearer-auth accept. */
export const FAULT_CREDENTIALS = { user: 'trackz-user', pass: 'open-sesame-4242', bearer: 'tok-7f3a9c-secret' } as const;

/** What the server knows about one request: enough for routes that echo or check it. */
interface Request {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

interface State {
  timers: Set<NodeJS.Timeout>;
  huge: HugeTransfer[];
}

function parseRequest(raw: string): Request {
  const [head = '', body = ''] = [raw.slice(0, raw.indexOf('\r\n\r\n')), raw.slice(raw.indexOf('\r\n\r\n') + 4)];
  const [requestLine = '', ...lines] = head.split('\r\n');
  const [method = 'GET', path = '/'] = requestLine.split(' ');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { method, path, headers, body };
}

const CRLF = '\r\n';

function head(status: number, reason: string, headers: Record<string, string | number>): string {
  return `HTTP/1.1 ${status} ${reason}${CRLF}${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}${CRLF}`)
    .join('')}${CRLF}`;
}

function sendResponse(socket: Socket, status: number, body: string, headers: Record<string, string | number>, isHead: boolean): void {
  // 1xx, 204 and 304 have no body; sending one would be a protocol error of the test's own making.
  if (status < 200 || status === 204 || status === 304) return void socket.end(head(status, 'Status', { connection: 'close', ...headers }));
  // A HEAD response says how long the body would be, and sends none.
  socket.end(head(status, status === 200 ? 'OK' : 'Status', { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body), connection: 'close', ...headers }) + (isHead ? '' : body));
}

/** Routes by path. Each handler owns the socket from the moment the request head has arrived. */
function route(socket: Socket, request: Request, state: State): void {
  const { path } = request;
  const { timers } = state;
  const respond = (to: Socket, status: number, body: string, headers: Record<string, string | number> = {}) => sendResponse(to, status, body, headers, request.method === 'HEAD');
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  const status = /^\/status\/(\d{3})$/.exec(path);
  if (status) return respond(socket, Number(status[1]), `status ${status[1]}`);
  const sleep = /^\/sleep\/(\d+)$/.exec(path);
  if (sleep) return later(Number(sleep[1]), () => respond(socket, 200, `slept ${sleep[1]}ms`));
  const redirectWith = /^\/redirect-with\/(\d{3})$/.exec(path);
  if (redirectWith) return respond(socket, Number(redirectWith[1]), '', { location: '/echo' });
  const redirectTo = /^\/redirect-to\/([\w-]+)$/.exec(path);
  if (redirectTo) return respond(socket, 302, '', { location: `/${redirectTo[1]}` });
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
    case '/echo':
      return respond(socket, 200, JSON.stringify({ method: request.method, headers: request.headers, body: request.body }), { 'content-type': 'application/json' });
    case '/headers':
      return respond(socket, 200, 'with headers', { 'cache-control': 'no-store', 'x-trackz': 'Yes', 'set-cookie': 'a=1', 'strict-transport-security': 'max-age=63072000' });
    case '/basic-auth': {
      const expected = `Basic ${Buffer.from(`${FAULT_CREDENTIALS.user}:${FAULT_CREDENTIALS.pass}`).toString('base64')}`;
      return request.headers.authorization === expected ? respond(socket, 200, 'welcome') : respond(socket, 401, 'who are you?', { 'www-authenticate': 'Basic realm="trackz"' });
    }
    case '/bearer-auth':
      return request.headers.authorization === `Bearer ${FAULT_CREDENTIALS.bearer}` ? respond(socket, 200, 'welcome') : respond(socket, 401, 'who are you?', { 'www-authenticate': 'Bearer' });
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
      const transfer: HugeTransfer = { sent: 0, closed: false };
      state.huge.push(transfer);
      socket.on('close', () => (transfer.closed = true));
      socket.write(head(200, 'OK', { 'content-length': size, 'content-type': 'text/plain' }));
      const pump = () => {
        while (transfer.sent < size && !socket.destroyed) {
          transfer.sent += chunk.length;
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
    case '/bad-redirect':
      return respond(socket, 302, '', { location: 'http://[::1' });
    case '/redirect-ftp':
      return respond(socket, 301, '', { location: 'ftp://files.example.com/pub' });
    case '/huge-headers':
      socket.end(head(200, 'OK', { 'x-padding': 'p'.repeat(100 * 1024), 'content-length': 2 }) + 'ok');
      return;
    case '/no-content-with-body':
      socket.end(head(204, 'No Content', { 'content-length': 10 }) + 'ten bytes!');
      return;
    case '/not-http':
      socket.end('SSH-2.0-OpenSSH_9.2\r\n');
      return;
    case '/two-content-lengths':
      socket.end(`HTTP/1.1 200 OK${CRLF}Content-Length: 5${CRLF}Content-Length: 6${CRLF}${CRLF}hello!`);
      return;
    case '/two-equal-content-lengths':
      socket.end(`HTTP/1.1 200 OK${CRLF}Content-Length: 5${CRLF}Content-Length: 5${CRLF}${CRLF}hello`);
      return;
    case '/length-and-chunked':
      socket.end(`HTTP/1.1 200 OK${CRLF}Content-Length: 5${CRLF}Transfer-Encoding: chunked${CRLF}${CRLF}5${CRLF}hello${CRLF}0${CRLF}${CRLF}`);
      return;
    case '/hostile': {
      // What a hostile or broken target sends back: an 8-bit CSI and a bidi override in a header,
      // terminal escapes in a JSON value (JSON escapes them), a body that defeats backtracking regexes.
      const body = JSON.stringify({ status: '\x1b]0;pwned\x07\x1b[2Jok\u202e', padding: 'a'.repeat(40) });
      const headers = head(200, 'OK', { 'content-type': 'application/json', 'x-version': '\x9b31m1.0\x9b0m', 'content-length': Buffer.byteLength(body), connection: 'close' });
      socket.end(Buffer.concat([Buffer.from(headers, 'latin1'), Buffer.from(body, 'utf8')]));
      return;
    }
    case '/aaaa':
      return respond(socket, 200, `${'a'.repeat(40)}!`);
    default:
      return respond(socket, 404, 'not found');
  }
}

function attach(server: Server, state: State, sockets: Set<Socket>, counter: { n: number }, event: 'connection' | 'secureConnection'): void {
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
      const request = parseRequest(buffered);
      // A request body (bounded: tests send small ones) is read before routing, so /echo can show it.
      if (Buffer.byteLength(request.body, 'latin1') < Math.min(Number(request.headers['content-length'] ?? 0), 1 << 20)) return;
      socket.off('data', onData);
      route(socket, request, state);
    };
    socket.on('data', onData);
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

function closer(server: Server, { timers }: State, sockets: Set<Socket>) {
  return async () => {
    for (const timer of timers) clearTimeout(timer);
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

export async function startFaultServer(): Promise<FaultServer> {
  const state: State = { timers: new Set(), huge: [] };
  const sockets = new Set<Socket>();
  const counter = { n: 0 };
  const server = createNetServer();
  attach(server, state, sockets, counter, 'connection');
  const port = await listen(server);
  return { port, url: `http://127.0.0.1:${port}`, connections: () => counter.n, hugeTransfers: () => state.huge, openConnections: () => sockets.size, close: closer(server, state, sockets) };
}

/** The same routes over TLS with the given certificate chain (PEM, leaf first). */
export async function startTlsFaultServer(tls: { key: string; cert: string }): Promise<FaultServer> {
  const state: State = { timers: new Set(), huge: [] };
  const sockets = new Set<Socket>();
  const counter = { n: 0 };
  const server = createTlsServer({ key: tls.key, cert: tls.cert });
  server.on('tlsClientError', () => {});
  // Count and close raw TCP connections too: a client that fails the handshake never reaches secureConnection.
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  attach(server, state, sockets, counter, 'secureConnection');
  const port = await listen(server);
  return { port, url: `https://localhost:${port}`, connections: () => counter.n, hugeTransfers: () => state.huge, openConnections: () => sockets.size, close: closer(server, state, sockets) };
}

/**
 * A server that speaks another protocol: it sends `banner` as soon as a client connects (as SSH and
 * SMTP servers do) and closes after `closeAfterMs`. For "this port is not HTTP / not TLS" cases.
 */
export async function startBannerServer(banner: string, closeAfterMs = 5000): Promise<FaultServer> {
  const state: State = { timers: new Set(), huge: [] };
  const sockets = new Set<Socket>();
  const counter = { n: 0 };
  const server = createNetServer((socket) => {
    counter.n++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.write(banner);
    const timer = setTimeout(() => {
      state.timers.delete(timer);
      socket.end();
    }, closeAfterMs);
    state.timers.add(timer);
  });
  const port = await listen(server);
  return { port, url: `http://127.0.0.1:${port}`, connections: () => counter.n, hugeTransfers: () => state.huge, openConnections: () => sockets.size, close: closer(server, state, sockets) };
}
