/**
 * The client behind trusted proxies, as a pure decision: X-Forwarded-For walked from the right, only
 * from a trusted peer, stopping at the first untrusted address or at a malformed entry.
 */
import { describe, expect, it } from 'vitest';
import { parseIpRange } from '../../../src/core/ip-range.js';
import { forwardedClient, hopAddress, NO_PROXY_TRUST, proxyTrust } from '../../../src/server/http/proxy-trust.js';

const local = proxyTrust(['127.0.0.1']);
const lan = proxyTrust(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);

describe('forwardedClient', () => {
  it('ignores the header entirely from a peer that is not a trusted proxy (no spoofing)', () => {
    expect(forwardedClient('203.0.113.9', '1.2.3.4', local)).toBe('203.0.113.9');
    expect(forwardedClient('203.0.113.9', '1.2.3.4, 127.0.0.1', local)).toBe('203.0.113.9');
    expect(forwardedClient('127.0.0.1', '1.2.3.4', NO_PROXY_TRUST)).toBe('127.0.0.1');
  });

  it('takes the nearest address from a trusted peer, not the leftmost one a client wrote', () => {
    expect(forwardedClient('127.0.0.1', '198.51.100.7', local)).toBe('198.51.100.7');
    // The browser sent "X-Forwarded-For: 6.6.6.6"; nginx appended the address it saw.
    expect(forwardedClient('127.0.0.1', '6.6.6.6, 198.51.100.7', local)).toBe('198.51.100.7');
  });

  it('skips every trusted hop of a chain', () => {
    expect(forwardedClient('127.0.0.1', '6.6.6.6, 198.51.100.7, 10.1.2.3, 10.0.0.1', lan)).toBe('198.51.100.7');
    // Several header lines read as one list, the last line nearest.
    expect(forwardedClient('127.0.0.1', ['6.6.6.6, 198.51.100.7', '10.0.0.1'], lan)).toBe('198.51.100.7');
  });

  it('gives the leftmost address when every hop is trusted, and the peer when there is no header', () => {
    expect(forwardedClient('127.0.0.1', '10.9.9.9, 10.0.0.1', lan)).toBe('10.9.9.9');
    expect(forwardedClient('127.0.0.1', undefined, lan)).toBe('127.0.0.1');
    expect(forwardedClient('127.0.0.1', '', lan)).toBe('127.0.0.1');
  });

  it('stops at a malformed entry and keeps the last good address, never the garbage', () => {
    expect(forwardedClient('127.0.0.1', 'unknown', local)).toBe('127.0.0.1');
    expect(forwardedClient('127.0.0.1', '1.2.3.4, <script>, 10.0.0.1', lan)).toBe('10.0.0.1');
    expect(forwardedClient('127.0.0.1', '1.2.3.4,,10.0.0.1', lan)).toBe('10.0.0.1');
    for (const bad of ['127.1', '0x7f.0.0.1', '1.2.3.4.5', '256.1.1.1', 'fe80::1%eth0', '_hidden', '1.2.3.4 5.6.7.8']) {
      expect(forwardedClient('127.0.0.1', bad, local), bad).toBe('127.0.0.1');
    }
  });

  it('reads IPv6 peers and hops, and IPv4-mapped IPv6 as IPv4', () => {
    const v6 = proxyTrust(['::1', 'fd00::/8']);
    expect(forwardedClient('::1', '2001:db8::42, fd12:3456::1', v6)).toBe('2001:db8::42');
    expect(forwardedClient('::1', '[2001:db8::42]:443', v6)).toBe('2001:db8::42');
    expect(forwardedClient('2001:db8::1', '198.51.100.7', v6)).toBe('2001:db8::1');
    // A mapped hop is its IPv4 address, for the hash and for the IPv4 ranges.
    expect(forwardedClient('127.0.0.1', '::ffff:198.51.100.7', local)).toBe('198.51.100.7');
    expect(forwardedClient('127.0.0.1', '198.51.100.7, ::ffff:10.0.0.5', lan)).toBe('198.51.100.7');
  });

  it('reads the port some load balancers add', () => {
    expect(forwardedClient('127.0.0.1', '198.51.100.7:51234', local)).toBe('198.51.100.7');
    expect(hopAddress(' [::1] ')).toBe('::1');
    expect(hopAddress('1.2.3.4:')).toBeUndefined();
    expect(hopAddress('[1.2.3.4]:80')).toBeUndefined();
  });
});

describe('proxyTrust ranges', () => {
  it('matches CIDR edges exactly', () => {
    const trust = proxyTrust(['192.168.1.0/24', '2001:db8::/127', '203.0.113.5']);
    expect(trust.trusts('192.168.1.0')).toBe(true);
    expect(trust.trusts('192.168.1.255')).toBe(true);
    expect(trust.trusts('192.168.0.255')).toBe(false);
    expect(trust.trusts('192.168.2.0')).toBe(false);
    expect(trust.trusts('2001:db8::1')).toBe(true);
    expect(trust.trusts('2001:db8::2')).toBe(false);
    expect(trust.trusts('203.0.113.5')).toBe(true);
    expect(trust.trusts('203.0.113.6')).toBe(false);
    expect(trust.trusts('not an address')).toBe(false);
  });

  it('masks host bits of a range the way its prefix says, and /0 trusts every address of the family', () => {
    expect(proxyTrust(['10.1.2.3/8']).trusts('10.200.0.1')).toBe(true);
    const everyV4 = proxyTrust(['0.0.0.0/0']);
    expect(everyV4.trusts('8.8.8.8')).toBe(true);
    expect(everyV4.trusts('2001:db8::1')).toBe(false);
  });

  it('parses what the config accepts and says what is wrong otherwise', () => {
    expect(parseIpRange('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 4 });
    expect(parseIpRange('::1')).toEqual({ address: '::1', prefix: 128, family: 6 });
    expect(parseIpRange('::ffff:127.0.0.1')).toEqual({ address: '127.0.0.1', prefix: 32, family: 4 });
    expect(parseIpRange('10.0.0.0/33')).toMatch(/prefix length from 0 to 32/);
    expect(parseIpRange('fd00::/129')).toMatch(/prefix length from 0 to 128/);
    expect(parseIpRange('10.0.0.0/')).toMatch(/prefix length/);
    expect(parseIpRange('localhost')).toMatch(/expected an IP address or a CIDR range/);
  });
});
