/**
 * Which salt an import hashes a day with. A day whose shared salt is still kept (48 h after the day
 * starts) uses it, as every import and process does. An older day has no shared salt any more, and
 * must not get one back: a fresh one on every run would make one visitor two when an import is split
 * (a crash, a `kill -9`, a time limit) — so the import of that source makes its own salt for the day
 * and keeps it, tied to the source's cursors, only until it has read its inputs to the end. Then
 * they go (site-import.ts), and in any case SALT_LIFETIME_MS after they were made: no salt outlives
 * the privacy rule's 48 h, and a split import resumed later than that counts its old days anew.
 */
import type { ActivityPort } from '../storage/ports/activity.js';
import { oldestKeptSaltDay, SALT_LIFETIME_MS } from './visitor-hasher.js';

/** The salt of `day` for an import of `sourceId` that started at `now`. */
export function importSalts(activity: ActivityPort, sourceId: number, now: number): (day: number) => Promise<Buffer> {
  const oldestShared = oldestKeptSaltDay(now);
  return (day) => (day >= oldestShared ? activity.saltFor(day) : activity.importSaltFor(sourceId, day, now));
}

/** Import salts that reached the end of their life, whatever their import: deleted before each import. */
export function deleteAgedImportSalts(activity: ActivityPort, now: number): Promise<number> {
  return activity.deleteImportSalts({ createdBefore: now - SALT_LIFETIME_MS });
}
