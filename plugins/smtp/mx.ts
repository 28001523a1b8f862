/**
 * Which hosts receive a domain's mail (RFC 5321 §5.1): its MX records by preference; no MX at all
 * means the domain itself (the "implicit MX"); a single MX of "." is a null MX (RFC 7505): the domain
 * accepts no mail. `resolver` points lookups at one DNS server (`127.0.0.1:5353`), for split-horizon
 * setups and for tests, since nothing outside loopback is reachable there.
 */
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { abortable } from '../../src/core/connect.js';

export interface MailHost {
  name: string;
  preference: number;
}

export type MailHosts = { kind: 'mx'; hosts: MailHost[] } | { kind: 'implicit'; hosts: MailHost[] } | { kind: 'null-mx' };

function makeResolver(server: string | undefined): Resolver {
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  if (server) resolver.setServers([server]);
  return resolver;
}

/** Pure: MX records as the order hosts are tried in. */
export function mailHostsFrom(records: readonly { exchange: string; priority: number }[], domain: string): MailHosts {
  if (records.length === 0) return { kind: 'implicit', hosts: [{ name: domain, preference: 0 }] };
  if (records.length === 1 && (records[0]!.exchange === '' || records[0]!.exchange === '.')) return { kind: 'null-mx' };
  const hosts = records
    .filter((r) => r.exchange !== '' && r.exchange !== '.')
    .map((r) => ({ name: r.exchange.replace(/\.$/, ''), preference: r.priority }))
    .sort((a, b) => a.preference - b.preference || a.name.localeCompare(b.name));
  return { kind: 'mx', hosts };
}

export class DnsLookupError extends Error {
  override name = 'DnsLookupError';
}

function dnsProblem(error: NodeJS.ErrnoException, what: string, server: string | undefined): DnsLookupError {
  const via = server ? ` (asking ${server})` : '';
  switch (error.code) {
    case 'ENOTFOUND':
      return new DnsLookupError(`${what}: the name does not exist (NXDOMAIN)${via}`);
    case 'ETIMEOUT':
    case 'ECONNREFUSED':
      return new DnsLookupError(`${what}: the DNS server did not answer${via}`);
    case 'ESERVFAIL':
      return new DnsLookupError(`${what}: the DNS server failed (SERVFAIL)${via}`);
    case 'ECANCELLED':
      return new DnsLookupError(`${what}: cancelled`);
    default:
      return new DnsLookupError(`${what}: ${error.code ?? error.message}${via}`);
  }
}

export async function resolveMailHosts(domain: string, server: string | undefined, signal: AbortSignal): Promise<MailHosts> {
  const resolver = makeResolver(server);
  const cancel = () => resolver.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    const records = await abortable(resolver.resolveMx(domain), signal).catch((error: NodeJS.ErrnoException) => {
      // No MX records (but the name exists): mail goes to the domain itself.
      if (error.code === 'ENODATA') return [];
      throw dnsProblem(error, `MX lookup for ${domain}`, server);
    });
    return mailHostsFrom(records, domain);
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

/** An address for `name` through the given DNS server (A first, then AAAA). */
export async function resolveAddress(name: string, server: string, signal: AbortSignal): Promise<string> {
  if (isIP(name)) return name;
  const resolver = makeResolver(server);
  const cancel = () => resolver.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    for (const family of ['resolve4', 'resolve6'] as const) {
      try {
        const addresses = await abortable(resolver[family](name), signal);
        if (addresses[0]) return addresses[0];
      } catch (error) {
        const err = error as NodeJS.ErrnoException;
        // ENODATA for A may still leave AAAA; anything else (NXDOMAIN, no answer) settles it.
        if (err.code !== 'ENODATA') throw dnsProblem(err, `address lookup for ${name}`, server);
      }
    }
    throw new DnsLookupError(`address lookup for ${name}: no A or AAAA record (asking ${server})`);
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}
