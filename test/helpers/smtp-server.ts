/**
 * The real `smtp-server` package as the peer of the smtp check, configured per test case: STARTTLS or
 * implicit TLS with a given certificate, AUTH users, and the faults a check must explain (a silent or
 * refusing greeting, a drop right after EHLO, TLS versions the client refuses). Everything started here
 * is closed by `close()`.
 */
import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface SmtpServerCase {
  /** Certificate for STARTTLS / implicit TLS; without it STARTTLS is hidden. */
  tls?: { key: string; cert: string };
  /** Implicit TLS (SMTPS, port 465 style). */
  secure?: boolean;
  /** Do not offer STARTTLS even though TLS is configured. */
  hideStarttls?: boolean;
  /** AUTH users (name → password); AUTH is offered with PLAIN and LOGIN when set. */
  users?: Record<string, string>;
  /** Offer AUTH before TLS too. */
  allowInsecureAuth?: boolean;
  /** `silent`: accept and never greet; or a refusing greeting such as { code: 554, message: 'go away' }. */
  greeting?: 'silent' | { code: number; message: string };
  /** Close the connection right after answering EHLO. */
  dropAfterEhlo?: boolean;
  /** The highest TLS version the server accepts (TLSv1 makes a modern client's handshake fail). */
  maxTlsVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  size?: number;
  host?: string;
  /** Port to listen on; default: any free one. */
  port?: number;
}

export interface RunningSmtpServer {
  host: string;
  port: number;
  /** AUTH attempts seen, for asserting what the client sent (user and method only). */
  authAttempts: { method: string; username: string }[];
  close(): Promise<void>;
}

export async function startSmtpServer(options: SmtpServerCase = {}): Promise<RunningSmtpServer> {
  const host = options.host ?? '127.0.0.1';
  const authAttempts: RunningSmtpServer['authAttempts'] = [];
  const sockets = new Set<Socket>();
  const config: SMTPServerOptions = {
    logger: false,
    disableReverseLookup: true,
    closeTimeout: 100,
    secure: Boolean(options.secure),
    hideSTARTTLS: options.hideStarttls || !options.tls,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: true,
    disabledCommands: options.users ? [] : ['AUTH'],
    allowInsecureAuth: Boolean(options.allowInsecureAuth),
    size: options.size,
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    ...(options.maxTlsVersion ? { maxVersion: options.maxTlsVersion, minVersion: 'TLSv1' } : {}),
    onConnect(_session, callback) {
      const greeting = options.greeting;
      if (greeting === 'silent') return; // the callback is never called: no banner
      if (greeting) return callback(Object.assign(new Error(greeting.message), { responseCode: greeting.code }));
      callback();
    },
    onAuth(auth, _session, callback) {
      authAttempts.push({ method: auth.method, username: auth.username ?? '' });
      const expected = options.users?.[auth.username ?? ''];
      if (expected !== undefined && expected === auth.password) return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
  } as SMTPServerOptions;
  const server = new SMTPServer(config);
  server.on('error', () => {});
  // The raw sockets: tracked to close them, and watched to drop the connection after EHLO.
  const raw = (server as unknown as { server: import('node:net').Server }).server;
  raw.prependListener('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (options.dropAfterEhlo) {
      const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
      socket.write = ((chunk: unknown, ...rest: unknown[]) => {
        const result = write(chunk, ...rest);
        if (/^250-/.test(String(chunk))) setImmediate(() => socket.destroy());
        return result;
      }) as typeof socket.write;
    }
  });
  await new Promise<void>((resolve, reject) => {
    raw.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (raw.address() as { port: number }).port;
  return {
    host,
    port,
    authAttempts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
