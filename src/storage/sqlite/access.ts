/** Dashboard links, API keys and the audit log in SQLite (migration 5): hashes only, never a token or key. */
import type { AccessPort, ApiKeyInfo, ApiRole, AuditEntry, AuditQuery, DashboardLink, KeyHash, LinkHash } from '../ports/access.js';
import { auditValues, toAudit, toKey, toLink, type AuditRow, type KeyRow, type LinkRow } from '../serve-rows.js';
import type { SqliteConnection } from './connection.js';
import type { Runner } from './gate.js';

export class SqliteAccess implements AccessPort {
  constructor(
    private readonly c: SqliteConnection,
    private readonly run: Runner,
  ) {}

  shareDashboard(dashboard: string, tokenHash: string, now: number): Promise<'created' | 'rotated'> {
    return this.run(() =>
      this.c.immediate(() => {
        const rotated = this.c.sql('UPDATE dashboard_links SET revoked_at = ? WHERE dashboard = ? AND revoked_at IS NULL').run(now, dashboard).changes > 0;
        this.c.sql('INSERT INTO dashboard_links (dashboard, token_hash, created_at) VALUES (?, ?, ?)').run(dashboard, tokenHash, now);
        return rotated ? 'rotated' : 'created';
      }),
    );
  }

  revokeDashboard(dashboard: string, now: number): Promise<boolean> {
    return this.run(() => this.c.sql('UPDATE dashboard_links SET revoked_at = ? WHERE dashboard = ? AND revoked_at IS NULL').run(now, dashboard).changes > 0);
  }

  dashboardLinks(): Promise<DashboardLink[]> {
    return this.run(() =>
      (
        this.c
          .sql('SELECT dashboard, created_at, last_used_at, revoked_at FROM dashboard_links l WHERE id = (SELECT MAX(id) FROM dashboard_links WHERE dashboard = l.dashboard) ORDER BY dashboard')
          .all() as LinkRow[]
      ).map(toLink),
    );
  }

  liveLinkHashes(): Promise<LinkHash[]> {
    return this.run(() =>
      (this.c.sql('SELECT dashboard, token_hash FROM dashboard_links WHERE revoked_at IS NULL').all() as { dashboard: string; token_hash: string }[]).map((row) => ({
        dashboard: row.dashboard,
        tokenHash: row.token_hash,
      })),
    );
  }

  touchLink(tokenHash: string, now: number): Promise<void> {
    return this.run(() => void this.c.sql('UPDATE dashboard_links SET last_used_at = ? WHERE token_hash = ?').run(now, tokenHash));
  }

  createKey(name: string, role: ApiRole, keyHash: string, now: number): Promise<boolean> {
    return this.run(() => this.c.sql('INSERT INTO api_keys (name, role, key_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(name, role, keyHash, now).changes > 0);
  }

  revokeKey(name: string, now: number): Promise<boolean> {
    return this.run(() => this.c.sql('UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL').run(now, name).changes > 0);
  }

  keys(): Promise<ApiKeyInfo[]> {
    return this.run(() => (this.c.sql('SELECT name, role, created_at, last_used_at, revoked_at FROM api_keys ORDER BY id').all() as KeyRow[]).map(toKey));
  }

  liveKeyHashes(): Promise<KeyHash[]> {
    return this.run(() =>
      (this.c.sql('SELECT name, role, key_hash FROM api_keys WHERE revoked_at IS NULL').all() as { name: string; role: ApiRole; key_hash: string }[]).map((row) => ({
        name: row.name,
        role: row.role,
        keyHash: row.key_hash,
      })),
    );
  }

  touchKey(keyHash: string, now: number): Promise<void> {
    return this.run(() => void this.c.sql('UPDATE api_keys SET last_used_at = ? WHERE key_hash = ?').run(now, keyHash));
  }

  audit(entries: readonly AuditEntry[]): Promise<void> {
    return this.run(() => {
      if (entries.length === 0) return;
      const insert = this.c.sql('INSERT INTO api_audit (key_name, method, path, status, at) VALUES (?, ?, ?, ?, ?)');
      this.c.immediate(() => {
        for (const entry of entries) insert.run(...auditValues(entry));
      });
    });
  }

  auditLog(query: AuditQuery = {}): Promise<AuditEntry[]> {
    return this.run(() => {
      const where = ['at >= ?'];
      const values: unknown[] = [query.since ?? 0];
      if (query.keyName !== undefined) {
        where.push('key_name = ?');
        values.push(query.keyName);
      }
      const sql = `SELECT key_name, method, path, status, at FROM api_audit WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT ?`;
      return (this.c.sql(sql).all(...values, query.limit ?? 100) as AuditRow[]).map(toAudit);
    });
  }

  pruneAudit(now: number, maxAgeMs: number, maxRows: number): Promise<number> {
    return this.run(() =>
      this.c.immediate(() => {
        const old = this.c.sql('DELETE FROM api_audit WHERE at < ?').run(now - maxAgeMs).changes;
        const cut = this.c.value('SELECT id FROM api_audit ORDER BY id DESC LIMIT 1 OFFSET ?').get(maxRows) as number | undefined;
        const over = cut === undefined ? 0 : this.c.sql('DELETE FROM api_audit WHERE id <= ?').run(cut).changes;
        return old + over;
      }),
    );
  }
}
