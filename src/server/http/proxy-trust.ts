/**
 * Which client a request is for, behind reverse proxies (`serve.trustedProxies`). The rule Express's
 * proxy-addr, Caddy's trusted_proxies and Plausible follow: believe X-Forwarded-For only when the
 * socket peer is a proxy we run, and read it from the right (each proxy appends the address it was
 * reached from), skipping our own proxies; the first address that is not one is the client. Whatever
 * lies further left was written by the client and proves nothing.
 *
 * Not proxy-addr itself: it returns a malformed entry (`unknown`, `evil`) as the client, where a
 * visitor hash or a rate-limit key must only ever get an address; node:net's BlockList does the
 * CIDR matching (IPv4, IPv6, and IPv4-mapped IPv6 against IPv4 ranges).
 */
import { BlockList, isIP } from 'node:net';
import { parseIpRange, plainAddress } from '../../core/ip-range.js';

export interface ProxyTrust {
  /** The ranges as configured, for the startup log. */
  readonly ranges: readonly string[];
  trusts(address: string): boolean;
}

/** Trusts nobody: every client is its socket peer (the default, and the beacon on its own). */
export const NO_PROXY_TRUST: ProxyTrust = { ranges: [], trusts: () => false };

/** The matcher for validated ranges (the config checked them; one that is not a range is an error here). */
export function proxyTrust(ranges: readonly string[]): ProxyTrust {
  if (ranges.length === 0) return NO_PROXY_TRUST;
  const list = new BlockList();
  for (const text of ranges) {
    const range = parseIpRange(text);
    if (typeof range === 'string') throw new Error(`trusted proxy "${text}": ${range}`);
    list.addSubnet(range.address, range.prefix, range.family === 4 ? 'ipv4' : 'ipv6');
  }
  return { ranges: [...ranges], trusts: (address) => isIP(address) !== 0 && list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6') };
}

/**
 * One X-Forwarded-For entry as an address: `1.2.3.4`, `2001:db8::1`, or with the port some load
 * balancers add (`1.2.3.4:5678`, `[2001:db8::1]:5678`). Undefined for anything else (`unknown`,
 * an obfuscated id, an empty entry).
 */
export function hopAddress(entry: string): string | undefined {
  const text = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) return isIP(bracketed[1]!) === 6 ? plainAddress(bracketed[1]!) : undefined;
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(text);
  return plainAddress(withPort ? withPort[1]! : text);
}

/**
 * The client of a request whose socket peer is `peer` (already a plain address) and whose
 * X-Forwarded-For is `forwardedFor` (one header, or several, which read as one list). From an
 * untrusted peer the header is ignored. A malformed entry ends the walk: the client is then the last
 * address read, never the entry. When every entry is a trusted proxy, the leftmost is the client.
 */
export function forwardedClient(peer: string, forwardedFor: string | readonly string[] | undefined, trust: ProxyTrust): string {
  if (forwardedFor === undefined || !trust.trusts(peer)) return peer;
  const hops = (typeof forwardedFor === 'string' ? forwardedFor : forwardedFor.join(',')).split(',');
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const address = hopAddress(hops[i]!);
    if (address === undefined) return client;
    client = address;
    if (!trust.trusts(address)) return client;
  }
  return client;
}
