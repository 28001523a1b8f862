/**
 * `trackz serve`'s log: one JSON object per line on stdout (time, level, msg, fields) for journald,
 * Docker and log shippers, or plain lines for people (`--log-format text`). A daemon has no report
 * on stdout, so its log goes there. It is a Logger too, so the server and the runtime log through it.
 * Every message and string field passes the redactor, as every other line trackz prints does.
 */
import type { Logger, LogLevel } from '../core/log.js';
import { redact } from '../privacy/redactor.js';

export type LogFormat = 'json' | 'text';
export const LOG_FORMATS: readonly LogFormat[] = ['json', 'text'];
export type LogFields = Record<string, string | number | boolean | null | undefined | readonly string[]>;

export interface DaemonLog extends Logger {
  /** A line with structured fields (monitor, status, address…), kept as fields in JSON. */
  event(level: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** A daemon says what it does at `info` by default; TRACKZ_LOG=debug adds every result, warn quiets it. */
export function daemonLogLevel(env: Record<string, string | undefined> = process.env): LogLevel {
  const value = (env.TRACKZ_LOG ?? '').toLowerCase();
  return value in ORDER ? (value as LogLevel) : 'info';
}

export function createDaemonLog(format: LogFormat, level: LogLevel = daemonLogLevel(), write = (line: string) => void process.stdout.write(line), component?: string): DaemonLog {
  const emit = (at: Exclude<LogLevel, 'silent'>, message: string, fields: LogFields = {}) => {
    if (ORDER[at] < ORDER[level]) return;
    const clean: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      clean[key] = typeof value === 'string' ? redact(value) : Array.isArray(value) ? value.map((v: string) => redact(v)) : value;
    }
    if (component) clean.component ??= component;
    const msg = redact(message);
    if (format === 'json') {
      write(`${JSON.stringify({ time: new Date().toISOString(), level: at, msg, ...(Object.keys(clean).length ? { fields: clean } : {}) })}\n`);
      return;
    }
    const extra = Object.entries(clean)
      .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`)
      .join(' ');
    write(`${new Date().toISOString()} ${at.padEnd(5)} ${msg}${extra ? `  ${extra}` : ''}\n`);
  };
  return {
    event: emit,
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
    child: (name) => createDaemonLog(format, level, write, component ? `${component}:${name}` : name),
  };
}
