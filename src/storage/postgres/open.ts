/**
 * Opens the PostgreSQL storage for a workspace: checks the URL, makes the pool, and creates or
 * migrates the workspace's schema (migrate.ts). This module and everything under it load `pg`; only
 * a config with `storage.url` ever imports it (src/storage/open.ts chooses), so SQLite users never
 * pay for the driver. The URL's password is registered with the redactor at once: no message,
 * log line or stored text can show it.
 */
import pg from 'pg';
import { UserError } from '../../core/errors.js';
import { registerSecret } from '../../privacy/redactor.js';
import type { Storage, StorageOptions } from '../ports/index.js';
import { DEFAULT_LOCK_TIMEOUT_MS, hidePassword, parseUrl, poolConfig, serverAddress, STATEMENT_TIMEOUT_MS, type ServerAddress } from './connection.js';
import { migrate } from './migrate.js';
import { PostgresStorage } from './postgres-storage.js';
import { PoolSql } from './sql-session.js';
import { schemaFor } from './workspace-schema.js';

export async function openPostgresStorage(options: StorageOptions): Promise<Storage> {
  if (options.target.backend !== 'postgres') throw new Error(`openPostgresStorage was given a ${options.target.backend} target`);
  const { url } = options.target;
  const location = hidePassword(url);
  let address: ServerAddress;
  try {
    const password = parseUrl(url).password;
    if (typeof password === 'string') registerSecret(password);
    address = serverAddress(url);
  } catch (error) {
    throw new UserError(`storage.url is not a PostgreSQL URL (${location}): ${(error as Error).message}`);
  }
  const schema = schemaFor(options.workspace);
  const lockMs = options.busyTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const pool = new pg.Pool(poolConfig({ url, schema, readonly: options.readonly, lockTimeoutMs: lockMs }));
  // A connection that dies while idle, or between two statements of a transaction, reports through the
  // next statement (explained there); as an 'error' event with no listener it would end the process.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const sql = new PoolSql(pool, { schema, address, timeouts: { lockMs, statementMs: STATEMENT_TIMEOUT_MS } });
  try {
    await migrate(sql, { workspace: options.workspace, location, readonly: options.readonly });
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return new PostgresStorage(pool, sql, location, options.workspace);
}
