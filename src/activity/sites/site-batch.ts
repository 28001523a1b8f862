/**
 * A batch of decided requests, as the deciding stage hands it to the writing stage. Numbers travel
 * in Float64Arrays (transferred between threads without copying), text as one '\n'-joined string
 * per column (log lines never contain a newline). Sessions are named by a key local to the import;
 * the writer maps keys to row ids.
 */
import type { CursorPosition } from '../input/cursor-store.js';
import type { ImportStats } from '../import-stats.js';

/** Numeric columns of a request row, in order. */
export const ROW_NUMBERS = ['ts', 'visitorId', 'sessionKey', 'pageView', 'status', 'bytes', 'bot'] as const;
export const ROW_WIDTH = ROW_NUMBERS.length;
/** Text columns of a request row ('' stands for NULL except in path). */
export const ROW_TEXTS = ['path', 'referrer', 'browser', 'os', 'country', 'ip'] as const;
export type RowText = (typeof ROW_TEXTS)[number];

/** Numeric fields of a session touched by the batch, in order. */
export const SESSION_NUMBERS = ['key', 'rowId', 'visitorId', 'startedAt', 'endedAt', 'requests', 'pageViews'] as const;
export const SESSION_WIDTH = SESSION_NUMBERS.length;

export interface SiteBatch {
  /** Index of the file (task) the lines came from; -1 for the last batch, which only carries the totals. */
  task: number;
  count: number;
  /** count × ROW_WIDTH numbers; NaN for a null visitor, -1 for no session. */
  numbers: Float64Array;
  texts: Record<RowText, string>;
  sessionCount: number;
  /** sessionCount × SESSION_WIDTH numbers; rowId -1 when the session is not stored yet. */
  sessions: Float64Array;
  /** Entry paths of those sessions, '\n'-joined ('' for none). */
  sessionEntries: string;
  /** Session keys the deciding stage forgot (idle): the writer may forget them too. */
  evicted: number[];
  /** Opt-out changes, in order: [visitor key, 1 = opted out / 0 = opted in, ts]. */
  optOuts: [number, number, number][];
  /** Where the cursor stands after this batch. */
  cursor: CursorPosition;
  /** The file was read to its end and never changes again (gzip, stdin). */
  done: boolean;
  /** Totals so far (lines, malformed, skips…), valid once this batch is stored. */
  stats: ImportStats;
  /** Set on the last batch when `strict` met a malformed line. */
  strictStop?: { file: string; line: number; reason: string };
}

/** Builds the columns of one batch, row by row. */
export class SiteBatchBuilder {
  private numbers: number[] = [];
  private texts: Record<RowText, string[]> = { path: [], referrer: [], browser: [], os: [], country: [], ip: [] };
  count = 0;

  add(ts: number, visitorId: number, sessionKey: number, pageView: number, status: number, bytes: number, bot: number, path: string, referrer: string, browser: string, os: string, country: string, ip: string): void {
    this.numbers.push(ts, visitorId, sessionKey, pageView, status, bytes, bot);
    const t = this.texts;
    t.path.push(path);
    t.referrer.push(referrer);
    t.browser.push(browser);
    t.os.push(os);
    t.country.push(country);
    t.ip.push(ip);
    this.count++;
  }

  /** The columns so far, and a fresh builder state. */
  take(): { count: number; numbers: Float64Array; texts: Record<RowText, string> } {
    const out = {
      count: this.count,
      numbers: Float64Array.from(this.numbers),
      texts: Object.fromEntries(ROW_TEXTS.map((name) => [name, this.texts[name].join('\n')])) as Record<RowText, string>,
    };
    this.numbers = [];
    this.texts = { path: [], referrer: [], browser: [], os: [], country: [], ip: [] };
    this.count = 0;
    return out;
  }
}

/** The text columns back as arrays (the writer's side). */
export function splitTexts(texts: Record<RowText, string>, count: number): Record<RowText, string[]> {
  const out = {} as Record<RowText, string[]>;
  for (const name of ROW_TEXTS) out[name] = count === 0 ? [] : texts[name].split('\n');
  return out;
}
