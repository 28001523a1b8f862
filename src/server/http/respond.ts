/**
 * Every response `trackz serve` sends goes through here, so every one carries the safe headers
 * (no referrer — the token is in the URL —, nothing cached, no sniffing, no framing, and for anything
 * but the page a CSP that allows nothing), a Content-Length, and never an internal error's text.
 * One `notFound` for every miss: an unknown path, a wrong, truncated or revoked token, a monitor
 * outside the dashboard — the same status, headers and body, so a miss tells nothing.
 */
import type { ServerResponse } from 'node:http';
import { DASHBOARD_HEADERS } from '../views/page-headers.js';

/** For responses that are not the page: nothing may run or load, whatever the content. */
export const NONE_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

export const BASE_HEADERS: Readonly<Record<string, string>> = Object.freeze({ ...DASHBOARD_HEADERS, 'Content-Security-Policy': NONE_CSP });

const TEXT = 'text/plain; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';

export function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': TEXT, ...headers, 'Content-Length': String(bytes.length) });
  res.end(bytes);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(res, status, `${JSON.stringify(value)}\n`, { 'Content-Type': JSON_TYPE, ...headers });
}

export function notFound(res: ServerResponse): void {
  send(res, 404, 'Not found\n');
}

export function methodNotAllowed(res: ServerResponse, allow: string): void {
  send(res, 405, 'Method not allowed\n', { Allow: allow });
}

/** What a failure inside a handler becomes: a status and a fixed line; the error itself goes to the log only. */
export function internalError(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  send(res, 500, 'Internal error\n');
}

export function unavailable(res: ServerResponse, line = 'Temporarily unavailable\n'): void {
  send(res, 503, line, { 'Retry-After': '5' });
}
