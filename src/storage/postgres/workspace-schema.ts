/**
 * One PostgreSQL schema per workspace: several workspaces share a database, each with its own tables,
 * so no query needs a workspace column and none can see another workspace's rows. The schema name is
 * derived from the workspace name so that it never needs quoting: a name that is already lowercase
 * letters, digits and '_' (and short) is used as it is; any other gets a readable part and a hash
 * (`Acme.EU` → `trackz_acme_eu_3f2a…`), so `acme` and `Acme` stay apart. The workspace name is also
 * kept in the schema (meta), and checked on open.
 *
 * Advisory locks are keyed by schema and lock name, so the alert lock of one workspace never waits
 * for another's.
 */
import { createHash } from 'node:crypto';

/** PostgreSQL truncates identifiers past 63 bytes; stay well below. */
const MAX_PLAIN = 48;

export function schemaFor(workspace: string): string {
  if (/^[a-z0-9_]+$/.test(workspace) && workspace.length <= MAX_PLAIN) return `trackz_${workspace}`;
  const readable = workspace.toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, 32);
  const hash = createHash('sha256').update(workspace).digest('hex').slice(0, 12);
  return `trackz_${readable}_${hash}`;
}

/** A signed 64-bit advisory lock key, as a string for a ::bigint parameter. */
export function lockKey(schema: string, lock: string): string {
  return createHash('sha256').update(`trackz\0${schema}\0${lock}`).digest().readBigInt64BE(0).toString();
}
