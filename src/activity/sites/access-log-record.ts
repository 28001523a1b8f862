/**
 * One request as an access log line describes it, before any privacy rule is applied. It lives in
 * memory only: what reaches disk is decided by the page-view rules (see page-view-rules.ts).
 */
export interface AccessLogRecord {
  /** Client address as logged. Never written to disk unless the site sets `visitorId: plain`. */
  ip: string;
  /** Epoch milliseconds. */
  ts: number;
  method: string;
  /** Request target as logged: a path with its query, or an absolute URL. */
  target: string;
  status: number;
  bytes: number;
  /** '' when the log has no referrer (or `-`). */
  referrer: string;
  /** '' when the log has no User-Agent (or `-`). */
  userAgent: string;
  /** The request carried `DNT: 1`; false when the format does not log it. */
  dnt: boolean;
  /** Virtual host, '' when the format has none. */
  vhost: string;
  /** ISO country code when the log carries one (a GeoIP module's variable, a CDN header), else ''. */
  country: string;
}

/** A parser returns the record, or a short reason why the line is malformed (never the line itself). */
export type AccessLogParse = AccessLogRecord | string;

export interface AccessLogParser {
  parse(line: string): AccessLogParse;
  /** Whether the format logs the DNT header at all (when not, honouring DNT cannot apply). */
  readonly carriesDnt: boolean;
}

/** `-` and empty fields both mean "not logged". */
export function field(text: string): string {
  return text === '-' ? '' : text;
}

/** The method and target of `GET /path?q HTTP/1.1`; undefined when it is not a request line. */
export function splitRequestLine(request: string): { method: string; target: string } | undefined {
  const first = request.indexOf(' ');
  if (first <= 0) return undefined;
  const last = request.lastIndexOf(' ');
  const target = last > first && request.startsWith('HTTP/', last + 1) ? request.slice(first + 1, last) : request.slice(first + 1);
  if (target === '') return undefined;
  return { method: request.slice(0, first), target };
}

/** The DNT header's value as logged: only `1` asks not to be tracked. */
export function dntValue(text: string): boolean {
  return text === '1';
}

/** A status code written as three digits 100-599, else NaN. */
export function parseStatus(text: string): number {
  return text.length === 3 ? statusAt(text, 0) : NaN;
}

/** The three-digit status at `at` in `line` (no slicing: this runs for every line), else NaN. */
export function statusAt(line: string, at: number): number {
  let value = 0;
  for (let i = at; i < at + 3; i++) {
    const d = line.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return NaN;
    value = value * 10 + d;
  }
  return value >= 100 && value <= 599 ? value : NaN;
}

/** Response bytes: digits, or `-` for none. NaN otherwise. */
export function parseBytes(text: string): number {
  return bytesBetween(text, 0, text.length);
}

/** The byte count written in `line[from, to)`: digits, `-` or nothing for 0, else NaN. */
export function bytesBetween(line: string, from: number, to: number): number {
  if (to === from || (to === from + 1 && line.charCodeAt(from) === 45)) return 0;
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = line.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return NaN;
    value = value * 10 + d;
  }
  return value;
}
