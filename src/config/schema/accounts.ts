/**
 * `accounts:` — account lifecycle events an application reports (created, deactivated, reactivated).
 * Small on purpose: events need no per-instance setup (the instance is a field of each event), only a
 * limit on how long they are kept.
 */
import * as v from 'valibot';
import { duration } from './fields.js';

/** Three years: long enough for yearly account reports and a year-on-year comparison. */
export const DEFAULT_ACCOUNTS_RETENTION = '1095d';

export const accountsEntry = v.pipe(
  v.strictObject({
    retention: v.optional(duration(`Keep account events this long after they happened; older ones are deleted on each import or API batch. Default: ${DEFAULT_ACCOUNTS_RETENTION} (3 years)`), DEFAULT_ACCOUNTS_RETENTION),
  }),
  v.description('Account lifecycle events (trackz import --accounts, POST /api/v1/accounts/events, trackz activity --accounts).'),
);

export type AccountsConfig = v.InferOutput<typeof accountsEntry>;
