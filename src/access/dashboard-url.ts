/**
 * Where a dashboard's link points: `--base-url`, else `serve.baseUrl` (a proxy in front), else the
 * address `trackz serve` listens on (a wildcard address names this machine instead).
 */
import { hostname } from 'node:os';
import { isHttpUrl } from '../config/schema/fields.js';
import { UserError } from '../core/errors.js';

export interface ServeAddress {
  host?: string;
  port?: number;
  baseUrl?: string;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8787;

/** The base every link starts with, without a trailing slash. */
export function serverBaseUrl(serve: ServeAddress = {}, override?: string): string {
  if (override !== undefined && !isHttpUrl(override)) throw new UserError(`--base-url: expected an http:// or https:// URL, got "${override}"`);
  const base = override ?? serve.baseUrl;
  if (base) return base.replace(/\/+$/, '');
  let host = serve.host ?? DEFAULT_HOST;
  if (host === '0.0.0.0' || host === '::' || host === '[::]') host = hostname();
  else if (host.includes(':') && !host.startsWith('[')) host = `[${host}]`;
  return `http://${host}:${serve.port ?? DEFAULT_PORT}`;
}

export function dashboardUrl(base: string, token: string): string {
  return `${base}/d/${token}`;
}
