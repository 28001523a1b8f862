/**
 * Where a request comes from: the one answer every address-based decision of `trackz serve` uses (the
 * beacon's visitor hash, country and rate limit, the miss throttle, /metrics' loopback rule). The
 * socket peer, unless that peer is a trusted proxy: then the client it forwarded for (proxy-trust.ts).
 */
import type { IncomingMessage } from 'node:http';
import { unmapIpv4 } from '../../core/ip-range.js';
import { forwardedClient, type ProxyTrust } from './proxy-trust.js';

/** The socket peer, `::ffff:` IPv4 unmapped. */
function peerAddress(req: IncomingMessage): string {
  return unmapIpv4(req.socket.remoteAddress ?? '');
}

/** `trust` is required so no caller can forget it: NO_PROXY_TRUST where no proxy is configured. */
export function clientAddress(req: IncomingMessage, trust: ProxyTrust): string {
  return forwardedClient(peerAddress(req), req.headers['x-forwarded-for'], trust);
}

/**
 * Did a proxy we do not trust forward this request? A local nginx or Caddy in front without
 * `serve.trustedProxies` connects from 127.0.0.1 for everyone, so loopback-only routes (/metrics)
 * must not take such a request as this machine's own.
 */
export function forwardedByUntrustedProxy(req: IncomingMessage, trust: ProxyTrust): boolean {
  const { headers } = req;
  const forwarded = headers['x-forwarded-for'] !== undefined || headers.forwarded !== undefined || headers['x-real-ip'] !== undefined;
  return forwarded && !trust.trusts(peerAddress(req));
}

/** 127.0.0.0/8 and ::1: this machine. */
export function isLoopback(address: string): boolean {
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}
