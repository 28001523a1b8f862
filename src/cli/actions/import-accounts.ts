/**
 * `trackz import --accounts FILE|-` as a plain function: account lifecycle events from NDJSON or CSV
 * (the format from `--format`, else the file's extension, else its first character), all or nothing.
 * A bad line is a mistake in the input: every one is reported as FILE:LINE with what was expected,
 * nothing is written, exit 2.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError } from '../../core/errors.js';
import { plural } from '../../core/plural.js';
import { loadConfig } from '../../config/load.js';
import { peekStream } from '../../activity/input/import-inputs.js';
import { withStorage } from './with-storage.js';

export interface ImportAccountsOptions {
  configPath?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** A path, or `-` for stdin. */
  file: string;
  format?: 'ndjson' | 'csv';
  json?: boolean;
  stdin?: NodeJS.ReadableStream;
  now?: number;
}

async function openInput(options: ImportAccountsOptions): Promise<{ label: string; stream: AsyncIterable<Buffer> }> {
  if (options.file === '-') return { label: 'stdin', stream: (options.stdin ?? process.stdin) as AsyncIterable<Buffer> };
  const path = resolve(options.cwd ?? process.cwd(), options.file);
  try {
    if (!(await stat(path)).isFile()) throw new UserError(`--accounts: ${options.file} is not a file`);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`--accounts: cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return { label: options.file, stream: createReadStream(path) };
}

export async function importAccounts(options: ImportAccountsOptions): Promise<string> {
  const config = await loadConfig(options);
  const { label, stream } = await openInput(options);
  const { formatFromHead, formatFromName, readAccountLines } = await import('../../activity/accounts/account-lines.js');
  const { accountsRetentionMs, importAccountLines, InvalidAccountsInput } = await import('../../activity/accounts/account-ingest.js');
  const { head, stream: whole } = await peekStream(stream, 1024);
  const format = options.format ?? (options.file === '-' ? undefined : formatFromName(options.file)) ?? formatFromHead(head);
  try {
    const outcome = await withStorage(config, {}, (storage) => importAccountLines(storage, readAccountLines(whole, format), accountsRetentionMs(config.root), options.now ?? Date.now()));
    if (options.json) return `${JSON.stringify({ file: label, format, ...outcome }, null, 2)}\n`;
    const already = outcome.duplicates ? ` (${outcome.duplicates.toLocaleString('en-US')} already stored)` : '';
    const expired = outcome.expired ? `; ${plural(outcome.expired, 'event')} past accounts.retention deleted` : '';
    return `Imported ${plural(outcome.inserted, 'account event')} from ${label} (${format})${already}${expired}.\n`;
  } catch (error) {
    if (!(error instanceof InvalidAccountsInput)) throw error;
    const more = error.problemCount - error.problems.length;
    const lines = error.problems.map((p) => `${label}:${p.line}: ${p.problem}`);
    if (more > 0) lines.push(`… and ${plural(more, 'more bad line')}`);
    throw new UserError(`${lines.join('\n')}\n${plural(error.problemCount, 'bad line')} in ${label}: nothing was imported (fix them and import the file again)`);
  }
}
