/**
 * The Content-Security-Policy of the dashboard page and the headers every dashboard response carries
 * (issue 13: the token is in the URL, so no referrer; nothing cached; no framing; no sniffing).
 * The CSP is a constant: the page's one <style> and one <script> are constants allowed by their hashes,
 * and markup the script swaps in passes the one Trusted Types policy ("trackz") the CSP allows.
 */
import { PAGE_SCRIPT_HASH } from './page-script.js';
import { PAGE_STYLE_HASH } from './page-style.js';

export const DASHBOARD_CSP = [
  "default-src 'none'",
  `style-src ${PAGE_STYLE_HASH}`,
  `script-src ${PAGE_SCRIPT_HASH}`,
  // the favicon is an inline SVG
  'img-src data:',
  // the EventSource on /d/<token>/events
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types trackz',
].join('; ');

/** For every response under /d/<token> (page, JSON, feed, badges, events). */
export const DASHBOARD_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
});

/** The page's own headers: the ones above, its CSP and its type. */
export const DASHBOARD_PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  ...DASHBOARD_HEADERS,
  'Content-Security-Policy': DASHBOARD_CSP,
  'Content-Type': 'text/html; charset=utf-8',
});
