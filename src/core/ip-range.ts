/**
 * IP addresses and CIDR ranges as text: what the config accepts in `serve.trustedProxies` and what an
 * X-Forwarded-For entry may hold. Strict on purpose (node:net's isIP, no zone ids, no `127.1` or hex
 * forms), so an address that reaches a visitor hash or a rate-limit key is always a plain one.
 */
import { isIP } from 'node:net';

export const IP_RANGE_EXPECTED = 'expected an IP address or a CIDR range such as 127.0.0.1, 10.0.0.0/8 or fd00::/8';

export interface IpRange {
  address: string;
  prefix: number;
  family: 4 | 6;
}

/** An IPv4 client on a dual-stack socket (::ffff:a.b.c.d) is that IPv4 address. */
export function unmapIpv4(address: string): string {
  return /^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(address) ? address.slice(7) : address;
}

/** A plain address (`::ffff:` IPv4 unmapped), or undefined when the text is not exactly one. */
export function plainAddress(text: string): string | undefined {
  if (text.includes('%')) return undefined;
  const family = isIP(text);
  if (family === 0) return undefined;
  return family === 6 ? unmapIpv4(text) : text;
}

/** `10.0.0.0/8`, `fd00::/8`, or one address (a /32 or /128); a sentence saying what is wrong otherwise. */
export function parseIpRange(text: string): IpRange | string {
  const slash = text.indexOf('/');
  const address = plainAddress(slash === -1 ? text : text.slice(0, slash));
  if (address === undefined) return IP_RANGE_EXPECTED;
  const family = isIP(address) as 4 | 6;
  const max = family === 4 ? 32 : 128;
  if (slash === -1) return { address, prefix: max, family };
  const bits = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return `expected a prefix length from 0 to ${max} after the / of an IPv${family} range`;
  return { address, prefix: Number(bits), family };
}
