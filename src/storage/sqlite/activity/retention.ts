/**
 * Activity retention in SQLite: a maximum age per kind of data, and a cap on sessions per site (the
 * oldest sessions and their requests go). Each step is its own short transaction; all are
 * idempotent, so a crash between them is harmless.
 */
import type { SiteRetention } from '../../ports/activity.js';
import type { SqliteConnection } from '../connection.js';

export function applySiteRetention(c: SqliteConnection, siteId: number, policy: SiteRetention, now: number): Record<string, number> {
  const deleted = { pageViews: 0, sessions: 0 };
  c.immediate(() => {
    deleted.pageViews += c.sql('DELETE FROM site_page_views WHERE site_id = ? AND ts < ?').run(siteId, now - policy.pageViewsMs).changes;
    deleted.sessions += c.sql('DELETE FROM site_sessions WHERE site_id = ? AND started_at < ?').run(siteId, now - policy.sessionsMs).changes;
  });

  // The newest session past the cap: it and everything older goes.
  const cut = c.sql('SELECT id, started_at FROM site_sessions WHERE site_id = ? ORDER BY started_at DESC, id DESC LIMIT 1 OFFSET ?').get(siteId, policy.maxSessions) as { id: number; started_at: number } | undefined;
  if (cut) {
    c.immediate(() => {
      const older = 'site_id = ? AND (started_at < ? OR (started_at = ? AND id <= ?))';
      const args = [siteId, cut.started_at, cut.started_at, cut.id];
      const lastEnd = c.value(`SELECT MAX(ended_at) FROM site_sessions WHERE ${older}`).get(...args) as number;
      // Requests of those sessions lie between the first session's start and the last one's end: the ts index finds them.
      deleted.pageViews += c.sql(`DELETE FROM site_page_views WHERE site_id = ? AND ts <= ? AND session_id IN (SELECT id FROM site_sessions WHERE ${older})`).run(siteId, lastEnd, ...args).changes;
      deleted.sessions += c.sql(`DELETE FROM site_sessions WHERE ${older}`).run(...args).changes;
    });
  }
  return deleted;
}

export function applyAgentRetention(c: SqliteConnection, agentId: number, eventsMs: number, now: number): Record<string, number> {
  const events = c.sql('DELETE FROM agent_events WHERE end_at < ? AND bucket_id IN (SELECT id FROM agent_buckets WHERE agent_id = ?)').run(now - eventsMs, agentId).changes;
  return { events };
}
