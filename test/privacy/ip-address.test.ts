/** One spelling per address, so hashing and data requests see the same visitor (pure functions). */
import { describe, expect, it } from 'vitest';
import { canonicalIp } from '../../src/privacy/ip-address.js';
import { optOutId, visitorHash } from '../../src/privacy/visitor-hasher.js';

describe('canonicalIp', () => {
  it.each([
    ['2001:0db8:0004:0005:0000:0000:0000:BEEF', '2001:db8:4:5::beef'],
    ['2001:db8:4:5::beef', '2001:db8:4:5::beef'],
    ['[2001:DB8:4:5::BEEF]', '2001:db8:4:5::beef'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['2001:db8::', '2001:db8::'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2:3:4:5:6'],
    // IPv4 clients seen through a dual-stack socket are IPv4 clients.
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:CB00:7107', '203.0.113.7'],
    ['0:0:0:0:0:ffff:203.0.113.7', '203.0.113.7'],
    ['::1.2.3.4', '::102:304'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalIp(input)).toBe(expected);
  });

  it('leaves IPv4 and anything that is not an address as written', () => {
    for (const text of ['203.0.113.7', '10.0.0.1', 'unknown', '', 'host:port', '2001:db8::g']) expect(canonicalIp(text)).toBe(text);
  });
});

describe('hashing sees one address however it is written', () => {
  const salt = Buffer.alloc(32, 7);
  it('visitor hashes and opt-out ids agree across spellings', () => {
    const ua = 'Mozilla/5.0 (X11; Linux x86_64)';
    const spellings = ['2001:0db8:0004:0005:0000:0000:0000:BEEF', '2001:db8:4:5::beef', '[2001:db8:4:5::beef]'];
    expect(new Set(spellings.map((ip) => visitorHash(salt, 'blog', ip, ua))).size).toBe(1);
    expect(new Set(spellings.map((ip) => optOutId(salt, 'blog', ip, ua))).size).toBe(1);
    expect(visitorHash(salt, 'blog', '::ffff:198.51.100.4', ua)).toBe(visitorHash(salt, 'blog', '198.51.100.4', ua));
    expect(visitorHash(salt, 'blog', '2001:db8::1', ua)).not.toBe(visitorHash(salt, 'blog', '2001:db8::2', ua));
  });
});
