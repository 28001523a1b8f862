/**
 * `trackz storage verify` on PostgreSQL. The server keeps its own files consistent (WAL, crash
 * recovery, page checksums when the cluster has them), so what is checked is what can still go
 * wrong underneath trackz: its B-tree indexes, with the amcheck extension's bt_index_check when a
 * superuser has installed it in the database (`CREATE EXTENSION amcheck`; said when it is not), and
 * trackz's own invariants in this workspace's schema. Reads only; takes no lock that blocks writers.
 */
import type { VerifyReport } from '../ports/index.js';
import { INVARIANTS, invariantProblems } from '../invariants.js';
import type { Sql } from './sql-session.js';

export async function verifyPostgres(sql: Sql, schema: string): Promise<VerifyReport> {
  const checks: string[] = [];
  const problems: string[] = [];
  const amcheck = await sql.query<{ schema: string }>(`SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'amcheck'`);
  if (amcheck.rows.length) {
    const indexes = await sql.query<{ name: string; oid: number }>(
      `SELECT c.relname AS name, c.oid::int AS oid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_am am ON am.oid = c.relam WHERE n.nspname = $1 AND am.amname = 'btree' ORDER BY c.relname`,
      [schema],
    );
    checks.push(`amcheck bt_index_check on ${indexes.rows.length} indexes`);
    const where = amcheck.rows[0]!.schema.replace(/"/g, '""');
    for (const index of indexes.rows) {
      try {
        await sql.query(`SELECT "${where}".bt_index_check($1::oid)`, [index.oid]);
      } catch (error) {
        problems.push(`index ${index.name}: ${(error as Error).message}`);
      }
    }
  } else {
    checks.push('amcheck not installed in this database: indexes not checked (a superuser can run `CREATE EXTENSION amcheck`)');
  }
  checks.push('trackz invariants');
  const counts: number[] = [];
  for (const { sql: text } of INVARIANTS) counts.push(Number((await sql.query<{ n: number | string }>(text)).rows[0]!.n));
  problems.push(...invariantProblems(counts));
  return { checks, problems };
}
