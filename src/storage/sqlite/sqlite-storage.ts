/**
 * The embedded storage: one SQLite file (connection.ts), the ports over it, and transactions.
 *
 * A transaction is BEGIN IMMEDIATE — the file's write lock, so another process waits (busy timeout)
 * and what `work` reads is what its writes apply to — plus this process's gate, so while `work`
 * awaits, no other caller's statement slips into it: calls through the `tx` ports run inside, calls
 * through the Storage itself wait until it commits or rolls back. Lock names need nothing more here:
 * the write lock already serialises every decision.
 *
 * Every statement runs through `explaining`: a full disk or a damaged file becomes one line that names
 * the file (sqlite-errors.ts), whichever port met it.
 */
import { realpathSync, statSync } from 'node:fs';
import type { AccessPort } from '../ports/access.js';
import type { AccountsPort } from '../ports/accounts.js';
import type { AlertsPort } from '../ports/alerts.js';
import type { ActivityPort } from '../ports/activity.js';
import type { LockName, Storage, StorageInfo, StorageOptions, StoragePorts, VerifyReport } from '../ports/index.js';
import type { IncidentsPort } from '../ports/incidents.js';
import type { ResultsPort } from '../ports/results.js';
import type { SecretsPort } from '../ports/secrets.js';
import { SqliteAccess } from './access.js';
import type { TableCopy } from '../ports/table-copy.js';
import { SqliteAccounts } from './accounts.js';
import { SqliteActivity } from './activity/activity.js';
import { SqliteHeatmaps } from './heatmaps.js';
import type { HeatmapPort } from '../ports/heatmaps.js';
import { SqliteKeys } from './activity/keys.js';
import { SqliteAlerts } from './alerts.js';
import { SqliteConnection } from './connection.js';
import { SqliteIncidents } from './incidents.js';
import { gateForFile, type Gate, type Runner, transactionScope, type Scope } from './gate.js';
import { MonitorIds, SqliteResults } from './results.js';
import { SqliteSecrets } from './secrets.js';
import { explainSqliteError, explaining } from './sqlite-errors.js';
import { verifySqlite } from './verify.js';
import { SqliteTableCopy } from './table-copy.js';
import { TABLE_NAMES } from '../tables.js';


export class SqliteStorage implements Storage {
  readonly backend = 'sqlite' as const;
  readonly location: string;
  readonly workspace: string;
  readonly results: ResultsPort;
  readonly alerts: AlertsPort;
  readonly secrets: SecretsPort;
  readonly activity: ActivityPort;
  readonly access: AccessPort;
  readonly incidents: IncidentsPort;
  readonly copy: TableCopy;
  readonly accounts: AccountsPort;
  readonly heatmaps: HeatmapPort;
  /** The connection's handle, for tests that look at the file directly. */
  readonly db: SqliteConnection['db'];
  private readonly connection: SqliteConnection;
  private readonly gate: Gate;
  private readonly releaseGate: () => void;
  private readonly monitorIds: MonitorIds;
  private readonly keys: SqliteKeys;

  constructor(options: StorageOptions & { target: { backend: 'sqlite'; path: string } }) {
    this.connection = new SqliteConnection(options.target.path, { readonly: options.readonly, busyTimeoutMs: options.busyTimeoutMs });
    const path = options.target.path;
    // The file exists once the connection is open: its real path names it however it was written.
    ({ gate: this.gate, release: this.releaseGate } = gateForFile(path === ':memory:' ? path : realpathSync(path)));
    this.db = this.connection.db;
    this.location = options.target.path;
    this.workspace = options.workspace;
    this.monitorIds = new MonitorIds(this.connection);
    this.keys = new SqliteKeys(this.connection);
    ({ results: this.results, alerts: this.alerts, secrets: this.secrets, activity: this.activity, access: this.access, incidents: this.incidents, accounts: this.accounts, heatmaps: this.heatmaps } = this.ports(this.gate));
    this.copy = new SqliteTableCopy(this.connection, this.gate, path);
  }

  private ports(scope: Scope): StoragePorts {
    const c = this.connection;
    const file = this.location;
    const run: Runner = (work) => scope.run(() => explaining(file, work));
    return {
      results: new SqliteResults(c, run, this.monitorIds),
      alerts: new SqliteAlerts(c, run),
      secrets: new SqliteSecrets(c, run),
      activity: new SqliteActivity(c, { run, hold: scope.hold }, this.keys),
      access: new SqliteAccess(c, run),
      incidents: new SqliteIncidents(c, run),
      accounts: new SqliteAccounts(c, run),
      heatmaps: new SqliteHeatmaps(c, { run, hold: scope.hold }),
    };
  }

  async transaction<T>(work: (tx: StoragePorts) => Promise<T>, _options: { lock?: LockName } = {}): Promise<T> {
    const release = await this.gate.hold();
    const db = this.connection.db;
    let open = true;
    try {
      explaining(this.location, () => db.exec('BEGIN IMMEDIATE'));
      try {
        const result = await work(this.ports(transactionScope(() => open)));
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        // Ids and salts created inside the rolled-back transaction do not exist.
        this.monitorIds.forget();
        this.keys.forget();
        throw explainSqliteError(error, this.location);
      }
    } finally {
      open = false;
      release();
    }
  }

  async info(): Promise<StorageInfo> {
    return this.gate.run(() => {
      const c = this.connection;
      const rows: Record<string, number> = {};
      for (const table of TABLE_NAMES) if (c.hasTable(table)) rows[table] = c.value(`SELECT COUNT(*) FROM ${table}`).get() as number;
      const size = (file: string) => {
        try {
          return statSync(file).size;
        } catch {
          return 0;
        }
      };
      const sizeBytes = this.location === ':memory:' ? null : size(this.location) + size(`${this.location}-wal`);
      return { backend: this.backend, location: this.location, workspace: this.workspace, schemaVersion: c.schemaVersion(), rows, sizeBytes };
    });
  }

  async verify(): Promise<VerifyReport> {
    return this.gate.run(() => verifySqlite(this.connection));
  }

  async ping(): Promise<void> {
    await this.gate.run(() => this.connection.value('SELECT 1').get());
  }

  async close(): Promise<void> {
    // A transaction or stream still running finishes first.
    const release = await this.gate.hold();
    try {
      this.connection.close();
    } finally {
      release();
      this.releaseGate();
    }
  }
}
