/**
 * How trackz connects to PostgreSQL: the URL parsed by node-postgres's own parser, then trackz's
 * settings on top — the workspace's schema as the only search_path, server-side statement, lock and
 * idle-transaction timeouts (nothing may hang forever), TCP keep-alive, and a type parser that gives
 * bigint and numeric columns back as JavaScript numbers (epoch ms, counts, sums all fit in 2^53).
 */
import { parse } from 'pg-connection-string';
import pg, { type ClientConfig, type CustomTypesConfig, type PoolConfig } from 'pg';

/** Pooled connections per Storage: enough for a run's writer, its alerts and a streamed read at once. */
export const POOL_MAX = 4;
/** A statement running longer than this is cancelled by the server (57014). */
export const STATEMENT_TIMEOUT_MS = 120_000;
export const CONNECT_TIMEOUT_MS = 10_000;
/** Waiting for another process's lock (the SQLite busy timeout's counterpart), unless told otherwise. */
export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

/** Who and where, as safe to print: never the password. */
export interface ServerAddress {
  host: string;
  port: number;
  database: string;
  user: string;
}

export interface ConnectionSettings {
  url: string;
  schema: string;
  readonly?: boolean;
  lockTimeoutMs?: number;
}

const INT8 = 20;
const NUMERIC = 1700;

/** bigint (int8) and numeric as numbers; everything else as node-postgres parses it. */
export const NUMBER_TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if ((oid === INT8 || oid === NUMERIC) && format !== 'binary') return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format);
  }) as CustomTypesConfig['getTypeParser'],
};

/** The URL's own settings: user, host, database, TLS (sslmode), options. Throws on a malformed URL. */
export function parseUrl(url: string): ClientConfig {
  const parsed = parse(url);
  const config: ClientConfig = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value === null || value === undefined) continue;
    (config as Record<string, unknown>)[key] = key === 'port' ? Number(value) : value;
  }
  return config;
}

/** Host, port, database and user as node-postgres will resolve them (URL, then PG* variables, then defaults). */
export function serverAddress(url: string, env: NodeJS.ProcessEnv = process.env): ServerAddress {
  const config = parseUrl(url);
  return {
    host: config.host ?? env.PGHOST ?? 'localhost',
    port: config.port ?? (env.PGPORT ? Number(env.PGPORT) : 5432),
    database: config.database ?? env.PGDATABASE ?? config.user ?? env.PGUSER ?? env.USER ?? 'postgres',
    user: config.user ?? env.PGUSER ?? env.USER ?? 'postgres',
  };
}

/** The URL with its password replaced by ***: what `location`, logs and errors show. */
export function hidePassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) if (/pass/i.test(key)) parsed.searchParams.set(key, '***');
    return parsed.toString();
  } catch {
    // Not a WHATWG URL (a socket path in the host, say): cut out whatever sits between ':' and '@'.
    return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@').replace(/(pass\w*=)[^&]*/gi, '$1***');
  }
}

export function poolConfig(settings: ConnectionSettings): PoolConfig {
  const own = parseUrl(settings.url);
  // The schema name is [a-z0-9_] only (workspace-schema.ts): safe inside the startup options.
  const options = [own.options, `-c search_path=${settings.schema}`, settings.readonly ? '-c default_transaction_read_only=on' : ''].filter(Boolean).join(' ');
  return {
    ...own,
    options,
    types: NUMBER_TYPES,
    max: POOL_MAX,
    idleTimeoutMillis: 10_000,
    // A command's pool must not keep the process alive once its work is done.
    allowExitOnIdle: true,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    lock_timeout: settings.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
    idle_in_transaction_session_timeout: STATEMENT_TIMEOUT_MS,
    // The client's own backstop, for a server that stops answering without closing the socket.
    query_timeout: STATEMENT_TIMEOUT_MS + 15_000,
    application_name: own.application_name ?? 'trackz',
  };
}
