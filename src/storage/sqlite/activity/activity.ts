/**
 * The activity port in SQLite: each method runs one piece of this folder's SQL through the scope
 * (the gate, or the transaction holding it). Writers keep their prepared statements and caches for
 * the whole import.
 */
import type {
  ActivityPort,
  ActivitySource,
  AgentEventWriter,
  DataCounts,
  DeviceEventRow,
  ExportedRow,
  ImportCursor,
  RowSet,
  SiteFigures,
  SiteRetention,
  SiteRowWriter,
  SourceKind,
  StoredSession,
} from '../../ports/activity.js';
import type { SqliteConnection } from '../connection.js';
import type { Scope } from '../gate.js';
import { SqliteAgentWriter } from './agent-writer.js';
import { countRows, deleteRows, exportRows } from './data-rights.js';
import { deviceEvents, devices } from './devices.js';
import type { SqliteKeys } from './keys.js';
import { explainingStream } from '../sqlite-errors.js';
import { applyAgentRetention, applySiteRetention } from './retention.js';
import { openSessions, optOuts, siteFigures } from './site-reads.js';
import { SqliteSiteWriter } from './site-writer.js';
import * as sources from './sources.js';

export class SqliteActivity implements ActivityPort {
  constructor(
    private readonly c: SqliteConnection,
    private readonly scope: Scope,
    private readonly keys: SqliteKeys,
  ) {}

  private run<T>(work: (c: SqliteConnection) => T): Promise<T> {
    return this.scope.run(() => work(this.c));
  }

  sourceId(kind: SourceKind, name: string, now: number): Promise<number> {
    return this.run((c) => sources.sourceId(c, kind, name, now));
  }

  findSource(kind: SourceKind, name: string): Promise<number | undefined> {
    return this.run((c) => sources.findSource(c, kind, name));
  }

  sources(kind?: SourceKind): Promise<ActivitySource[]> {
    return this.run((c) => sources.sources(c, kind));
  }

  loadCursors(sourceId: number): Promise<ImportCursor[]> {
    return this.run((c) => sources.loadCursors(c, sourceId));
  }

  touchCursor(id: number, now: number): Promise<void> {
    return this.run((c) => sources.touchCursor(c, id, now));
  }

  deleteStaleCursors(sourceId: number, now: number, maxAgeMs: number): Promise<number> {
    return this.run((c) => sources.deleteStaleCursors(c, sourceId, now, maxAgeMs));
  }

  newestImported(sourceId: number): Promise<number | null> {
    return this.run((c) => sources.newestImported(c, sourceId));
  }

  saltFor(day: number): Promise<Buffer> {
    return this.run(() => this.keys.saltFor(day));
  }

  heldSalts(): Promise<{ day: number; salt: Buffer }[]> {
    return this.run(() => this.keys.heldSalts());
  }

  deleteSaltsBefore(oldestDay: number): Promise<number> {
    return this.run(() => this.keys.deleteSaltsBefore(oldestDay));
  }

  importSaltFor(sourceId: number, day: number, now: number): Promise<Buffer> {
    return this.run(() => this.keys.importSaltFor(sourceId, day, now));
  }

  deleteImportSalts(which: { sourceId: number } | { createdBefore: number }): Promise<number> {
    return this.run(() => this.keys.deleteImportSalts(which));
  }

  namedKey(name: string, create = true): Promise<Buffer | undefined> {
    return this.run(() => this.keys.namedKey(name, create));
  }

  optOuts(siteId: number): Promise<number[]> {
    return this.run((c) => optOuts(c, siteId));
  }

  openSessions(siteId: number, sessionTimeoutMs: number): Promise<StoredSession[]> {
    return this.run((c) => openSessions(c, siteId, sessionTimeoutMs));
  }

  siteWriter(siteId: number): SiteRowWriter {
    return new SqliteSiteWriter(this.c, this.scope.run, siteId);
  }

  applySiteRetention(siteId: number, policy: SiteRetention, now: number): Promise<Record<string, number>> {
    return this.run((c) => applySiteRetention(c, siteId, policy, now));
  }

  siteFigures(siteId: number, from: number, to: number, options: { ownHost: string; top: number }): Promise<SiteFigures> {
    return this.run((c) => siteFigures(c, siteId, from, to, options));
  }

  agentWriter(agentId: number): AgentEventWriter {
    return new SqliteAgentWriter(this.c, this.scope.run, agentId);
  }

  applyAgentRetention(agentId: number, eventsMs: number, now: number): Promise<Record<string, number>> {
    return this.run((c) => applyAgentRetention(c, agentId, eventsMs, now));
  }

  devices(agentId: number, name?: string): Promise<{ id: number; name: string }[]> {
    return this.run((c) => devices(c, agentId, name));
  }

  deviceEvents(deviceId: number, from: number, to: number, which: 'afk' | 'activity'): AsyncIterable<DeviceEventRow> {
    return deviceEvents(this.c, this.scope.run, deviceId, from, to, which);
  }

  countRows(sets: readonly RowSet[]): Promise<DataCounts> {
    return this.run((c) => countRows(c, sets));
  }

  deleteRows(sets: readonly RowSet[]): Promise<DataCounts> {
    return this.run((c) => deleteRows(c, sets));
  }

  exportRows(sets: readonly RowSet[]): AsyncIterable<ExportedRow> {
    return explainingStream(this.c.path, exportRows(this.c, this.scope, sets));
  }
}
