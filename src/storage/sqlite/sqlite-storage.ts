/**
 * The embedded storage: one SQLite file (connection.ts), the four ports over it, and transactions.
 *
 * A transaction is BEGIN IMMEDIATE — the file's write lock, so another process waits (busy timeout)
 * and what `work` reads is what its writes apply to — plus this process's gate, so while `work`
 * awaits, no other caller's statement slips into it: calls through the `tx` ports run inside, calls
 * through the Storage itself wait until it commits or rolls back. Lock names need nothing more here:
 * the write lock already serialises every decision.
 */
import { realpathSync, statSync } from 'node:fs';
import type { AlertsPort } from '../ports/alerts.js';
import type { ActivityPort } from '../ports/activity.js';
import type { LockName, Storage, StorageInfo, StorageOptions, StoragePorts } from '../ports/index.js';
import type { ResultsPort } from '../ports/results.js';
import type { SecretsPort } from '../ports/secrets.js';
import { SqliteActivity } from './activity/activity.js';
import { SqliteHeatmaps } from './heatmaps.js';
import type { HeatmapPort } from '../ports/heatmaps.js';
import { SqliteKeys } from './activity/keys.js';
import { SqliteAlerts } from './alerts.js';
import { SqliteConnection } from './connection.js';
import { gateForFile, type Gate, transactionScope, type Scope } from './gate.js';
import { MonitorIds, SqliteResults } from './results.js';
import { SqliteSecrets } from './secrets.js';

/** Tables `info()` counts, in the order it lists them. */
const COUNTED_TABLES = [
  'monitors',
  'runs',
  'results',
  'rollups_hourly',
  'artifacts',
  'alert_states',
  'alert_outbox',
  'alert_silences',
  'secrets',
  'activity_sources',
  'activity_cursors',
  'site_page_views',
  'site_sessions',
  'site_opt_outs',
  'agent_devices',
  'agent_buckets',
  'agent_events',
  'site_clicks',
  'site_scrolls',
  'site_events',
];

export class SqliteStorage implements Storage {
  readonly backend = 'sqlite' as const;
  readonly location: string;
  readonly workspace: string;
  readonly results: ResultsPort;
  readonly alerts: AlertsPort;
  readonly secrets: SecretsPort;
  readonly activity: ActivityPort;
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
    ({ results: this.results, alerts: this.alerts, secrets: this.secrets, activity: this.activity, heatmaps: this.heatmaps } = this.ports(this.gate));
  }

  private ports(scope: Scope): StoragePorts {
    const c = this.connection;
    return {
      results: new SqliteResults(c, scope.run, this.monitorIds),
      alerts: new SqliteAlerts(c, scope.run),
      secrets: new SqliteSecrets(c, scope.run),
      activity: new SqliteActivity(c, scope, this.keys),
      heatmaps: new SqliteHeatmaps(c, scope.run),
    };
  }

  async transaction<T>(work: (tx: StoragePorts) => Promise<T>, _options: { lock?: LockName } = {}): Promise<T> {
    const release = await this.gate.hold();
    const db = this.connection.db;
    let open = true;
    try {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.ports(transactionScope(() => open)));
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        // Ids and salts created inside the rolled-back transaction do not exist.
        this.monitorIds.forget();
        this.keys.forget();
        throw error;
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
      for (const table of COUNTED_TABLES) if (c.hasTable(table)) rows[table] = c.value(`SELECT COUNT(*) FROM ${table}`).get() as number;
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
