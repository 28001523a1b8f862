/**
 * One SQLite file opened as trackz needs it: WAL, a busy timeout, foreign keys, NORMAL sync (survives
 * `kill -9`; only a power cut may drop the last commits), migrations by `user_version`. Safe to share
 * between a cron run and a long-running process. Also a cache of prepared statements: better-sqlite3
 * compiles SQL on every `prepare`, and the ports run the same few statements again and again.
 *
 * The file holds monitoring history, visitor hashes and their salts: a new folder is made 0700 and a
 * new file 0600 (SQLite gives its -wal and -shm the database's mode). Opening for writing also checks
 * the file after a process that died with it open (unclean-close.ts); failures say what is wrong, in
 * one line naming the file (sqlite-errors.ts).
 */
import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../../core/errors.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { explainSqliteError, explaining } from './sqlite-errors.js';
import { checkAfterUncleanClose, OPEN_HANDLES_SINCE, registerHandle, releaseHandle } from './unclean-close.js';

export const LATEST_SCHEMA = Math.max(...MIGRATIONS.map((m) => m.version));

export interface ConnectionOptions {
  readonly?: boolean;
  busyTimeoutMs?: number;
}

export class SqliteConnection {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly plucked = new Map<string, Database.Statement>();
  /** This connection's row in open_handles (writing connections only). */
  private handle: number | undefined;

  constructor(
    readonly path: string,
    options: ConnectionOptions = {},
  ) {
    const readonly = options.readonly ?? false;
    const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
    let db: Database.Database | undefined;
    let version: number;
    try {
      if (path !== ':memory:' && !readonly) createPrivately(path);
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
      const explained = explainSqliteError(error, path);
      if (explained instanceof UserError) throw explained;
      throw new UserError(`cannot open the database ${path}: ${(error as Error).message}`);
    }
    this.db = db;
    if (version > LATEST_SCHEMA) {
      db.close();
      throw new UserError(`the database ${path} was written by a newer trackz (schema ${version}, this one knows ${LATEST_SCHEMA}); upgrade trackz`);
    }
    if (readonly) return;
    try {
      explaining(path, () => {
        // Before migrating or writing anything: a file left open by a process that died is checked first.
        if (version >= OPEN_HANDLES_SINCE) checkAfterUncleanClose(db, path);
        migrate(db, MIGRATIONS);
        this.handle = registerHandle(db, Date.now());
      });
    } catch (error) {
      db.close();
      throw error;
    }
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
    if (!this.db.open) return;
    // Best effort: a row left behind (a full disk, say) only costs the next process a quick check.
    if (this.handle !== undefined) {
      try {
        releaseHandle(this.db, this.handle);
      } catch {
        // Left for the next process to clear.
      }
    }
    this.db.close();
  }
}

/**
 * Makes the folder (0700) and an empty database file (0600) when they do not exist yet: SQLite takes
 * an empty file as a new database, and creates its -wal and -shm with the file's mode. An existing
 * folder or file keeps the mode its owner gave it.
 */
function createPrivately(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
