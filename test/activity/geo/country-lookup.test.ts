import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { geoDatabasePath, loadCountryLookup } from '../../../src/activity/geo/country-lookup.js';
import { writeMmdb } from '../../helpers/mmdb-writer.js';

describe('country lookup', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trackz-geo-'));

  it('reads a test database whose ranges cover 127.0.0.0/8 (IPv4, mapped and IPv6 networks)', async () => {
    const path = writeMmdb(join(dir, 'test.mmdb'), [
      { cidr: '127.0.0.0/8', country: 'NZ' },
      { cidr: '10.1.0.0/16', country: 'IS' },
      { cidr: '2001:db8::/32', country: 'JP' },
    ]);
    const countryOf = await loadCountryLookup(path);
    expect(countryOf('127.0.0.1')).toBe('NZ');
    expect(countryOf('127.200.3.4')).toBe('NZ');
    expect(countryOf('::ffff:127.0.0.1')).toBe('NZ');
    expect(countryOf('10.1.255.255')).toBe('IS');
    expect(countryOf('10.2.0.1')).toBe('');
    expect(countryOf('2001:db8:4::beef')).toBe('JP');
    expect(countryOf('::1')).toBe('');
    expect(countryOf('not an address')).toBe('');
  });

  it('reads the bundled DB-IP country database by default', async () => {
    const countryOf = await loadCountryLookup(geoDatabasePath(undefined, dir));
    expect(countryOf('8.8.8.8')).toBe('US');
    expect(countryOf('127.0.0.1')).toBe('');
    expect(geoDatabasePath({ database: 'none' }, dir)).toBeUndefined();
    expect(geoDatabasePath({ database: 'geo/GeoLite2-Country.mmdb' }, dir)).toBe(join(dir, 'geo/GeoLite2-Country.mmdb'));
  });

  it('names the file when it is missing or not an .mmdb', async () => {
    await expect(loadCountryLookup(join(dir, 'missing.mmdb'))).rejects.toThrow(/^geo\.database: cannot read .*missing\.mmdb: ENOENT$/);
    const bogus = join(dir, 'bogus.mmdb');
    (await import('node:fs')).writeFileSync(bogus, 'not a database');
    await expect(loadCountryLookup(bogus)).rejects.toThrow(/bogus\.mmdb is not a MaxMind \(\.mmdb\) database/);
  });
});
