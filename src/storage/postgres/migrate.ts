/**
 * The workspace's schema, created and migrated on first open. Versions are rows of
 * `schema_migrations` inside the schema; all pending migrations run in ONE transaction holding the
 * workspace's migration lock, and the version is read again once the lock is held, so twenty
 * processes opening a new database at once migrate it exactly once (the others wait, then find it
 * done). DDL is transactional in PostgreSQL: a migration that fails leaves nothing behind.
 */
import { UserError } from '../../core/errors.js';
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from './migrations/index.js';
import type { Sql } from './sql-session.js';

export interface PgMigration {
  version: number;
  name: string;
  up: string;
}

async function currentVersion(sql: Sql): Promise<number> {
  const { rows } = await sql.query<{ present: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
  if (!rows[0]!.present) return 0;
  const max = await sql.query<{ version: number }>('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations');
  return max.rows[0]!.version;
}

/** Brings the workspace's schema to the newest version; returns the version it ends at. */
export async function migrate(sql: Sql, options: { workspace: string; location: string; readonly?: boolean }): Promise<number> {
  const { schema } = sql.context;
  let version = await currentVersion(sql);
  if (version > PG_SCHEMA_VERSION) {
    throw new UserError(`workspace "${options.workspace}" in ${options.location} was written by a newer trackz (schema ${version}, this one knows ${PG_SCHEMA_VERSION}); upgrade trackz`);
  }
  if (version < PG_SCHEMA_VERSION) {
    if (options.readonly) {
      if (version === 0) throw new UserError(`nothing is stored yet for workspace "${options.workspace}" in ${options.location}`);
      throw new UserError(`workspace "${options.workspace}" in ${options.location} needs a schema upgrade (${version} → ${PG_SCHEMA_VERSION}): run trackz once with write access`);
    }
    version = await sql.transaction(async (tx) => {
      await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
      const from = await currentVersion(tx);
      for (const migration of PG_MIGRATIONS) {
        if (migration.version <= from) continue;
        await tx.query(migration.up);
        await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, Date.now()]);
      }
      await tx.query(`INSERT INTO meta (key, value) VALUES ('workspace', $1) ON CONFLICT (key) DO NOTHING`, [options.workspace]);
      return currentVersion(tx);
    }, { lock: 'migrate' });
  }
  // Two workspace names mapped to one schema (a hash collision, or a schema made by hand): refuse to mix them.
  const { rows } = await sql.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'workspace'`);
  if (rows[0] && rows[0].value !== options.workspace) {
    throw new UserError(`the schema ${schema} in ${options.location} belongs to workspace "${rows[0].value}", not "${options.workspace}"`);
  }
  return version;
}
