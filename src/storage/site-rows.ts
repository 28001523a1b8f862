/** Reading SiteRows (ports/activity.ts) on the writer's side, whatever the backend. */
import { ROW_TEXTS, type RowText, type SiteRows } from './ports/activity.js';

/** The text columns back as arrays. */
export function splitTexts(texts: SiteRows['texts'], count: number): Record<RowText, string[]> {
  const out = {} as Record<RowText, string[]>;
  for (const name of ROW_TEXTS) out[name] = count === 0 ? [] : texts[name].split('\n');
  return out;
}
