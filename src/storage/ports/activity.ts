/**
 * Activity: tracker sites (requests, sessions, opt-outs), agents (devices, buckets, events), the
 * import cursors, the daily salts and named keys behind visitor hashes, retention, reports and data
 * rights. Rows arrive with the privacy rules already applied (src/privacy, src/activity): what the
 * rules drop never reaches a port.
 *
 * The row shapes that cross this port (a decided batch of requests, a cursor, a device event) are
 * defined here, below the activity box that produces them.
 */

export type SourceKind = 'site' | 'agent';

export interface ActivitySource {
  id: number;
  kind: SourceKind;
  name: string;
}

// — cursors: where each imported file (or stream) stands —

export interface ImportCursor {
  id: number;
  fingerprint: string;
  /** How many leading bytes the fingerprint covers (fewer than a KiB when the file was that small). */
  fpLen: number;
  path: string;
  dev: number | null;
  ino: number | null;
  size: number | null;
  mtimeMs: number | null;
  gzip: boolean;
  /** Bytes of (decompressed) content consumed; always just after a newline. */
  offset: number;
  /** Lines consumed. */
  line: number;
  lastTs: number | null;
  /** A gzip file read to its end: it never changes again. */
  done: boolean;
}

/** What a batch moves the cursor to: everything about a cursor but its row id. */
export type CursorPosition = Omit<ImportCursor, 'id'>;

/** A cursor as one import holds it: the row id once stored, and the offset it expects to find. */
export interface HeldCursor {
  id: number | undefined;
  expectedOffset: number;
  /** Set the first time a batch is stored: an older cursor for the same inode stops claiming it. */
  supersedes?: number;
}

/** Another process moved (or created) the cursor under this import: the batch was not written. */
export class ConcurrentImportError extends Error {
  override name = 'ConcurrentImportError';
}

// — sites —

/** A session as an earlier import stored it. */
export interface StoredSession {
  id: number;
  visitorId: number;
  startedAt: number;
  endedAt: number;
  requests: number;
  pageViews: number;
  entryPath: string | null;
}

/** Numeric columns of a request row, in order. */
export const ROW_NUMBERS = ['ts', 'visitorId', 'sessionKey', 'pageView', 'status', 'bytes', 'bot'] as const;
export const ROW_WIDTH = ROW_NUMBERS.length;
/** Text columns of a request row ('' stands for NULL except in path). */
export const ROW_TEXTS = ['path', 'referrer', 'browser', 'os', 'country', 'ip'] as const;
export type RowText = (typeof ROW_TEXTS)[number];
/** Numeric fields of a session touched by the batch, in order. */
export const SESSION_NUMBERS = ['key', 'rowId', 'visitorId', 'startedAt', 'endedAt', 'requests', 'pageViews'] as const;
export const SESSION_WIDTH = SESSION_NUMBERS.length;

/**
 * Decided requests in columns, as the deciding stage hands them to the writer: numbers in a
 * Float64Array (transferred between threads without copying), text as one '\n'-joined string per
 * column. Sessions are named by a key local to the import; the writer maps keys to row ids.
 */
export interface SiteRows {
  count: number;
  /** count × ROW_WIDTH numbers; NaN for a null visitor, -1 for no session. */
  numbers: Float64Array;
  texts: Record<RowText, string>;
  sessionCount: number;
  /** sessionCount × SESSION_WIDTH numbers; rowId -1 when the session is not stored yet. */
  sessions: Float64Array;
  /** Entry paths of those sessions, '\n'-joined ('' for none). */
  sessionEntries: string;
  /** Session keys the deciding stage forgot (idle): the writer may forget them too. */
  evicted: number[];
  /** Opt-out changes, in order: [visitor key, 1 = opted out / 0 = opted in, ts]. */
  optOuts: [number, number, number][];
}

/** Stores one site's batches; remembers which session key became which row across batches. */
export interface SiteRowWriter {
  /**
   * Stores the rows and moves the cursor in ONE transaction. Throws ConcurrentImportError (and writes
   * nothing) when the cursor is not where `held` expects it.
   */
  write(rows: SiteRows, cursor: { held: HeldCursor; to: CursorPosition } | undefined, now: number): Promise<void>;
}

