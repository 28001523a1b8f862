/**
 * Caddy's JSON access log (one object per line, `log { format json }`, the default). Only the fields
 * trackz models are read; headers such as Cookie or Authorization are never looked at.
 */
import { field, type AccessLogParse, type AccessLogParser } from './access-log-record.js';
import { parseAnyTimestamp } from './log-timestamp.js';

interface CaddyRequest {
  remote_ip?: string;
  client_ip?: string;
  remote_addr?: string;
  method?: string;
  host?: string;
  uri?: string;
  headers?: Record<string, string[] | undefined>;
}

interface CaddyLine {
  ts?: number | string;
  request?: CaddyRequest;
  status?: number;
  size?: number;
}

function header(headers: CaddyRequest['headers'], name: string): string {
  const values = headers?.[name];
  return Array.isArray(values) && typeof values[0] === 'string' ? values[0] : '';
}

/** `1.2.3.4:5678` or `[::1]:5678` to the address alone (Caddy before 2.5 logged remote_addr). */
function hostOfAddress(address: string): string {
  if (address.startsWith('[')) return address.slice(1, address.indexOf(']'));
  const colon = address.lastIndexOf(':');
  return colon > 0 && address.indexOf(':') === colon ? address.slice(0, colon) : address;
}

export function caddyLogParser(): AccessLogParser {
  function parse(line: string): AccessLogParse {
    let entry: CaddyLine;
    try {
      entry = JSON.parse(line) as CaddyLine;
    } catch {
      return 'not a JSON object';
    }
    if (entry === null || typeof entry !== 'object' || typeof entry.request !== 'object' || entry.request === null) return 'no "request" object (not a Caddy access log line)';
    const request = entry.request;
    const ts = typeof entry.ts === 'number' ? Math.floor(entry.ts * 1000) : typeof entry.ts === 'string' ? parseAnyTimestamp(entry.ts) : NaN;
    if (Number.isNaN(ts)) return 'timestamp not understood';
    const status = entry.status;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return 'status is not a number from 100 to 599';
    const ip = request.client_ip || request.remote_ip || (request.remote_addr ? hostOfAddress(request.remote_addr) : '');
    if (!ip) return 'no client address';
    return {
      ip,
      ts,
      method: request.method ?? '',
      target: request.uri ?? '',
      status,
      bytes: typeof entry.size === 'number' && entry.size >= 0 ? entry.size : 0,
      referrer: field(header(request.headers, 'Referer')),
      userAgent: field(header(request.headers, 'User-Agent')),
      dnt: header(request.headers, 'Dnt') === '1',
      vhost: (request.host ?? '').replace(/:\d+$/, ''),
      country: header(request.headers, 'Cf-Ipcountry').toUpperCase(),
    };
  }
  return { parse, carriesDnt: true };
}
