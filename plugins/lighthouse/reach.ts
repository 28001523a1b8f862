/**
 * Before Chrome: reach the page's server the way the uptime check does (DNS, TCP, TLS with the
 * monitor's `ca:` or `insecure:`). A server that cannot be reached is down in the same words as
 * everywhere else ("connection refused by 10.0.0.5:443") at once, instead of Lighthouse's interstitial
 * code after seconds of loading. For `ca:`, the key of the certificate trackz verified is what Chrome
 * is told to accept (Chrome has no per-run trust store): only that server's certificate, nothing else.
 */
import { createHash } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { openConnection, type PhaseTracker } from '../../src/core/connect.js';
import { describeNetworkError } from '../../src/core/network-errors.js';

export interface PageTls {
  insecure: boolean;
  /** PEM of the extra CAs from `ca:`. */
  ca?: string;
}

export type Reach = { ok: true; chromeFlags: string[] } | { ok: false; message: string };

/** base64 SHA-256 of the certificate's SubjectPublicKeyInfo: what --ignore-certificate-errors-spki-list takes. */
function spkiHash(socket: TLSSocket): string | undefined {
  const certificate = socket.getPeerX509Certificate();
  if (!certificate) return undefined;
  return createHash('sha256').update(certificate.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
}

/** Chrome flags the audit needs for this page's TLS: none for a publicly trusted certificate. */
export async function reachPage(url: string, tls: PageTls, signal: AbortSignal, timeoutMs: number): Promise<Reach> {
  const target = new URL(url);
  const https = target.protocol === 'https:';
  const host = target.hostname;
  const port = Number(target.port) || (https ? 443 : 80);
  const tracker: PhaseTracker = { phase: 'dns' };
  try {
    const connection = await openConnection(host, port, signal, tracker, https ? { rejectUnauthorized: !tls.insecure, ca: tls.ca } : undefined);
    try {
      if (!https) return { ok: true, chromeFlags: [] };
      if (tls.insecure) return { ok: true, chromeFlags: ['--ignore-certificate-errors'] };
      const spki = tls.ca ? spkiHash(connection.socket as TLSSocket) : undefined;
      return { ok: true, chromeFlags: spki ? [`--ignore-certificate-errors-spki-list=${spki}`] : [] };
    } finally {
      connection.socket.destroy();
    }
  } catch (error) {
    return { ok: false, message: describeNetworkError(error, { phase: tracker.phase, signal, host, port, address: tracker.address, timeoutMs }) };
  }
}
