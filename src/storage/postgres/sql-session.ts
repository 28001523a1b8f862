/**
 * Where the PostgreSQL ports send their statements: the pool (each statement on whichever connection
 * is free, autocommit), or one pinned connection inside a transaction. Ports are written once against
 * `Sql` and work either way: `Storage.transaction` hands them a pinned session, and a port's own
 * multi-statement work (`sql.transaction`) becomes a savepoint inside it.
 *
 * A transaction holding a named lock takes `pg_advisory_xact_lock` first, where SQLite takes
 * BEGIN IMMEDIATE: the lock is keyed by workspace and name and released by COMMIT or ROLLBACK, also
 * when the process dies. A `relaxed` transaction (bulk monitoring data) commits without waiting for
 * its WAL flush: the durability SQLite's WAL gives with synchronous=NORMAL (a crashed process loses
 * nothing; a power cut may lose the last commits). Alert decisions are never relaxed.
 * Every driver error passes explainPgError on its way out; what the caller's own work throws does not.
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

export interface TransactionOptions {
  /** An advisory lock to hold until COMMIT (keyed by workspace and this name). */
  lock?: string;
  /** Commit without waiting for the WAL flush (bulk data; ignored inside an outer transaction). */
  relaxed?: boolean;
}

export interface Sql {
  /** One statement. `name` makes it a prepared statement, parsed once per connection (hot paths). */
  query<R extends QueryResultRow = Record<string, unknown>>(text: string, values?: readonly unknown[], name?: string): Promise<QueryResult<R>>;
  /** Runs `work` as one transaction (or a savepoint inside the caller's). */
  transaction<T>(work: (sql: Sql) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** The rows of one query, fetched page by page through a server-side cursor: one plan, one snapshot, bounded memory. */
  stream<R extends QueryResultRow = Record<string, unknown>>(text: string, values?: readonly unknown[], pageSize?: number): AsyncIterable<R>;
  /** Outside any transaction: for what must commit on its own (a new salt). */
  readonly root: Sql;
  readonly context: SqlContext;
}

const run = <R extends QueryResultRow>(target: Pool | PoolClient, text: string, values: readonly unknown[] | undefined, name: string | undefined) =>
  target.query<R>(name ? { name, text, values: values as unknown[] } : { text, values: values as unknown[] });

const PAGE = 2_000;
let cursors = 0;

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

  async transaction<T>(work: (sql: Sql) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const client = await this.connect();
    let broken: Error | undefined;
    try {
      // One round trip: a simple query may hold several statements.
      await this.on(client, options.relaxed ? 'BEGIN; SET LOCAL synchronous_commit = off' : 'BEGIN');
      if (options.lock) await this.on(client, 'SELECT pg_advisory_xact_lock($1::bigint)', [lockKey(this.context.schema, options.lock)]);
      // What `work` throws is passed on as it is: its statements explain their own errors.
      const result = await work(new ClientSql(client, this));
      await this.on(client, 'COMMIT');
      return result;
    } catch (error) {
      broken = await rollback(client);
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async *stream<R extends QueryResultRow>(text: string, values?: readonly unknown[], pageSize = PAGE): AsyncIterable<R> {
    const client = await this.connect();
    let open = true;
    let broken: Error | undefined;
    try {
      await this.on(client, 'BEGIN READ ONLY');
      yield* fetchAll<R>(client, this, text, values, pageSize);
      await this.on(client, 'COMMIT');
      open = false;
    } catch (error) {
      open = false;
      broken = await rollback(client);
      throw error;
    } finally {
      // A consumer that stops early (break) lands here with the transaction still open.
      if (open) broken = await rollback(client);
      client.release(broken);
    }
  }

  explain(error: unknown): unknown {
    return explainPgError(error, this.context.address, this.context.timeouts);
  }

  /** One statement of the session's own (BEGIN, a lock, COMMIT) on a pinned connection, its error explained. */
  async on(client: PoolClient, text: string, values?: unknown[]): Promise<void> {
    try {
      await client.query(text, values);
    } catch (error) {
      throw this.explain(error);
    }
  }

  private async connect(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw this.explain(error);
    }
  }
}

/** ROLLBACK; the error when the connection is gone or unusable (the pool must not hand it out again). */
async function rollback(client: PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

/** DECLARE a cursor inside the open transaction, FETCH page by page, CLOSE it (also when the consumer stops early). */
async function* fetchAll<R extends QueryResultRow>(client: PoolClient, pool: PoolSql, text: string, values: readonly unknown[] | undefined, pageSize: number): AsyncIterable<R> {
  const cursor = `trackz_cursor_${++cursors}`;
  await pool.on(client, `DECLARE ${cursor} NO SCROLL CURSOR FOR ${text}`, values as unknown[]);
  let open = true;
  try {
    for (;;) {
      let rows: R[];
      try {
        ({ rows } = await client.query<R>(`FETCH ${pageSize} FROM ${cursor}`));
      } catch (error) {
        throw pool.explain(error);
      }
      for (const row of rows) yield row;
      if (rows.length < pageSize) break;
    }
    await pool.on(client, `CLOSE ${cursor}`);
    open = false;
  } finally {
    if (open) await client.query(`CLOSE ${cursor}`).catch(() => undefined);
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

  async transaction<T>(work: (sql: Sql) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const savepoint = `trackz_sp${++this.savepoints}`;
    await this.query(`SAVEPOINT ${savepoint}`);
    try {
      if (options.lock) await this.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey(this.context.schema, options.lock)]);
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

  stream<R extends QueryResultRow>(text: string, values?: readonly unknown[], pageSize = PAGE): AsyncIterable<R> {
    return fetchAll<R>(this.client, this.pool, text, values, pageSize);
  }
}