export interface SiteRetention {
  pageViewsMs: number;
  sessionsMs: number;
  maxSessions: number;
}

/** What `trackz activity --site` and the dashboards show for a window. */
export interface SiteFigures {
  visitors: number;
  sessions: number;
  sessionsAvgMs: number | null;
  bounces: number;
  pageViews: number;
  requests: number;
  botRequests: number;
  topPages: { path: string; views: number; visitors: number }[];
  referrers: { host: string; views: number }[];
  statusCodes: { status: number; requests: number }[];
  browsers: { browser: string; visitors: number; views: number }[];
  systems: { os: string; visitors: number; views: number }[];
  countries: { country: string; visitors: number; views: number }[];
}

// — agents —

export type BucketType = 'currentwindow' | 'afkstatus' | 'web.tab.current';

export interface AgentBucket {
  /** The bucket id, e.g. `aw-watcher-window_laptop-7`. */
  name: string;
  type: BucketType;
  /** The device (host name) it belongs to. */
  device: string;
  client: string | null;
}

export interface AgentEvent {
  start: number;
  end: number;
  app?: string;
  title?: string;
  url?: string;
  domain?: string;
  status?: 'afk' | 'not-afk';
}

/** Stores one agent's events; devices and buckets are created on first sight. */
export interface AgentEventWriter {
  bucketId(bucket: AgentBucket): Promise<number>;
  /**
   * In ONE transaction: every event by (bucket, start) — new, or an existing one that grew or changed
   * is updated (never shortened), the same one again is nothing — then the bucket's REST cursor and a
   * file cursor marked read to its end, when given.
   */
  write(
    events: readonly { bucketId: number; event: AgentEvent }[],
    extra?: { bucketCursor?: { bucketId: number; ts: number }; fileDone?: CursorPosition },
    now?: number,
  ): Promise<{ inserted: number; updated: number }>;
  /** The REST cursor: the start of the newest event stored for the bucket. */
  cursorOf(bucketId: number): Promise<number | null>;
}

export interface DeviceEventRow {
  bucketType: BucketType;
  start: number;
  end: number;
  app: string | null;
  domain: string | null;
  status: string | null;
}

// — data rights: which rows belong to a person, a device, a source or a time range —

/** `requests`: every request a site logged (rows of its requests table), page views among them. */
export type DataKind = 'requests' | 'sessions' | 'events' | 'buckets' | 'devices' | 'optOuts';
/**
 * Rows per kind, and `pageViews`: the requests among them that `trackz activity` counts as page views
 * (a page, not an asset, and not a bot), so both commands give the same figure for the same data.
 */
export type DataCounts = Record<DataKind | 'pageViews', number>;

/** A time range [since, until), epoch ms; either end may be open. */
export interface TimeRange {
  since?: number;
  until?: number;
}

/**
 * One set of rows, declared rather than written as SQL. Sets of one source and kind are OR-ed
 * together by the backend, so a row matched two ways counts once.
 */
export type RowSet =
  /** A site's requests: all, or a visitor's (hash within one salt's day, or a stored plain IP with the UA's family). */
  | { kind: 'requests'; source: string; siteId: number; range: TimeRange; visitor?: { id: number; day: [number, number] } | { ip: string; browser?: string | null; os?: string | null } }
  /** A site's sessions: all, a visitor's by hash, or those holding requests from a stored plain IP. */
  | { kind: 'sessions'; source: string; siteId: number; range: TimeRange; visitor?: { id: number } | { ip: string; browser?: string | null; os?: string | null } }
  | { kind: 'optOuts'; source: string; siteId: number; visitorKey?: number }
  | { kind: 'events'; source: string; deviceId: number; range: TimeRange }
  | { kind: 'buckets'; source: string; deviceId: number }
  | { kind: 'devices'; source: string; deviceId: number };

