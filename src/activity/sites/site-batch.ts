/**
 * A batch of decided requests, as the deciding stage hands it to the writing stage: the SiteRows the
 * storage port stores (columns; see ports/activity.ts), plus where the file's cursor stands after it
 * and the import's totals so far.
 */
import { ROW_TEXTS, type CursorPosition, type RowText, type SiteRows } from '../../storage/ports/activity.js';
import type { ImportStats } from '../import-stats.js';

export interface SiteBatch extends SiteRows {
  /** Index of the file (task) the lines came from; -1 for the last batch, which only carries the totals. */
  task: number;
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
