/**
 * The data tables of a workspace, in one list both backends share: the same names, columns and keys in
 * SQLite and PostgreSQL (see each backend's migrations). `storage info` counts them, and `storage
 * migrate` copies them in this order — parents before the tables that refer to them — so ids are kept
 * and every reference still holds in the target. A new table that holds data belongs here too.
 *
 * Bookkeeping is not listed: `meta` (the workspace name, when retention last ran), PostgreSQL's
 * `schema_migrations`, and the migration progress tables.
 */

/** How a column's values travel between backends: SQLite has 0/1 where PostgreSQL has booleans. */
export type ColumnType = 'int' | 'real' | 'text' | 'bytes' | 'bool';

export interface TableSpec {
  name: string;
  /** Columns and their types; the order rows travel in. */
  columns: readonly (readonly [name: string, type: ColumnType])[];
  /** The primary key (unique in both backends): rows are copied in its order, and a copy resumes after one. */
  key: readonly string[];
  /** The id a sequence hands out in PostgreSQL (SQLite takes the largest rowid + 1 by itself). */
  sequence?: string;
  /** Rows per batch, when rows are large (a Lighthouse report is megabytes). */
  batch?: number;
}

const id = (name: string, columns: TableSpec['columns'], extra: Partial<TableSpec> = {}): TableSpec => ({ name, columns: [['id', 'int'], ...columns], key: ['id'], sequence: 'id', ...extra });

