/**
 * The PostgreSQL Storage: the ports over a small pool, transactions on one pinned connection,
 * info and ping. Ports outside a transaction send each statement to the pool; `transaction` gives
 * `work` ports bound to its connection. Caches that outlive a statement are shared: salts (always
 * committed on their own) directly, monitor ids through a copy kept only if the transaction commits.
 */
import type { Pool } from 'pg';
import type { LockName, Storage, StorageInfo, StoragePorts, VerifyReport } from '../ports/index.js';
import { PgAccessPort } from './access-port.js';
import { PgAccountsPort } from './accounts-port.js';
import { PgActivityPort } from './activity/activity-port.js';
import { PgAlertsPort } from './alerts-port.js';
import { PgIncidentsPort } from './incidents-port.js';
import { PgHeatmapsPort } from './heatmaps-port.js';
import { PgResultsPort, type MonitorIdCache } from './results-port.js';
import { PgSecretsPort } from './secrets-port.js';
import type { PoolSql, Sql } from './sql-session.js';
import { verifyPostgres } from './verify.js';
import { PgTableCopy } from './table-copy.js';
import { TABLE_NAMES } from '../tables.js';

/** The lock of a transaction that names none: unnamed transactions of one workspace run one at a time, as in SQLite. */
const DEFAULT_LOCK = 'transaction';

export class PostgresStorage implements Storage {
  readonly backend = 'postgres' as const;
  readonly results: PgResultsPort;
  readonly alerts: PgAlertsPort;
  readonly secrets: PgSecretsPort;
  readonly activity: PgActivityPort;
  readonly access: PgAccessPort;
  readonly incidents: PgIncidentsPort;
  readonly copy: PgTableCopy;
  readonly accounts: PgAccountsPort;
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
    ({ results: this.results, alerts: this.alerts, secrets: this.secrets, activity: this.activity, access: this.access, incidents: this.incidents, accounts: this.accounts, heatmaps: this.heatmaps } = this.portsOn(sql, this.monitorIds));
    this.copy = new PgTableCopy(sql);
  }

  private portsOn(sql: Sql, monitorIds: MonitorIdCache) {
    return {
      results: new PgResultsPort(sql, monitorIds),
      alerts: new PgAlertsPort(sql),
      secrets: new PgSecretsPort(sql),
      activity: new PgActivityPort(sql, this.salts),
      access: new PgAccessPort(sql),
      incidents: new PgIncidentsPort(sql),
      accounts: new PgAccountsPort(sql),
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
    const tables = await this.sql.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = $1`, [schema]);
    const present = new Set(tables.rows.map((t) => t.name));
    // The data tables in the list's order (src/storage/tables.ts: plain identifiers of our own migrations).
    const counted = TABLE_NAMES.filter((name) => present.has(name));
    const rows: Record<string, number> = {};
    if (counted.length) {
      const counts = await this.sql.query<{ name: string; n: number }>(counted.map((name) => `SELECT '${name}' AS name, COUNT(*) AS n FROM ${name}`).join(' UNION ALL '));
      const byName = new Map(counts.rows.map(({ name, n }) => [name, n]));
      for (const name of counted) rows[name] = byName.get(name) ?? 0;
    }
    const size = await this.sql.query<{ bytes: number }>(
      `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'm')`,
      [schema],
    );
    const version = await this.sql.query<{ version: number }>('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations');
    return { backend: 'postgres', location: this.location, workspace: this.workspace, schemaVersion: version.rows[0]!.version, rows, sizeBytes: size.rows[0]!.bytes };
  }

  verify(): Promise<VerifyReport> {
    return verifyPostgres(this.sql, this.sql.context.schema);
  }

  async ping(): Promise<void> {
    await this.sql.query('SELECT 1');
  }

  close(): Promise<void> {
    this.closed ??= this.pool.end();
    return this.closed;
  }
}
