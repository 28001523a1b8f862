/**
 * What went wrong between trackz and PostgreSQL, as one line a person can act on. Problems in the
 * config (a wrong password, an unknown database or host, no permission to create the schema) exit 2;
 * problems of the moment (the server is down, went away mid-run, a lock or statement timed out) exit 1.
 * Messages name the host, port, database and user, never the password. Anything else is a bug and is
 * passed on as it is, with its stack.
 */
import { EXIT_FAILED, EXIT_USAGE, UserError } from '../../core/errors.js';
import { redact } from '../../privacy/redactor.js';
import { StorageDamagedError, StorageFullError, VERIFY_HINT } from '../errors.js';
import type { ServerAddress } from './connection.js';

export class PostgresStorageError extends UserError {
  override name = 'PostgresStorageError';
  constructor(
    message: string,
    exitCode: number,
    /** The SQLSTATE or Node error code behind it. */
    readonly code: string | undefined,
  ) {
    super(redact(message), exitCode);
  }
}

interface DriverError {
  code?: string;
  message?: string;
  errno?: number;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10}s`;

const LOST = /Connection terminated|ECONNRESET|EPIPE|socket hang up|Client has encountered a connection error|Query read timeout|Client was closed/i;

/** A one-line PostgresStorageError for known failures; the error itself for anything else. */
export function explainPgError(error: unknown, at: ServerAddress, timeouts: { lockMs: number; statementMs: number }): unknown {
  if (error instanceof UserError || !(error instanceof Error)) return error;
  const { code, message = '' } = error as DriverError;
  const server = `PostgreSQL at ${at.host}:${at.port}`;
  const fail = (text: string, exit = EXIT_FAILED) => new PostgresStorageError(text, exit, code);
  switch (code) {
    case 'ECONNREFUSED':
      return fail(`cannot reach ${server}: connection refused (is the server running, and is storage.url right?)`);
    case 'ENOTFOUND':
      return fail(`cannot reach ${server}: no such host (check storage.url)`, EXIT_USAGE);
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
      return fail(`cannot reach ${server}: ${code}`);
    case 'ENOENT':
      return fail(`cannot reach ${server}: no server socket there (is the server running?)`);
    case '28P01':
    case '28000':
      return fail(`${server} refused the login of user "${at.user}": ${message} (check the user and password in storage.url)`, EXIT_USAGE);
    case '3D000':
      return fail(`${server} has no database "${at.database}" (create it, or fix storage.url)`, EXIT_USAGE);
    case '42501':
      return fail(`${server}: user "${at.user}" may not do this in database "${at.database}": ${message} (trackz needs CREATE on the database for its schema)`, EXIT_USAGE);
    case '57P01':
    case '57P02':
    case '57P03':
      return fail(`lost the connection to ${server}: the server is shutting down or starting up (${message})`);
    case '53300':
      return fail(`${server} has no free connection slots (${message})`);
    case '57014':
      return fail(`${server} cancelled a statement that ran longer than ${seconds(timeouts.statementMs)}`);
    case '55P03':
      return fail(`gave up after waiting ${seconds(timeouts.lockMs)} for a lock another trackz process holds on ${server}`);
    case '53100':
      // disk_full: the statement's transaction rolled back, as SQLite's does.
      return new StorageFullError(`the disk of ${server} (database "${at.database}")`, `${message}, SQLSTATE 53100`);
    case 'XX001':
    case 'XX002':
      return new StorageDamagedError(`${server}: ${message} (SQLSTATE ${code}); trackz stopped before writing more: ${VERIFY_HINT}`);
    case '25006':
      return fail(`${server}: this storage was opened read-only`, EXIT_USAGE);
  }
  if (/timeout exceeded when trying to connect|connection timeout/i.test(message)) return fail(`cannot reach ${server}: no answer within the connect timeout`);
  if (/does not support SSL|SSL|certificate/i.test(message) && !code?.match(/^[0-9A-Z]{5}$/)) return fail(`cannot connect to ${server}: ${message} (check sslmode in storage.url)`, EXIT_USAGE);
  if (LOST.test(message) || LOST.test(code ?? '')) return fail(`lost the connection to ${server}: ${message}`);
  return error;
}
