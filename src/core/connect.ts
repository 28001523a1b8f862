/**
 * How every check reaches a server: DNS, TCP and optionally TLS, each phase timed, the whole thing
 * abortable. uptime, ssl, tcp and smtp all open their sockets here, so "connect" means the same
 * thing in every report.
 */
import { readFileSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, createSecureContext, rootCertificates, type SecureContext, type TLSSocket } from 'node:tls';
import { resolve } from 'node:path';
import { CheckSetupError } from './errors.js';
import type { PreflightProblem } from './plugin.js';
import { Stopwatch, type Phase, type PhaseTimings } from './timing.js';

export interface TlsOptions {
  servername?: string;
  /** Fail the handshake on an untrusted or mismatched certificate (true), or inspect it afterwards (false). */
  rejectUnauthorized: boolean;
  /** Extra trusted CA certificates (PEM), added to the system roots. */
  ca?: string;
  alpn?: string[];
}

export interface Connection<S extends Socket = Socket> {
  socket: S;
  address: string;
  timings: PhaseTimings;
  clock: Stopwatch;
}

/** Tracks which phase a connection is in, so a failure or timeout can name it. */
export interface PhaseTracker {
  phase: Phase;
  address?: string;
}

/** Resolves on `event`, rejects if the socket errors or closes first. */
export function socketEvent(socket: Socket, event: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      socket.off(event, onEvent);
      socket.off('error', onError);
      socket.off('close', onClose);
    };
    const onEvent = () => {
      cleanup();
      resolve();
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(Object.assign(new Error('the server closed the connection'), { code: 'ECONNRESET' }));
    };
    socket.once(event, onEvent);
    socket.once('error', onError);
    socket.once('close', onClose);
  });
}

/** Rejects with the signal's reason as soon as it aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export function trustedCas(extra?: string): string[] | undefined {
  return extra ? [...rootCertificates, extra] : undefined;
}

const caFiles = new Map<string, string>();

/**
 * The PEM of a `ca:` option, read once per process (a check run reads it for every monitor and retry).
 * A file that cannot be read makes the check `unknown` with a message that names it.
 */
export function readCaFile(configDir: string, path: string | undefined): string | undefined {
  if (!path) return undefined;
  const file = resolve(configDir, path);
  let pem = caFiles.get(file);
  if (pem === undefined) {
    try {
      pem = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (code ?? (error as Error).message);
      throw new CheckSetupError(`cannot read the CA file ${path}: ${why}`);
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new CheckSetupError(`the CA file ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
    caFiles.set(file, pem);
  }
  return pem;
}

/** `trackz validate`: a `ca:` file that cannot be read, as a preflight problem (see Plugin.preflight). */
export function caFilePreflight(configDir: string, path: string | undefined): PreflightProblem[] {
  try {
    readCaFile(configDir, path);
    return [];
  } catch (error) {
    if (!(error instanceof CheckSetupError)) throw error;
    return [{ path: ['ca'], message: error.message, hint: `paths are relative to the config file (${configDir})` }];
  }
}

/**
 * One TLS context per extra CA bundle, built once: a context holding the ~140 system roots plus the
 * extra CA costs ~45 ms of CPU to build (measured), which per connection capped `ca:` checks near 25/s.
 */
const contextsByCa = new Map<string, SecureContext>();

export function secureContextFor(extra: string): SecureContext {
  let context = contextsByCa.get(extra);
  if (!context) {
    context = createSecureContext({ ca: trustedCas(extra) });
    contextsByCa.set(extra, context);
  }
  return context;
}

/** Upgrades a connected socket to TLS (implicit TLS, or after STARTTLS). */
export async function upgradeToTls(socket: Socket, host: string, options: TlsOptions, signal: AbortSignal): Promise<TLSSocket> {
  // SNI carries names only (RFC 6066); the certificate is still checked against an IP through `host`.
  const name = options.servername ?? host;
  const secure = tlsConnect({
    socket,
    host: name,
    servername: isIP(name) ? undefined : name,
    rejectUnauthorized: options.rejectUnauthorized,
    secureContext: options.ca ? secureContextFor(options.ca) : undefined,
    ALPNProtocols: options.alpn,
  });
  const destroy = () => secure.destroy();
  signal.addEventListener('abort', destroy, { once: true });
  try {
    await socketEvent(secure, 'secureConnect');
  } catch (error) {
    secure.destroy();
    throw error;
  } finally {
    signal.removeEventListener('abort', destroy);
  }
  return secure;
}

/**
 * DNS → TCP (→ TLS). `tracker.phase` is kept current so the caller can describe a failure.
 * On abort the socket is destroyed and the promise rejects with the signal's reason.
 */
export async function openConnection(host: string, port: number, signal: AbortSignal, tracker: PhaseTracker, tls?: TlsOptions): Promise<Connection> {
  const clock = new Stopwatch();
  const timings: PhaseTimings = {};
  tracker.phase = 'dns';
  let address = host.replace(/^\[|\]$/g, '');
  let family = isIP(address);
  if (!family) {
    const found = await abortable(lookup(address), signal);
    address = found.address;
    family = found.family;
  }
  timings.dns = clock.lap();
  tracker.phase = 'connect';
  tracker.address = address;
  const socket = netConnect({ host: address, port, family, noDelay: true });
  const destroy = () => socket.destroy();
  signal.addEventListener('abort', destroy, { once: true });
  try {
    await abortable(socketEvent(socket, 'connect'), signal);
    timings.connect = clock.lap();
    if (!tls) return { socket, address, timings, clock };
    tracker.phase = 'tls';
    const secure = await abortable(upgradeToTls(socket, host, tls, signal), signal);
    timings.tls = clock.lap();
    return { socket: secure, address, timings, clock };
  } catch (error) {
    socket.destroy();
    throw error;
  } finally {
    signal.removeEventListener('abort', destroy);
  }
}
