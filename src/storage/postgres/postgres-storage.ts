/**
 * The PostgreSQL Storage: the four ports over a small pool, transactions on one pinned connection,
 * info and ping. Ports outside a transaction send each statement to the pool; `transaction` gives
 * `work` ports bound to its connection. Caches that outlive a statement are shared: salts (always
 * committed on their own) directly, monitor ids through a copy kept only if the transaction commits.
 */
import type { Pool } from 'pg';
import type { LockName, Storage, StorageInfo, StoragePorts } from '../ports/index.js';
import { PgActivityPort } from './activity/activity-port.js';
import { PgAlertsPort } from './alerts-port.js';
import { PgHeatmapsPort } from './heatmaps-port.js';
import { PgResultsPort, type MonitorIdCache } from './results-port.js';
import { PgSecretsPort } from './secrets-port.js';
import type { PoolSql, Sql } from './sql-session.js';

/** The lock of a transaction that names none: unnamed transactions of one workspace run one at a time, as in SQLite. */
const DEFAULT_LOCK = 'transaction';
/** Bookkeeping, not data: left out of the row counts. */
const NOT_COUNTED = new Set(['schema_migrations', 'meta']);

export class PostgresStorage implements Storage {
  readonly backend = 'postgres' as const;
  readonly results: PgResultsPort;
  readonly alerts: PgAlertsPort;
  readonly secrets: PgSecretsPort;
  readonly activity: PgActivityPort;
  readonly heatmaps: PgHeatmapsPort;
  private readonly monitorIds: MonitorIdCache = new Map();
  private readonly salts = new Map<number, Buffer>();
  private closed: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly sql: PoolSql,
    readonly location: string,
    readonly workspace: string,
  ) {
    ({ results: this.results, alerts: this.alerts, secrets: this.secrets, activity: this.activity, heatmaps: this.heatmaps } = this.portsOn(sql, this.monitorIds));
  }

  private portsOn(sql: Sql, monitorIds: MonitorIdCache) {
    return {
      results: new PgResultsPort(sql, monitorIds),
      alerts: new PgAlertsPort(sql),
      secrets: new PgSecretsPort(sql),
      activity: new PgActivityPort(sql, this.salts),
      heatmaps: new PgHeatmapsPort(sql),
    };
  }

  async transaction<T>(work: (tx: StoragePorts) => Promise<T>, options: { lock?: LockName } = {}): Promise<T> {
    // Monitor ids learned inside exist only if the transaction commits: learn them on a copy.
    const monitorIds: MonitorIdCache = new Map(this.monitorIds);
    const result = await this.sql.transaction((tx) => work(this.portsOn(tx, monitorIds)), { lock: options.lock ?? DEFAULT_LOCK });
    for (const [name, entry] of monitorIds) this.monitorIds.set(name, entry);
    return result;
  }

  async info(): Promise<StorageInfo> {
    const { schema } = this.sql.context;
    const tables = await this.sql.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 ORDER BY tablename`, [schema]);
    const counted = tables.rows.map((t) => t.name).filter((name) => !NOT_COUNTED.has(name));
    const rows: Record<string, number> = {};
    if (counted.length) {
      // Table names come from pg_tables and are plain identifiers (our own migrations).
      const counts = await this.sql.query<{ name: string; n: number }>(counted.map((name) => `SELECT '${name}' AS name, COUNT(*) AS n FROM ${name}`).join(' UNION ALL '));
      for (const { name, n } of counts.rows) rows[name] = n;
    }
    const size = await this.sql.query<{ bytes: number }>(
      `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'm')`,
      [schema],
    );
    const version = await this.sql.query<{ version: number }>('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations');
    return { backend: 'postgres', location: this.location, workspace: this.workspace, schemaVersion: version.rows[0]!.version, rows, sizeBytes: size.rows[0]!.bytes };
  }

  async ping(): Promise<void> {
    await this.sql.query('SELECT 1');
  }

  close(): Promise<void> {
    this.closed ??= this.pool.end();
    return this.closed;
  }
}
