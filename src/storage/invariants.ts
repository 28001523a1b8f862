/**
 * trackz's own invariants, checked by `trackz storage verify` on either backend: relations the schema
 * does not enforce with a foreign key (a request's session is written in the same transaction, but
 * retention and data requests delete them separately), so only trackz can tell when one is broken.
 * Each query counts the rows that break one; the same SQL runs on SQLite and PostgreSQL.
 */
export const INVARIANTS: readonly { what: string; sql: string }[] = [
  {
    what: 'requests whose session does not exist',
    sql: 'SELECT COUNT(*) AS n FROM site_page_views p WHERE p.session_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM site_sessions s WHERE s.id = p.session_id)',
  },
  {
    what: 'requests of a site that does not exist',
    sql: 'SELECT COUNT(*) AS n FROM site_page_views p WHERE NOT EXISTS (SELECT 1 FROM activity_sources s WHERE s.id = p.site_id)',
  },
  {
    what: 'sessions that end before they start',
    sql: 'SELECT COUNT(*) AS n FROM site_sessions WHERE ended_at < started_at',
  },
];

/** One line per broken invariant. */
export function invariantProblems(counts: readonly number[]): string[] {
  return INVARIANTS.flatMap((invariant, i) => (counts[i] ? [`${counts[i]} ${invariant.what} (trackz invariant)`] : []));
}
