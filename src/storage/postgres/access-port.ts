/** Dashboard links, API keys and the audit log in PostgreSQL (migration 5), as in SQLite: hashes only. */
import type { AccessPort, ApiKeyInfo, ApiRole, AuditEntry, AuditQuery, DashboardLink, KeyHash, LinkHash } from '../ports/access.js';
import { auditValues, toAudit, toKey, toLink, type AuditRow, type KeyRow, type LinkRow } from '../serve-rows.js';
import { numberArray, textArray } from './pg-arrays.js';
import type { Sql } from './sql-session.js';

export class PgAccessPort implements AccessPort {
  constructor(private readonly sql: Sql) {}

  shareDashboard(dashboard: string, tokenHash: string, now: number): Promise<'created' | 'rotated'> {
    return this.sql.transaction(async (tx) => {
      const revoked = await tx.query('UPDATE dashboard_links SET revoked_at = $1 WHERE dashboard = $2 AND revoked_at IS NULL', [now, dashboard]);
      await tx.query('INSERT INTO dashboard_links (dashboard, token_hash, created_at) VALUES ($1, $2, $3)', [dashboard, tokenHash, now]);
      return (revoked.rowCount ?? 0) > 0 ? 'rotated' : 'created';
    });
  }

  async revokeDashboard(dashboard: string, now: number): Promise<boolean> {
    const { rowCount } = await this.sql.query('UPDATE dashboard_links SET revoked_at = $1 WHERE dashboard = $2 AND revoked_at IS NULL', [now, dashboard]);
    return (rowCount ?? 0) > 0;
  }

  async dashboardLinks(): Promise<DashboardLink[]> {
    const { rows } = await this.sql.query<LinkRow>(
      'SELECT DISTINCT ON (dashboard) dashboard, created_at, last_used_at, revoked_at FROM dashboard_links ORDER BY dashboard, id DESC',
    );
    return rows.map(toLink);
  }

  async liveLinkHashes(): Promise<LinkHash[]> {
    const { rows } = await this.sql.query<{ dashboard: string; token_hash: string }>('SELECT dashboard, token_hash FROM dashboard_links WHERE revoked_at IS NULL', [], 'trackz_live_links');
    return rows.map((row) => ({ dashboard: row.dashboard, tokenHash: row.token_hash }));
  }

  async touchLink(tokenHash: string, now: number): Promise<void> {
    await this.sql.query('UPDATE dashboard_links SET last_used_at = $1 WHERE token_hash = $2', [now, tokenHash]);
  }

  async createKey(name: string, role: ApiRole, keyHash: string, now: number): Promise<boolean> {
    const { rowCount } = await this.sql.query('INSERT INTO api_keys (name, role, key_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [name, role, keyHash, now]);
    return (rowCount ?? 0) > 0;
  }

  async revokeKey(name: string, now: number): Promise<boolean> {
    const { rowCount } = await this.sql.query('UPDATE api_keys SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL', [now, name]);
    return (rowCount ?? 0) > 0;
  }

  async keys(): Promise<ApiKeyInfo[]> {
    const { rows } = await this.sql.query<KeyRow>('SELECT name, role, created_at, last_used_at, revoked_at FROM api_keys ORDER BY id');
    return rows.map(toKey);
  }

  async liveKeyHashes(): Promise<KeyHash[]> {
    const { rows } = await this.sql.query<{ name: string; role: ApiRole; key_hash: string }>('SELECT name, role, key_hash FROM api_keys WHERE revoked_at IS NULL', [], 'trackz_live_keys');
    return rows.map((row) => ({ name: row.name, role: row.role, keyHash: row.key_hash }));
  }

  async touchKey(keyHash: string, now: number): Promise<void> {
    await this.sql.query('UPDATE api_keys SET last_used_at = $1 WHERE key_hash = $2', [now, keyHash]);
  }

  async audit(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map(auditValues);
    await this.sql.query(
      'INSERT INTO api_audit (key_name, method, path, status, at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bigint[])',
      [textArray(rows.map((r) => r[0])), textArray(rows.map((r) => r[1])), textArray(rows.map((r) => r[2])), numberArray(rows.map((r) => r[3])), numberArray(rows.map((r) => r[4]))],
    );
  }

  async auditLog(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const values: unknown[] = [query.since ?? 0, query.limit ?? 100];
    let where = 'at >= $1';
    if (query.keyName !== undefined) {
      values.push(query.keyName);
      where += ' AND key_name = $3';
    }
    const { rows } = await this.sql.query<AuditRow>(`SELECT key_name, method, path, status, at FROM api_audit WHERE ${where} ORDER BY at DESC, id DESC LIMIT $2`, values);
    return rows.map(toAudit);
  }

  pruneAudit(now: number, maxAgeMs: number, maxRows: number): Promise<number> {
    return this.sql.transaction(async (tx) => {
      const old = await tx.query('DELETE FROM api_audit WHERE at < $1', [now - maxAgeMs]);
      const over = await tx.query('DELETE FROM api_audit WHERE id <= (SELECT id FROM api_audit ORDER BY id DESC LIMIT 1 OFFSET $1)', [maxRows]);
      return (old.rowCount ?? 0) + (over.rowCount ?? 0);
    });
  }
}