export const TABLES: readonly TableSpec[] = [
  // — results —
  id('monitors', [['name', 'text'], ['type', 'text'], ['created_at', 'int']]),
  id('runs', [['command', 'text'], ['host', 'text'], ['pid', 'int'], ['location', 'text'], ['started_at', 'int'], ['finished_at', 'int'], ['total', 'int'], ['up', 'int'], ['degraded', 'int'], ['down', 'int'], ['unknown', 'int']]),
  id('results', [['monitor_id', 'int'], ['run_id', 'int'], ['ts', 'int'], ['status', 'text'], ['latency_ms', 'real'], ['duration_ms', 'real'], ['attempts', 'int'], ['message', 'text'], ['metrics', 'text'], ['assertions', 'text'], ['details', 'text']]),
  {
    name: 'rollups_hourly',
    columns: [['monitor_id', 'int'], ['hour', 'int'], ['up', 'int'], ['degraded', 'int'], ['down', 'int'], ['unknown', 'int'], ['latency_count', 'int'], ['latency_sum', 'real'], ['latency_min', 'real'], ['latency_max', 'real'], ['latency_p50', 'real'], ['latency_p95', 'real'], ['latency_p99', 'real']],
    key: ['monitor_id', 'hour'],
  },
  { name: 'artifacts', columns: [['monitor_id', 'int'], ['kind', 'text'], ['ts', 'int'], ['content', 'text']], key: ['monitor_id', 'kind'], batch: 16 },
  // — alerts —
  { name: 'alert_states', columns: [['monitor', 'text'], ['rule', 'text'], ['phase', 'text'], ['state', 'text'], ['updated_at', 'int']], key: ['monitor', 'rule'] },
  id('alert_outbox', [
    ['event_key', 'text'],
    ['channel', 'text'],
    ['monitor', 'text'],
    ['kind', 'text'],
    ['payload', 'text'],
    ['status', 'text'],
    ['attempts', 'int'],
    ['created_at', 'int'],
    ['next_attempt_at', 'int'],
    ['lease_owner', 'text'],
    ['lease_until', 'int'],
    ['last_error', 'text'],
    ['finished_at', 'int'],
  ]),
  id('alert_silences', [['monitor', 'text'], ['starts_at', 'int'], ['ends_at', 'int'], ['reason', 'text'], ['created_by', 'text']]),
  // — secrets: sealed rows; the key is not in the database and does not change —
  { name: 'secrets', columns: [['name', 'text'], ['nonce', 'bytes'], ['ciphertext', 'bytes'], ['tag', 'bytes'], ['key_id', 'text'], ['created_at', 'int'], ['updated_at', 'int']], key: ['name'] },
  // — activity —
  id('activity_sources', [['kind', 'text'], ['name', 'text'], ['created_at', 'int']]),
  { name: 'activity_salts', columns: [['day', 'int'], ['salt', 'bytes']], key: ['day'] },
  { name: 'activity_keys', columns: [['name', 'text'], ['key', 'bytes']], key: ['name'] },
  id('activity_cursors', [
    ['source_id', 'int'],
    ['fingerprint', 'text'],
    ['fp_len', 'int'],
    ['path', 'text'],
    ['dev', 'int'],
    ['ino', 'int'],
    ['size', 'int'],
    ['mtime_ms', 'real'],
    ['gzip', 'bool'],
    ['offset', 'int'],
    ['line', 'int'],
    ['last_ts', 'int'],
    ['done', 'bool'],
    ['updated_at', 'int'],
  ]),
  { name: 'site_opt_outs', columns: [['site_id', 'int'], ['visitor_key', 'int'], ['at', 'int']], key: ['site_id', 'visitor_key'] },
  id('site_sessions', [['site_id', 'int'], ['visitor_id', 'int'], ['started_at', 'int'], ['ended_at', 'int'], ['requests', 'int'], ['page_views', 'int'], ['entry_path', 'text']]),
  id('site_page_views', [
    ['site_id', 'int'],
    ['ts', 'int'],
    ['visitor_id', 'int'],
    ['session_id', 'int'],
    ['path', 'text'],
    ['page_view', 'int'],
    ['referrer_host', 'text'],
    ['status', 'int'],
    ['bytes', 'int'],
    ['browser', 'text'],
    ['os', 'text'],
    ['country', 'text'],
    ['bot', 'int'],
    ['ip', 'text'],
  ]),
  { name: 'activity_import_salts', columns: [['source_id', 'int'], ['day', 'int'], ['salt', 'bytes'], ['created_at', 'int']], key: ['source_id', 'day'] },
  id('agent_devices', [['agent_id', 'int'], ['name', 'text']]),
  id('agent_buckets', [['agent_id', 'int'], ['device_id', 'int'], ['name', 'text'], ['type', 'text'], ['client', 'text'], ['cursor_ts', 'int']]),
  id('agent_events', [['bucket_id', 'int'], ['start_at', 'int'], ['end_at', 'int'], ['app', 'text'], ['title', 'text'], ['url', 'text'], ['domain', 'text'], ['status', 'text']]),
  // — beacon heatmaps and custom events (no visitor, session or IP) —
  id('site_clicks', [['site_id', 'int'], ['ts', 'int'], ['path', 'text'], ['selector', 'text'], ['x', 'real'], ['y', 'real'], ['width', 'int']]),
  id('site_scrolls', [['site_id', 'int'], ['ts', 'int'], ['path', 'text'], ['depth', 'real'], ['width', 'int']]),
  id('site_events', [['site_id', 'int'], ['ts', 'int'], ['path', 'text'], ['name', 'text'], ['props', 'text']]),
  // — account lifecycle events —
  id('account_events', [['instance', 'text'], ['email', 'text'], ['kind', 'text'], ['day', 'text'], ['at', 'int'], ['first_name', 'text'], ['last_name', 'text'], ['status', 'text'], ['via', 'text'], ['received_at', 'int']]),
  // — serve: links and keys (hashes only), the API audit log, incidents —
  id('dashboard_links', [['dashboard', 'text'], ['token_hash', 'text'], ['created_at', 'int'], ['last_used_at', 'int'], ['revoked_at', 'int']]),
  id('api_keys', [['name', 'text'], ['role', 'text'], ['key_hash', 'text'], ['created_at', 'int'], ['last_used_at', 'int'], ['revoked_at', 'int']]),
  id('api_audit', [['key_name', 'text'], ['method', 'text'], ['path', 'text'], ['status', 'int'], ['at', 'int']]),
  id('incidents', [['monitor', 'text'], ['rule', 'text'], ['number', 'int'], ['kind', 'text'], ['started_at', 'int'], ['ended_at', 'int'], ['message', 'text'], ['acknowledged_by', 'text'], ['acknowledged_at', 'int']]),
];

export const TABLE_NAMES: readonly string[] = TABLES.map((table) => table.name);

/** A table of the list by name (for messages and progress rows). */
export function tableSpec(name: string): TableSpec | undefined {
  return TABLES.find((table) => table.name === name);
}
