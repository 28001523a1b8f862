/**
 * One spelling per address, so a visitor hashes and is found the same however the address was
 * written: `2001:0DB8:0004:0005:0000:0000:0000:BEEF`, `2001:db8:4:5::beef` and `[2001:db8:4:5::beef]`
 * are one visitor, and so are `::ffff:203.0.113.7` (an IPv4 client on a dual-stack socket) and
 * `203.0.113.7`. IPv6 takes the RFC 5952 form (lower case, no leading zeros, the longest run of zero
 * groups as `::`); an IPv4-mapped address becomes its IPv4 form. Anything that is not an address is
 * returned as it was: it is hashed as written, as before.
 *
 * Runs for every log line, so IPv4 — nearly every line — costs one indexOf.
 */
import { isIPv6 } from 'node:net';

/** Eight 16-bit groups of a valid IPv6 text (an embedded IPv4 tail included). */
function ipv6Groups(text: string): number[] {
  let address = text;
  const tail: number[] = [];
  const lastColon = address.lastIndexOf(':');
  if (address.indexOf('.', lastColon) >= 0) {
    const [a = 0, b = 0, c = 0, d = 0] = address.slice(lastColon + 1).split('.').map(Number);
    tail.push((a << 8) | b, (c << 8) | d);
    address = address.slice(0, lastColon + 1);
    if (!address.endsWith('::')) address = address.slice(0, -1);
  }
  const parse = (side: string) => (side === '' ? [] : side.split(':').map((group) => Number.parseInt(group, 16)));
  const gap = address.indexOf('::');
  if (gap < 0) return [...parse(address), ...tail];
  const left = parse(address.slice(0, gap));
  const right = parse(address.slice(gap + 2));
  const zeros = new Array<number>(8 - left.length - right.length - tail.length).fill(0);
  return [...left, ...zeros, ...right, ...tail];
}

/** RFC 5952 section 4: the longest run of two or more zero groups (the first of equal runs) becomes `::`. */
function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** The one spelling of an address as logged or typed; text that is not an address comes back unchanged. */
export function canonicalIp(text: string): string {
  // IPv4 (and anything else without a colon) is kept as written.
  if (text.indexOf(':') < 0) return text;
  let address = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  // A zone (`fe80::1%eth0`) names an interface of the machine that logged it, not the visitor.
  const zone = address.indexOf('%');
  if (zone >= 0) address = address.slice(0, zone);
  if (!isIPv6(address)) return text;
  const groups = ipv6Groups(address.toLowerCase());
  // ::ffff:a.b.c.d is an IPv4 client seen through an IPv6 socket.
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return `${groups[6]! >> 8}.${groups[6]! & 0xff}.${groups[7]! >> 8}.${groups[7]! & 0xff}`;
  }
  return formatIpv6(groups);
}
