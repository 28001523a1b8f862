/**
 * Retention for activity data, applied at the end of every import: a maximum age per kind of data,
 * and a cap on sessions per site (the oldest sessions and their requests are replaced).
 * Each step is its own short transaction; all are idempotent, so a crash between them is harmless.
 */
import type { Database } from 'better-sqlite3';

export interface SiteRetention {
  pageViewsMs: number;
  sessionsMs: number;
  maxSessions: number;
}

export function applySiteRetention(db: Database, siteId: number, policy: SiteRetention, now: number): Record<string, number> {
  const deleted = { pageViews: 0, sessions: 0 };
  db.transaction(() => {
    deleted.pageViews += db.prepare('DELETE FROM site_page_views WHERE site_id = ? AND ts < ?').run(siteId, now - policy.pageViewsMs).changes;
    deleted.sessions += db.prepare('DELETE FROM site_sessions WHERE site_id = ? AND started_at < ?').run(siteId, now - policy.sessionsMs).changes;
  }).immediate();

  // The newest session past the cap: it and everything older goes.
  const cut = db
    .prepare('SELECT id, started_at FROM site_sessions WHERE site_id = ? ORDER BY started_at DESC, id DESC LIMIT 1 OFFSET ?')
    .get(siteId, policy.maxSessions) as { id: number; started_at: number } | undefined;
  if (cut) {
    db.transaction(() => {
      const older = 'site_id = ? AND (started_at < ? OR (started_at = ? AND id <= ?))';
      const args = [siteId, cut.started_at, cut.started_at, cut.id];
      const lastEnd = db.prepare(`SELECT MAX(ended_at) FROM site_sessions WHERE ${older}`).pluck().get(...args) as number;
      // Requests of those sessions lie between the first session's start and the last one's end: the ts index finds them.
      deleted.pageViews += db
        .prepare(`DELETE FROM site_page_views WHERE site_id = ? AND ts <= ? AND session_id IN (SELECT id FROM site_sessions WHERE ${older})`)
        .run(siteId, lastEnd, ...args).changes;
      deleted.sessions += db.prepare(`DELETE FROM site_sessions WHERE ${older}`).run(...args).changes;
    }).immediate();
  }
  return deleted;
}

export function applyAgentRetention(db: Database, agentId: number, eventsMs: number, now: number): Record<string, number> {
  const events = db
    .prepare('DELETE FROM agent_events WHERE end_at < ? AND bucket_id IN (SELECT id FROM agent_buckets WHERE agent_id = ?)')
    .run(now - eventsMs, agentId).changes;
  return { events };
}
