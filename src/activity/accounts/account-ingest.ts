/**
 * Storing checked account events, the same way for both doors: a batch in one transaction, then
 * retention (`accounts.retention`, deleting what happened before the cut). Also the import of a
 * whole file: every line checked, valid events written in batches inside ONE transaction, and that
 * transaction rolled back when any line is bad — so an invalid file writes nothing, however large,
 * while memory stays bounded (a batch, and the first problems).
 */
import { parseDuration } from '../../core/duration.js';
import type { RootConfig } from '../../config/schema/root.js';
import type { AccountEvent, AccountsPort } from '../../storage/ports/accounts.js';
import type { Storage } from '../../storage/ports/index.js';
import { checkAccountEvent } from './account-event.js';
import type { AccountLine } from './account-lines.js';

const BATCH = 1_000;
/** Problems kept for the report; the rest are only counted. */
export const MAX_PROBLEMS_SHOWN = 20;
const DEFAULT_RETENTION_MS = parseDuration('1095d')!;

export const accountsRetentionMs = (root: RootConfig): number => (root.accounts?.retention as number | undefined) ?? DEFAULT_RETENTION_MS;

export interface IngestOutcome {
  received: number;
  inserted: number;
  duplicates: number;
  /** Events deleted by retention after this batch (older ones, or any of these that were already past it). */
  expired: number;
}

/** Stores a checked batch and applies retention, in one transaction. */
export async function ingestAccountEvents(storage: Storage, events: readonly AccountEvent[], via: string, retentionMs: number, now: number): Promise<IngestOutcome> {
  return storage.transaction(async (tx) => {
    const { inserted, duplicates } = await tx.accounts.record(events, via, now);
    const expired = await tx.accounts.applyRetention(retentionMs, now);
    return { received: events.length, inserted, duplicates, expired };
  });
}

export interface LineProblem {
  line: number;
  problem: string;
}

/** The file had bad lines: nothing of it was written. */
export class InvalidAccountsInput extends Error {
  override name = 'InvalidAccountsInput';
  constructor(
    readonly problems: LineProblem[],
    readonly problemCount: number,
    readonly lines: number,
  ) {
    super(`${problemCount} bad line${problemCount === 1 ? '' : 's'}`);
  }
}

/** Imports every line or none (see the header); throws InvalidAccountsInput listing the first problems. */
export async function importAccountLines(storage: Storage, lines: AsyncIterable<AccountLine>, retentionMs: number, now: number): Promise<IngestOutcome> {
  return storage.transaction(async (tx) => {
    const outcome: IngestOutcome = { received: 0, inserted: 0, duplicates: 0, expired: 0 };
    const problems: LineProblem[] = [];
    let problemCount = 0;
    let lastLine = 0;
    let batch: AccountEvent[] = [];
    const flush = async (accounts: AccountsPort) => {
      const stored = await accounts.record(batch, 'import', now);
      outcome.inserted += stored.inserted;
      outcome.duplicates += stored.duplicates;
      batch = [];
    };
    for await (const item of lines) {
      lastLine = item.line;
      const checked = 'raw' in item ? checkAccountEvent(item.raw) : { problems: [item.problem] };
      if ('problems' in checked) {
        problemCount++;
        if (problems.length < MAX_PROBLEMS_SHOWN) problems.push({ line: item.line, problem: checked.problems.join('; ') });
        continue;
      }
      outcome.received++;
      // Once a line is bad nothing will be kept: stop writing, go on checking.
      if (problemCount) continue;
      batch.push(checked.event);
      if (batch.length >= BATCH) await flush(tx.accounts);
    }
    if (problemCount) throw new InvalidAccountsInput(problems, problemCount, lastLine);
    await flush(tx.accounts);
    outcome.expired = await tx.accounts.applyRetention(retentionMs, now);
    return outcome;
  });
}
