/** Builds the columnar SiteRows a site import's deciding stage hands the writer, from readable rows. */
import { ROW_NUMBERS, ROW_TEXTS, SESSION_NUMBERS, type CursorPosition, type SiteRows } from '../../../src/storage/ports/index.js';

export interface Request {
  ts: number;
  path: string;
  visitor?: number | null;
  /** The import's session key; undefined for none (bots). */
  session?: number;
  pageView?: boolean;
  status?: number;
  bytes?: number;
  bot?: boolean;
  referrer?: string;
  browser?: string;
  os?: string;
  country?: string;
  ip?: string;
}

export interface SessionChange {
  key: number;
  /** The stored row id when the deciding stage knew it (continued from an earlier import). */
  rowId?: number;
  visitorId: number;
  startedAt: number;
  endedAt: number;
  requests: number;
  pageViews: number;
  entry?: string;
}

export function siteRows(requests: Request[], sessions: SessionChange[] = [], extra: Partial<Pick<SiteRows, 'evicted' | 'optOuts'>> = {}): SiteRows {
  const numbers = new Float64Array(requests.length * ROW_NUMBERS.length);
  requests.forEach((r, i) => {
    numbers.set([r.ts, r.visitor === null || r.visitor === undefined ? NaN : r.visitor, r.session ?? -1, r.pageView === false ? 0 : 1, r.status ?? 200, r.bytes ?? 512, r.bot ? 1 : 0], i * ROW_NUMBERS.length);
  });
  const texts = Object.fromEntries(ROW_TEXTS.map((name) => [name, requests.map((r) => (name === 'path' ? r.path : (r[name] ?? ''))).join('\n')])) as SiteRows['texts'];
  const sessionNumbers = new Float64Array(sessions.length * SESSION_NUMBERS.length);
  sessions.forEach((s, i) => sessionNumbers.set([s.key, s.rowId ?? -1, s.visitorId, s.startedAt, s.endedAt, s.requests, s.pageViews], i * SESSION_NUMBERS.length));
  return {
    count: requests.length,
    numbers,
    texts,
    sessionCount: sessions.length,
    sessions: sessionNumbers,
    sessionEntries: sessions.map((s) => s.entry ?? '').join('\n'),
    evicted: extra.evicted ?? [],
    optOuts: extra.optOuts ?? [],
  };
}

/** A cursor position for a log file read up to `offset`. */
export function position(fingerprint: string, offset: number, line: number, lastTs: number | null = null): CursorPosition {
  return { fingerprint, fpLen: 1024, path: `/var/log/nginx/${fingerprint}.log`, dev: 2049, ino: 7_340_032, size: offset, mtimeMs: 1_767_600_000_123.456, gzip: false, offset, line, lastTs, done: false };
}
