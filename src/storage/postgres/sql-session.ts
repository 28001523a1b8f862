/**
 * Where the PostgreSQL ports send their statements: the pool (each statement on whichever connection
 * is free, autocommit), or one pinned connection inside a transaction. Ports are written once against
 * `Sql` and work either way: `Storage.transaction` hands them a pinned session, and a port's own
 * multi-statement work (`sql.transaction`) becomes a savepoint inside it.
 *
 * A transaction holding a named lock takes `pg_advisory_xact_lock` first, where SQLite takes
 * BEGIN IMMEDIATE: the lock is keyed by workspace and name and released by COMMIT or ROLLBACK, also
 * when the process dies. Every driver error passes explainPgError on its way out.
 */
import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import type { ServerAddress } from './connection.js';
import { explainPgError } from './pg-errors.js';
import { lockKey } from './workspace-schema.js';

export interface SqlContext {
  schema: string;
  address: ServerAddress;
  timeouts: { lockMs: number; statementMs: number };
}

export interface Sql {
  /** One statement. `name` makes it a prepared statement, parsed once per connection (hot paths). */
  query<R extends QueryResultRow = Record<string, unknown>>(text: string, values?: readonly unknown[], name?: string): Promise<QueryResult<R>>;
  /** Runs `work` as one transaction (or a savepoint inside the caller's), holding `lock` when given. */
  transaction<T>(work: (sql: Sql) => Promise<T>, lock?: string): Promise<T>;
  /** Outside any transaction: for what must commit on its own (a new salt). */
  readonly root: Sql;
  readonly context: SqlContext;
}

const run = <R extends QueryResultRow>(target: Pool | PoolClient, text: string, values: readonly unknown[] | undefined, name: string | undefined) =>
  target.query<R>(name ? { name, text, values: values as unknown[] } : { text, values: values as unknown[] });

export class PoolSql implements Sql {
  constructor(
    private readonly pool: Pool,
    readonly context: SqlContext,
  ) {}

  get root(): Sql {
    return this;
  }

  async query<R extends QueryResultRow>(text: string, values?: readonly unknown[], name?: string): Promise<QueryResult<R>> {
    try {
      return await run<R>(this.pool, text, values, name);
    } catch (error) {
      throw this.explain(error);
    }
  }

  async transaction<T>(work: (sql: Sql) => Promise<T>, lock?: string): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.explain(error);
    }
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      if (lock) await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey(this.context.schema, lock)]);
      const result = await work(new ClientSql(client, this));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // The connection is gone or unusable: the pool must not hand it out again.
        broken = rollbackError as Error;
      }
      throw this.explain(error);
    } finally {
      client.release(broken);
    }
  }

  explain(error: unknown): unknown {
    return explainPgError(error, this.context.address, this.context.timeouts);
  }
}

/** The session of one transaction: every statement on its pinned connection. */
class ClientSql implements Sql {
  private savepoints = 0;

  constructor(
    private readonly client: PoolClient,
    private readonly pool: PoolSql,
  ) {}

  get root(): Sql {
    return this.pool;
  }

  get context(): SqlContext {
    return this.pool.context;
  }

  async query<R extends QueryResultRow>(text: string, values?: readonly unknown[], name?: string): Promise<QueryResult<R>> {
    try {
      return await run<R>(this.client, text, values, name);
    } catch (error) {
      throw this.pool.explain(error);
    }
  }

  async transaction<T>(work: (sql: Sql) => Promise<T>, lock?: string): Promise<T> {
    const savepoint = `trackz_sp${++this.savepoints}`;
    await this.query(`SAVEPOINT ${savepoint}`);
    try {
      if (lock) await this.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey(this.context.schema, lock)]);
      const result = await work(this);
      await this.query(`RELEASE SAVEPOINT ${savepoint}`);
      return result;
    } catch (error) {
      await this.query(`ROLLBACK TO SAVEPOINT ${savepoint}`).catch(() => undefined);
      throw error;
    } finally {
      this.savepoints--;
    }
  }
}