/** One exported row, already in its JSON shape (ISO times, booleans). */
export interface ExportedRow {
  kind: Exclude<DataKind, 'buckets' | 'devices'>;
  source: string;
  row: Record<string, unknown>;
}

export interface ActivityPort {
  // sources
  /** The id of a site or agent, created on first import. */
  sourceId(kind: SourceKind, name: string, now: number): Promise<number>;
  /** The id when it has data, else undefined (nothing is created). */
  findSource(kind: SourceKind, name: string): Promise<number | undefined>;
  sources(kind?: SourceKind): Promise<ActivitySource[]>;

  // cursors
  loadCursors(sourceId: number): Promise<ImportCursor[]>;
  /** Marks a cursor as seen in this run, so it is not collected as stale. */
  touchCursor(id: number, now: number): Promise<void>;
  /** Forgets cursors not seen for `maxAgeMs` (their data is past retention anyway). */
  deleteStaleCursors(sourceId: number, now: number, maxAgeMs: number): Promise<number>;
  /** The newest entry ever imported for a source (file cursors and, for agents, bucket cursors). */
  newestImported(sourceId: number): Promise<number | null>;

  // privacy keys
  /**
   * The salt of a UTC day, created and committed when missing, before any row hashed with it is
   * written: a crash may leave a salt without rows, never rows whose salt was lost. Call it outside a
   * transaction (inside one, SQLite can only commit it with that transaction).
   */
  saltFor(day: number): Promise<Buffer>;
  /** Salts still held, by day (data requests: only these can find a visitor's rows). */
  heldSalts(): Promise<{ day: number; salt: Buffer }[]>;
  /** Deletes every salt of a day before `oldestDay`; returns how many went. */
  deleteSaltsBefore(oldestDay: number): Promise<number>;
  /**
   * The salt an import of `sourceId` hashes a day with once that day's shared salt has expired
   * (src/privacy/import-salts.ts): created and committed when missing, like `saltFor`, and kept only
   * until that source's import has read its inputs to the end (or for SALT_LIFETIME_MS at most).
   */
  importSaltFor(sourceId: number, day: number, now: number): Promise<Buffer>;
  /** Deletes the import salts of a source (its import read everything), or those made before `createdBefore`. */
  deleteImportSalts(which: { sourceId: number } | { createdBefore: number }): Promise<number>;
  /** A long-lived random key by name (the opt-out key), created on first use unless `create` is false. */
  namedKey(name: string, create?: boolean): Promise<Buffer | undefined>;

  // sites
  /** Opt-outs of a site (their visitor keys). */
  optOuts(siteId: number): Promise<number[]>;
  /** Sessions that ended within `sessionTimeoutMs` of the newest stored one: a later request may continue them. */
  openSessions(siteId: number, sessionTimeoutMs: number): Promise<StoredSession[]>;
  siteWriter(siteId: number): SiteRowWriter;
  /** Age limits per kind, then the session cap (oldest sessions and their requests go). */
  applySiteRetention(siteId: number, policy: SiteRetention, now: number): Promise<Record<string, number>>;
  siteFigures(siteId: number, from: number, to: number, options: { ownHost: string; top: number }): Promise<SiteFigures>;

  // agents
  agentWriter(agentId: number): AgentEventWriter;
  applyAgentRetention(agentId: number, eventsMs: number, now: number): Promise<Record<string, number>>;
  devices(agentId: number, name?: string): Promise<{ id: number; name: string }[]>;
  /** A device's events that overlap [from, to), in start order, streamed. */
  deviceEvents(deviceId: number, from: number, to: number, which: 'afk' | 'activity'): AsyncIterable<DeviceEventRow>;

  // data rights
  countRows(sets: readonly RowSet[]): Promise<DataCounts>;
  /** Deletes every set (opt-outs excepted) in one transaction, children before parents; returns what went. */
  deleteRows(sets: readonly RowSet[]): Promise<DataCounts>;
  /** The rows of each set, source by source, kind by kind, streamed. */
  exportRows(sets: readonly RowSet[]): AsyncIterable<ExportedRow>;
}
