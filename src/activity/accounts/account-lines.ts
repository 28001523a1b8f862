/**
 * Reads account events from NDJSON (one JSON object a line) or CSV (a header row naming the columns,
 * then one event a row), streamed: each item is a raw event or a problem, with the line it came from.
 * Checking the fields is account-event.ts's job; this only turns text into objects.
 *
 * CSV headers are matched without regard to case, spaces, '_' or '-' (`First Name`, `first_name` and
 * `firstName` are one column); an unknown or missing required column is a problem of line 1.
 */
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { ACCOUNT_FIELDS, REQUIRED_ACCOUNT_FIELDS, type AccountField } from './account-event.js';

export type AccountFormat = 'ndjson' | 'csv';
export const ACCOUNT_FORMATS: readonly AccountFormat[] = ['ndjson', 'csv'];

export type AccountLine = { line: number; raw: Record<string, unknown> } | { line: number; problem: string };

/** The format a file's name says, if it says one. */
export function formatFromName(name: string): AccountFormat | undefined {
  if (/\.csv$/i.test(name)) return 'csv';
  if (/\.(ndjson|jsonl|json)$/i.test(name)) return 'ndjson';
  return undefined;
}

/** The format the first bytes show: an object's `{` is NDJSON, anything else a CSV header. */
export function formatFromHead(head: Buffer): AccountFormat {
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return text.startsWith('{') ? 'ndjson' : 'csv';
}

const squash = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');
const BY_SQUASHED = new Map<string, AccountField>(ACCOUNT_FIELDS.map((field) => [squash(field), field]));

export async function* readAccountLines(stream: AsyncIterable<Buffer>, format: AccountFormat): AsyncGenerator<AccountLine> {
  if (format === 'ndjson') yield* readNdjson(stream);
  else yield* readCsv(stream);
}

async function* readNdjson(stream: AsyncIterable<Buffer>): AsyncGenerator<AccountLine> {
  const lines = createInterface({ input: Readable.from(stream), crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const text of lines) {
    line++;
    const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
    if (trimmed === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      yield { line, problem: `expected a JSON object on one line (${(error as Error).message})` };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) yield { line, problem: 'expected a JSON object with kind, email, instance and date' };
    else yield { line, raw: value as Record<string, unknown> };
  }
}

async function* readCsv(stream: AsyncIterable<Buffer>): AsyncGenerator<AccountLine> {
  const { parse } = await import('csv-parse');
  // Rows as arrays, the header checked here: a row with too few or too many cells is one line's problem, not the end of the file.
  const parser = Readable.from(stream).pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true, trim: true }));
  let names: string[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!names) {
        names = record.map((h) => BY_SQUASHED.get(squash(h)) ?? h);
        const problem = headerProblem(names);
        if (problem) {
          yield { line: info.lines, problem };
          return;
        }
        continue;
      }
      if (record.length !== names.length) {
        yield { line: info.lines, problem: `expected ${names.length} cells (${names.join(',')}), got ${record.length}` };
        continue;
      }
      yield { line: info.lines, raw: Object.fromEntries(names.map((name, i) => [name, record[i]])) };
    }
  } catch (error) {
    const csv = error as { code?: string; lines?: number; message?: string };
    if (typeof csv.code !== 'string' || !csv.code.startsWith('CSV_')) throw error;
    yield { line: csv.lines ?? 1, problem: `expected valid CSV: ${csv.message?.split('\n')[0] ?? csv.code}` };
  }
}

function headerProblem(names: readonly string[]): string | undefined {
  const unknown = names.filter((name) => !(ACCOUNT_FIELDS as readonly string[]).includes(name));
  const missing = REQUIRED_ACCOUNT_FIELDS.filter((field) => !names.includes(field));
  const twice = names.filter((name, i) => names.indexOf(name) !== i);
  const problems = [
    unknown.length && `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')}`,
    missing.length && `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
    twice.length && `column${twice.length > 1 ? 's' : ''} ${twice.join(', ')} given twice`,
  ].filter(Boolean);
  return problems.length ? `${problems.join('; ')}: expected a header row with kind, email, instance, date and optionally firstName, lastName, status` : undefined;
}
