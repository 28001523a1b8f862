/**
 * The one logger: human lines on stderr, never stdout (stdout carries data).
 * Every line goes through the redactor so a secret cannot leak into a log.
 */
import { redact } from '../privacy/redactor.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  child(prefix: string): Logger;
}

function levelFromEnv(): LogLevel {
  const value = (process.env.TRACKZ_LOG ?? '').toLowerCase();
  return value in ORDER ? (value as LogLevel) : 'warn';
}

export function createLogger(prefix = 'trackz', level: LogLevel = levelFromEnv(), write = (line: string) => process.stderr.write(line)): Logger {
  const emit = (at: LogLevel, message: string) => {
    if (ORDER[at] < ORDER[level]) return;
    write(`${prefix} ${at}: ${redact(message)}\n`);
  };
  return {
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
    child: (name) => createLogger(`${prefix}:${name}`, level, write),
  };
}
