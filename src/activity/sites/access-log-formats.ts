/** The named access-log formats, and the one place a site's `logs.format` becomes a parser. */
import type { AccessLogParser } from './access-log-record.js';
import { caddyLogParser } from './caddy-log-parser.js';
import { ncsaParser } from './combined-log-parser.js';
import { customLogParser } from './custom-log-format.js';

export const NAMED_LOG_FORMATS = ['combined', 'common', 'vhost-combined', 'caddy'] as const;
export type NamedLogFormat = (typeof NAMED_LOG_FORMATS)[number];

export function isNamedLogFormat(format: string): format is NamedLogFormat {
  return (NAMED_LOG_FORMATS as readonly string[]).includes(format);
}

/** A named format, or a custom format string (anything containing a %). */
export function accessLogParser(format: string): AccessLogParser {
  switch (format) {
    case 'combined':
    case 'common':
    case 'vhost-combined':
      return ncsaParser(format);
    case 'caddy':
      return caddyLogParser();
    default:
      return customLogParser(format);
  }
}
