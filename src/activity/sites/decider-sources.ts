/** What the deciding stage reads from the database: opt-outs, stored sessions, salts, the opt-out key. */
import type { Database } from 'better-sqlite3';
import { namedKey, SaltStore } from '../../privacy/salt-store.js';
import type { DeciderSources, StoredSession } from './site-request-decider.js';
import { loadUserAgentClassifier } from './user-agent-classifier.js';

export async function createDeciderSources(db: Database, siteId: number, sessionTimeoutMs: number): Promise<DeciderSources> {
  const salts = new SaltStore(db);
  // Sessions that ended within a timeout of the newest stored one may be continued by the next lines.
  const storedUntil = db.prepare('SELECT MAX(ended_at) FROM site_sessions WHERE site_id = ?').pluck().get(siteId) as number | null;
  const open =
    storedUntil === null
      ? []
      : (db
          .prepare(
            'SELECT id, visitor_id AS visitorId, started_at AS startedAt, ended_at AS endedAt, requests, page_views AS pageViews, entry_path AS entryPath FROM site_sessions WHERE site_id = ? AND ended_at >= ? ORDER BY ended_at',
          )
          .all(siteId, storedUntil - sessionTimeoutMs) as StoredSession[]);
  return {
    classify: await loadUserAgentClassifier(),
    // Salts are saved (autocommit) before any row hashed with them: a crash can leave a salt without rows, never the reverse.
    saltFor: (day) => salts.saltFor(day),
    optOutKey: () => namedKey(db, 'opt-out'),
    optOuts: new Set(db.prepare('SELECT visitor_key FROM site_opt_outs WHERE site_id = ?').pluck().all(siteId) as number[]),
    openSessions: new Map(open.map((session) => [session.visitorId, session])),
  };
}
