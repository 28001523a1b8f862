/** What the deciding stage reads through the activity port (opt-outs, stored sessions, salts, the opt-out key) and the country database. */
import { importSalts } from '../../privacy/import-salts.js';
import type { ActivityPort } from '../../storage/ports/activity.js';
import type { DeciderSources } from './site-request-decider.js';
import { loadUserAgentClassifier } from './user-agent-classifier.js';

export async function createDeciderSources(activity: ActivityPort, siteId: number, sessionTimeoutMs: number, now: number, geoDatabase?: string): Promise<DeciderSources> {
  const [open, optOuts, classify, countryOf] = await Promise.all([
    activity.openSessions(siteId, sessionTimeoutMs),
    activity.optOuts(siteId),
    loadUserAgentClassifier(),
    geoDatabase === undefined ? undefined : import('../geo/country-lookup.js').then((geo) => geo.loadCountryLookup(geoDatabase)),
  ]);
  return {
    classify,
    countryOf,
    // Salts are saved (committed on their own) before any row hashed with them: a crash can leave a salt without rows, never the reverse.
    // Days past the shared salts' window get this import's own (import-salts.ts).
    saltFor: importSalts(activity, siteId, now),
    optOutKey: async () => (await activity.namedKey('opt-out', true))!,
    optOuts: new Set(optOuts),
    openSessions: new Map(open.map((session) => [session.visitorId, session])),
  };
}
