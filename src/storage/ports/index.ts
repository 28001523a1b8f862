/**
 * The storage ports: what every box uses to keep and read data, whatever the backend. SQLite
 * (src/storage/sqlite, the embedded default) and PostgreSQL (src/storage/postgres, for teams and
 * several runners) implement them, and one contract suite (test/storage/contract) runs against both.
 * Only src/storage knows SQL or a database driver.
 *
 * Every method is async so a network database fits; the SQLite adapter answers synchronously inside.
 */
import type { AccessPort } from './access.js';
import type { AccountsPort } from './accounts.js';
import type { ActivityPort } from './activity.js';
import type { AlertsPort } from './alerts.js';
import type { IncidentsPort } from './incidents.js';
import type { HeatmapPort } from './heatmaps.js';
import type { ResultsPort } from './results.js';
import type { SecretsPort } from './secrets.js';
import type { TableCopy } from './table-copy.js';

export type * from './access.js';
export type * from './accounts.js';
export type * from './activity.js';
export type * from './alerts.js';
export type * from './incidents.js';
export type * from './heatmaps.js';
export type * from './results.js';
export type * from './secrets.js';
export { API_ROLES } from './access.js';
export type * from './table-copy.js';
export { ACCOUNT_EVENT_KINDS, accountDay } from './accounts.js';
export { ConcurrentImportError, ROW_NUMBERS, ROW_TEXTS, ROW_WIDTH, SESSION_NUMBERS, SESSION_WIDTH } from './activity.js';
export { ConcurrentCopyError } from './table-copy.js';

export type Backend = 'sqlite' | 'postgres';

/**
 * `storage:` as the config gives it, resolved: a SQLite file, or a PostgreSQL URL. `keyFilePath` is
 * where the secret store's key file belongs (src/storage/target.ts: `<database>.key` beside a SQLite
 * file when not given).
 */
export type StorageTarget =
  | { backend: 'sqlite'; path: string; keyFilePath?: string }
  | { backend: 'postgres'; url: string; keyFilePath?: string };

export interface StorageOptions {
  target: StorageTarget;
  /** The config's workspace: PostgreSQL keeps several in one database, each seeing only its own rows. */
  workspace: string;
  /** Open without creating or migrating; writes fail. */
  readonly?: boolean;
  /** Milliseconds to wait for another process's lock (SQLite busy timeout, PostgreSQL lock_timeout). */
  busyTimeoutMs?: number;
}

/** The ports, as seen inside a transaction or outside one. */
export interface StoragePorts {
  readonly results: ResultsPort;
  readonly alerts: AlertsPort;
  readonly secrets: SecretsPort;
  readonly activity: ActivityPort;
  /** Dashboard links, API keys and their audit log (trackz serve). */
  readonly access: AccessPort;
  readonly incidents: IncidentsPort;
  readonly accounts: AccountsPort;
  readonly heatmaps: HeatmapPort;
}

/** Named locks a transaction can hold; each serialises one kind of decision across processes. */
export type LockName = 'alerts' | 'retention';

export interface StorageInfo {
  backend: Backend;
  /** A file path, or the URL with its password hidden. */
  location: string;
  workspace: string;
  schemaVersion: number;
  /** Rows per data table (src/storage/tables.ts), this workspace's in PostgreSQL. */
  rows: Record<string, number>;
  /** Bytes on disk: the file and its WAL, or this workspace's tables and indexes. */
  sizeBytes: number | null;
}

/** What `trackz storage verify` found: the checks it ran, and each problem in one line (none: the storage is whole). */
export interface VerifyReport {
  checks: string[];
  problems: string[];
}

export interface Storage extends StoragePorts {
  readonly backend: Backend;
  /** A file path, or the URL with its password hidden: safe to print. */
  readonly location: string;
  readonly workspace: string;
  /**
   * Runs `work` as one transaction holding `lock`: what it reads is what its writes apply to, and a
   * second process (or a second caller in this one) waits. Rolled back if `work` throws.
   */
  transaction<T>(work: (tx: StoragePorts) => Promise<T>, options?: { lock?: LockName }): Promise<T>;
  info(): Promise<StorageInfo>;
  /** The backend's integrity check and trackz's own invariants (src/storage/{sqlite,postgres}/verify.ts); reads only. */
  verify(): Promise<VerifyReport>;
  /** Whole tables in and out, for `trackz storage migrate` (not inside a transaction: each batch is its own). */
  readonly copy: TableCopy;
  /** Cheap round trip: is the backend reachable (serve's /readyz)? */
  ping(): Promise<void>;
  close(): Promise<void>;
}
