/**
 * Access: who may see what through `trackz serve`. Dashboard links (one live link per dashboard; a
 * share rotates it, a revoke ends it), API keys with a role, and the audit log of API requests.
 * Only hashes of tokens and keys are stored (SHA-256 of 128+ random bits: src/access/tokens.ts); the
 * audit log never holds a key, and is bounded (pruneAudit).
 */

export type ApiRole = 'viewer' | 'operator' | 'agent';
export const API_ROLES: readonly ApiRole[] = ['viewer', 'operator', 'agent'];

export interface DashboardLink {
  dashboard: string;
  createdAt: number;
  lastUsedAt: number | null;
  /** null while the link works. */
  revokedAt: number | null;
}

/** What the server checks a presented token against: the hash and whose it is. */
export interface LinkHash {
  dashboard: string;
  /** SHA-256 of the token, lowercase hex. */
  tokenHash: string;
}

export interface ApiKeyInfo {
  name: string;
  role: ApiRole;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface KeyHash {
  name: string;
  role: ApiRole;
  /** SHA-256 of the key, lowercase hex. */
  keyHash: string;
}

export interface AuditEntry {
  /** The key's name; null when no valid key was presented (a 401). */
  keyName: string | null;
  method: string;
  /** The path without its query string, at most 512 characters. */
  path: string;
  status: number;
  at: number;
}

export interface AuditQuery {
  keyName?: string;
  since?: number;
  /** Newest first; default 100. */
  limit?: number;
}

export interface AccessPort {
  // — dashboard links —
  /** Stores the hash of a new token as the dashboard's live link, revoking the one before (if any); says which. */
  shareDashboard(dashboard: string, tokenHash: string, now: number): Promise<'created' | 'rotated'>;
  /** Revokes the dashboard's live link; false when it had none. */
  revokeDashboard(dashboard: string, now: number): Promise<boolean>;
  /** The newest link of each dashboard that was ever shared (live or revoked), by name. */
  dashboardLinks(): Promise<DashboardLink[]>;
  /** The hashes of every live link (the server keeps them for a moment: a revoke shows within a second). */
  liveLinkHashes(): Promise<LinkHash[]>;
  /** Marks a link as used now. */
  touchLink(tokenHash: string, now: number): Promise<void>;

  // — API keys —
  /** Stores a new key's hash; false (and nothing stored) when a live key already has that name. */
  createKey(name: string, role: ApiRole, keyHash: string, now: number): Promise<boolean>;
  /** Revokes the live key of that name; false when there is none. */
  revokeKey(name: string, now: number): Promise<boolean>;
  /** Every key ever created (live and revoked), oldest first. */
  keys(): Promise<ApiKeyInfo[]>;
  liveKeyHashes(): Promise<KeyHash[]>;
  touchKey(keyHash: string, now: number): Promise<void>;

  // — audit —
  audit(entries: readonly AuditEntry[]): Promise<void>;
  auditLog(query?: AuditQuery): Promise<AuditEntry[]>;
  /** Deletes entries older than `maxAgeMs`, then the oldest beyond `maxRows`; returns how many went. */
  pruneAudit(now: number, maxAgeMs: number, maxRows: number): Promise<number>;
}
