/**
 * `trackz storage verify` on SQLite: PRAGMA integrity_check (every page, every index against its
 * table — O(N log N) in the file's size, unlike the quick_check run after an unclean close),
 * PRAGMA foreign_key_check, and trackz's own invariants. Reads only.
 */
import type { VerifyReport } from '../ports/index.js';
import { INVARIANTS, invariantProblems } from '../invariants.js';
import type { SqliteConnection } from './connection.js';

/** integrity_check stops after this many findings: enough to see the damage, short enough to read. */
const MAX_FINDINGS = 50;

/**
 * The findings of integrity_check or quick_check, one per line: SQLite puts several in one row,
 * headed by `*** in database main ***`, and says `ok` when there are none.
 */
export function checkFindings(rows: readonly string[]): string[] {
  return rows.flatMap((row) => row.split('\n')).map((line) => line.trim()).filter((line) => line !== '' && line !== 'ok' && !/^\*\*\* in database \w+ \*\*\*$/.test(line));
}

export function verifySqlite(c: SqliteConnection): VerifyReport {
  const checks = ['PRAGMA integrity_check', 'PRAGMA foreign_key_check', 'trackz invariants'];
  try {
    return { checks, problems: findProblems(c) };
  } catch (error) {
    // Damage bad enough that a check cannot even run is a finding too.
    const code = String((error as { code?: unknown }).code ?? '');
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return { checks, problems: [`${(error as Error).message} (${code})`] };
    throw error;
  }
}

function findProblems(c: SqliteConnection): string[] {
  let problems: string[];
  try {
    problems = checkFindings(c.db.prepare(`PRAGMA integrity_check(${MAX_FINDINGS})`).pluck().all() as string[]);
  } catch (error) {
    // integrity_check looks rows up through the indexes and gives up at a page it cannot read;
    // quick_check reads every page without those lookups, so it still says where the damage is.
    if (!String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_CORRUPT')) throw error;
    problems = [...checkFindings(c.db.prepare(`PRAGMA quick_check(${MAX_FINDINGS})`).pluck().all() as string[]), `integrity_check stopped: ${(error as Error).message}`];
  }
  // The other checks read through the indexes: on a damaged file they only fail again.
  if (problems.length) return problems;
  const broken = c.db.prepare('PRAGMA foreign_key_check').all() as { table: string; parent: string }[];
  const byTable = new Map<string, number>();
  for (const row of broken) byTable.set(`${row.table} → ${row.parent}`, (byTable.get(`${row.table} → ${row.parent}`) ?? 0) + 1);
  for (const [pair, n] of byTable) problems.push(`${n} rows of ${pair.replace(' → ', ' refer to missing rows of ')} (foreign key)`);
  if (problems.length === 0) problems.push(...invariantProblems(INVARIANTS.map(({ sql }) => (c.db.prepare(sql).get() as { n: number }).n)));
  return problems;
}
