/**
 * One SQLite file opened as trackz needs it: WAL, a busy timeout, foreign keys, NORMAL sync (survives
 * `kill -9`; only a power cut may drop the last commits), migrations by `user_version`. Safe to share
 * between a cron run and a long-running process. Also a cache of prepared statements: better-sqlite3
 * compiles SQL on every `prepare`, and the ports run the same few statements again and again.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../../core/errors.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';

export const LATEST_SCHEMA = Math.max(...MIGRATIONS.map((m) => m.version));

export interface ConnectionOptions {
  readonly?: boolean;
  busyTimeoutMs?: number;
}

export class SqliteConnection {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly plucked = new Map<string, Database.Statement>();

  constructor(
    readonly path: string,
    options: ConnectionOptions = {},
  ) {
    const readonly = options.readonly ?? false;
    if (path !== ':memory:' && !readonly) mkdirSync(dirname(path), { recursive: true });
    const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
    let db: Database.Database | undefined;
    let version: number;
    try {
      db = new Database(path, { readonly, fileMustExist: readonly, timeout: busyTimeoutMs });
      // SQLite reads the file lazily: a file that is not a database fails here, not in the constructor.
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      if (!readonly) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
      }
      db.pragma('foreign_keys = ON');
      version = db.pragma('user_version', { simple: true }) as number;
    } catch (error) {
      db?.close();
      throw new UserError(`cannot open the database ${path}: ${(error as Error).message}`);
    }
    this.db = db;
    if (version > LATEST_SCHEMA) {
      db.close();
      throw new UserError(`the database ${path} was written by a newer trackz (schema ${version}, this one knows ${LATEST_SCHEMA}); upgrade trackz`);
    }
    if (!readonly) migrate(db, MIGRATIONS);
  }

  /** A prepared statement for `sql`, compiled once per connection. */
  sql(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** The same, returning the first column only (`pluck` is a mode of the statement, so kept apart). */
  value(sql: string): Database.Statement {
    let statement = this.plucked.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql).pluck();
      this.plucked.set(sql, statement);
    }
    return statement;
  }

  /** Runs `work` in BEGIN IMMEDIATE (a savepoint when already inside a transaction). */
  immediate<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  hasTable(name: string): boolean {
    return this.value("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
