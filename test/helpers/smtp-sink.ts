/**
 * A real SMTP server on 127.0.0.1 (smtp-server) that receives messages and parses them (mailparser),
 * for tests that check what trackz actually sends. Optional AUTH (PLAIN/LOGIN) with one user, and
 * optional STARTTLS with a certificate. It can be started on a fixed port, so a test can take it
 * down and bring it back where trackz expects it.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Server, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Arrivals } from './arrivals.js';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  user?: string;
  secure: boolean;
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpSink {
  port: number;
  messages: ReceivedMail[];
  /** Login attempts refused (wrong user or password). */
  refusedLogins: number;
  /** Resolves once at least `count` messages have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  port?: number;
  auth?: { user: string; pass: string };
  tls?: { key: string; cert: string };
  /** Answer every message with this SMTP error instead of accepting it. */
  reject?: { code: number; message: string };
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const arrivals = new Arrivals<ReceivedMail>('message(s)');
  const messages = arrivals.items;
  let refusedLogins = 0;
  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    authOptional: !options.auth,
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    hideSTARTTLS: !options.tls,
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : { disabledCommands: ['STARTTLS'] }),
    size: 1024 * 1024,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) return callback(null, { user: auth.username });
      refusedLogins++;
      callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (options.reject) {
          const error = Object.assign(new Error(options.reject.message), { responseCode: options.reject.code });
          return callback(error);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            arrivals.push({
              envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) },
              user: session.user as string | undefined,
              secure: session.secure,
              raw,
              parsed,
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  server.on('error', () => {});
  // Tracked so close() never waits on a client that is still connected.
  const sockets = new Set<Socket>();
  const raw = (server as unknown as { server: Server }).server;
  raw.prependListener('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    raw.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (raw.address() as { port: number }).port;
  return {
    port,
    messages,
    get refusedLogins() {
      return refusedLogins;
    },
    waitFor: (count, timeoutMs) => arrivals.waitFor(count, timeoutMs),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port that was free a moment ago (for "the SMTP server is down" and then up on the same port). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
