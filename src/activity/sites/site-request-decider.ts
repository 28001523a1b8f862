/**
 * The deciding stage of a site import: for each parsed request, the privacy decisions (DNT, opt-out,
 * bots, what of the request is kept, the visitor hash), then its session, then its row in the batch.
 * It holds no database transaction: it reads (opt-outs, sessions stored by earlier imports, salts)
 * through small callbacks, and what it decides travels to the writer in a SiteBatch.
 *
 * Deciding is synchronous, line by line; the keys it needs (a day's salt, the opt-out key) come from
 * the storage, which is async. So `add` refuses a request — before changing anything — when a key it
 * needs is not at hand yet: the caller awaits `fetchMissing()` and adds the request again.
 */
import { countSkip, type ImportStats } from '../import-stats.js';
import { ownString } from '../own-string.js';
import { canonicalIp } from '../../privacy/ip-address.js';
import { optOutId, utcDay, visitorHash } from '../../privacy/visitor-hasher.js';
import { consentDecision } from '../../privacy/tracking-consent.js';
import type { AccessLogRecord } from './access-log-record.js';
import { isPageView, MAX_PATH_LENGTH, referrerHost, requestTarget, type TargetRules } from './page-view-rules.js';
import { SESSION_WIDTH, type StoredSession } from '../../storage/ports/activity.js';
import { SiteBatchBuilder, type SiteBatch } from './site-batch.js';
import { continuesSession, extendSession } from './sessionizer.js';
import type { UserAgentClassifier, UserAgentInfo } from './user-agent-classifier.js';
import type { CountryLookup } from '../geo/country-lookup.js';
import type { SiteConfig } from '../../config/schema/activity.js';

export type VisitorIdMode = 'hashed' | 'plain' | 'none';

export interface SiteRules {
  site: string;
  visitorId: VisitorIdMode;
  honorDoNotTrack: boolean;
  target: TargetRules;
  sessionTimeoutMs: number;
  /** The country database (.mmdb path) for requests whose log carries no country; none when undefined. */
  geoDatabase?: string;
}

/** A site's rules from its config: the same for the access-log import and the beacon. */
export function siteRules(site: SiteConfig, geoDatabase?: string): SiteRules {
  return {
    site: site.name,
    visitorId: site.privacy.visitorId,
    honorDoNotTrack: site.privacy.honorDoNotTrack,
    target: { keepQuery: site.privacy.keepQuery, optOutParam: site.privacy.optOutParam, optInParam: site.privacy.optInParam },
    sessionTimeoutMs: site.sessionTimeout,
    geoDatabase,
  };
}

export interface DeciderSources {
  classify: UserAgentClassifier;
  /** Country of an address ('' unknown): looked up once per client, then only the code is kept. */
  countryOf?: CountryLookup;
  /** The salt of a UTC day, created (and committed) when missing. */
  saltFor(day: number): Promise<Buffer>;
  /** The opt-out key, created when missing. */
  optOutKey(): Promise<Buffer>;
  /** Visitors who opted out (by their opt-out key), as stored. */
  optOuts: Set<number>;
  /** Sessions stored by earlier imports that a later request may still continue, by visitor. */
  openSessions: Map<number, StoredSession>;
}

/** A session as this import holds it: the stored fields, its row (-1 until written), and whether it changed. */
interface Session extends Omit<StoredSession, 'id'> {
  key: number;
  rowId: number;
  dirty: boolean;
}

/**
 * One client (IP address and User-Agent) seen by this import: its User-Agent's classification, its
 * visitor hash for the current day and that visitor's open session. Found by IP, then by comparing
 * User-Agents, so a line costs one short-key lookup and no hashing of the long User-Agent.
 */
interface Client {
  ua: string;
  agent: UserAgentInfo;
  day: number;
  visitorId: number;
  session: Session | undefined;
  /** Its country code, looked up on first sight ('' unknown). */
  country: string;
  /** The opt-out id (keyed hash that does not rotate), computed when first needed. */
  optOutId: number;
  lastTs: number;
}

/** `missing` for the opt-out key (salts are named by their day, never negative). */
const OPT_OUT_KEY = -1;

/** Clients kept in memory; beyond this, idle ones are forgotten (what matters is stored). */
const CLIENT_CACHE_LIMIT = 50_000;

export class SiteRequestDecider {
  private readonly clients = new Map<string, Client | Client[]>();
  private clientCount = 0;
  /** Sessions of earlier imports that may continue, until a client claims them. */
  private readonly storedOpen = new Map<number, Session>();
  private dirty: Session[] = [];
  private evicted: number[] = [];
  private optOutChanges: [number, number, number][] = [];
  private readonly rows = new SiteBatchBuilder();
  private optOutKey: Buffer | undefined;
  private readonly salts = new Map<number, Buffer>();
  /** The key `add` last refused a request for: a day's salt, or the opt-out key (-1). */
  private missing: number | undefined;
  private nextKey = 1;

  constructor(
    private readonly rules: SiteRules,
    private readonly sources: DeciderSources,
    private readonly stats: ImportStats,
  ) {
    for (const stored of sources.openSessions.values()) {
      const { id, ...fields } = stored;
      this.storedOpen.set(stored.visitorId, { ...fields, key: this.nextKey++, rowId: id, dirty: false });
    }
  }

  /**
   * Decides what of one request is kept and adds its row to the batch. False, with nothing changed,
   * when it needs a key first: await `fetchMissing()`, then add the same request again.
   */
  add(r: AccessLogRecord): boolean {
    const rules = this.rules;
    const stats = this.stats;
    if (stats.newestTs === null || r.ts > stats.newestTs) stats.newestTs = r.ts;
    // Most targets are a bare path: no query to look at, nothing to allocate.
    const bare = r.target.charCodeAt(0) === 47 && r.target.indexOf('?') < 0 && r.target.indexOf('#') < 0 && r.target.length <= MAX_PATH_LENGTH;
    const target = bare ? { path: r.target, consent: undefined } : r.method === '' ? undefined : requestTarget(r.target, rules.target);
    if (!target || r.method === '') {
      countSkip(stats, 'not-a-request');
      return true;
    }
    // One spelling per address: `2001:DB8::1` and `2001:db8:0::1` are one client, stored (visitorId: plain) as one.
    const ip = canonicalIp(r.ip);
    const client = this.client(ip, r.userAgent);
    client.lastTs = r.ts;
    const agent = client.agent;
    const pageView = isPageView(r.method, target.path, r.status) ? 1 : 0;
    const referrer = referrerHost(r.referrer);
    // What the log says (a CDN's header) wins; else the database's answer for this client.
    const country = r.country || client.country;
    if (agent.bot) {
      // Bots are kept as requests but never as visitors: no hash, no session.
      this.rows.add(r.ts, NaN, -1, pageView, r.status, r.bytes, 1, target.path, referrer, agent.browser, agent.os, country, '');
      stats.bots++;
      stats.imported++;
      return true;
    }

    let optedOut = false;
    const optOuts = this.sources.optOuts;
    if (target.consent !== undefined || optOuts.size > 0) {
      if (client.optOutId < 0) {
        if (!this.optOutKey) return this.need(OPT_OUT_KEY);
        client.optOutId = optOutId(this.optOutKey, rules.site, ip, r.userAgent);
      }
      optedOut = optOuts.has(client.optOutId);
    }
    const decision = consentDecision({ dnt: r.dnt, honorDoNotTrack: rules.honorDoNotTrack, signal: target.consent, optedOut });
    const day = rules.visitorId === 'none' ? -1 : utcDay(r.ts);
    // A tracked request of a new day for this client is hashed with that day's salt.
    if (decision.track && day >= 0 && client.day !== day && !this.salts.has(day)) return this.need(day);
    if (decision.optedOut !== optedOut) {
      if (decision.optedOut) optOuts.add(client.optOutId);
      else optOuts.delete(client.optOutId);
      this.optOutChanges.push([client.optOutId, decision.optedOut ? 1 : 0, r.ts]);
    }
    if (!decision.track) {
      countSkip(stats, decision.skipped ?? 'consent');
      return true;
    }

    let visitorId = NaN;
    let sessionKey = -1;
    if (day >= 0) {
      if (client.day !== day) {
        // A new day, a new salt: a new visitor, whose session (if any) was stored by an earlier import.
        client.day = day;
        if (client.session) this.evicted.push(client.session.key);
        client.visitorId = visitorHash(this.salts.get(day)!, rules.site, ip, r.userAgent);
        client.session = this.storedOpen.get(client.visitorId);
        if (client.session) this.storedOpen.delete(client.visitorId);
      }
      visitorId = client.visitorId;
      const session = this.sessionFor(client, r.ts, pageView ? target.path : null);
      session.requests++;
      session.pageViews += pageView;
      if (session.entryPath === null && pageView) session.entryPath = ownString(target.path);
      if (!session.dirty) {
        session.dirty = true;
        this.dirty.push(session);
      }
      sessionKey = session.key;
    }
    this.rows.add(r.ts, visitorId, sessionKey, pageView, r.status, r.bytes, 0, target.path, referrer, agent.browser, agent.os, country, rules.visitorId === 'plain' ? ip : '');
    stats.imported++;
    return true;
  }

  /**
   * Whether a client may be tracked now — not a bot, no DNT the site honours, no stored opt-out —
   * without changing anything (the beacon's clicks and custom events ride on this). False, with
   * `fetchMissing()` to await, when the opt-out key is not at hand yet: ask again after it.
   */
  allows(rawIp: string, userAgent: string, dnt: boolean): boolean | 'need-key' {
    const ip = canonicalIp(rawIp);
    const client = this.client(ip, userAgent);
    if (client.agent.bot || (this.rules.honorDoNotTrack && dnt)) return false;
    if (this.sources.optOuts.size === 0) return true;
    if (client.optOutId < 0) {
      if (!this.optOutKey) {
        this.need(OPT_OUT_KEY);
        return 'need-key';
      }
      client.optOutId = optOutId(this.optOutKey, this.rules.site, ip, userAgent);
    }
    return !this.sources.optOuts.has(client.optOutId);
  }

  /** Fetches the key the last refused request needed. */
  async fetchMissing(): Promise<void> {
    const missing = this.missing;
    this.missing = undefined;
    if (missing === OPT_OUT_KEY) this.optOutKey = await this.sources.optOutKey();
    else if (missing !== undefined) this.salts.set(missing, await this.sources.saltFor(missing));
  }

  private need(key: number): false {
    this.missing = key;
    return false;
  }

  /** Everything decided since the last call, as the parts of a batch. */
  take(): Pick<SiteBatch, 'count' | 'numbers' | 'texts' | 'sessionCount' | 'sessions' | 'sessionEntries' | 'evicted' | 'optOuts'> {
    const sessions = new Float64Array(this.dirty.length * SESSION_WIDTH);
    const entries: string[] = [];
    let at = 0;
    for (const s of this.dirty) {
      sessions[at++] = s.key;
      sessions[at++] = s.rowId;
      sessions[at++] = s.visitorId;
      sessions[at++] = s.startedAt;
      sessions[at++] = s.endedAt;
      sessions[at++] = s.requests;
      sessions[at++] = s.pageViews;
      entries.push(s.entryPath ?? '');
      s.dirty = false;
    }
    const batch = { ...this.rows.take(), sessionCount: this.dirty.length, sessions, sessionEntries: entries.join('\n'), evicted: this.evicted, optOuts: this.optOutChanges };
    this.dirty = [];
    this.evicted = [];
    this.optOutChanges = [];
    this.evictIdle();
    return batch;
  }

  /** The cached client for an IP and User-Agent, created (and its User-Agent classified) on first sight. */
  private client(ip: string, userAgent: string): Client {
    const found = this.clients.get(ip);
    if (found !== undefined) {
      if (!Array.isArray(found)) {
        if (found.ua === userAgent) return found;
      } else {
        for (const client of found) if (client.ua === userAgent) return client;
      }
    }
    const client: Client = { ua: ownString(userAgent), agent: this.sources.classify(userAgent), country: this.sources.countryOf?.(ip) ?? '', day: -1, visitorId: NaN, session: undefined, optOutId: -1, lastTs: 0 };
    if (found === undefined) this.clients.set(ownString(ip), client);
    else if (Array.isArray(found)) found.push(client);
    else this.clients.set(ownString(ip), [found, client]);
    this.clientCount++;
    return client;
  }

  /** Forgets clients idle for longer than a session once there are many (their sessions are stored). */
  private evictIdle(): void {
    if (this.clientCount < CLIENT_CACHE_LIMIT) return;
    const horizon = (this.stats.newestTs ?? 0) - this.rules.sessionTimeoutMs;
    const forget = (client: Client) => {
      if (client.lastTs >= horizon && this.clientCount <= 2 * CLIENT_CACHE_LIMIT) return false;
      if (client.session) this.evicted.push(client.session.key);
      this.clientCount--;
      return true;
    };
    for (const [ip, found] of this.clients) {
      if (!Array.isArray(found)) {
        if (forget(found)) this.clients.delete(ip);
        continue;
      }
      const kept = found.filter((client) => !forget(client));
      if (kept.length === 0) this.clients.delete(ip);
      else this.clients.set(ip, kept.length === 1 ? kept[0]! : kept);
    }
  }

  /** The client's open session for a request at `ts`, or a new one. */
  private sessionFor(client: Client, ts: number, path: string | null): Session {
    const session = client.session;
    if (session && continuesSession(session, ts, this.rules.sessionTimeoutMs)) {
      extendSession(session, ts);
      return session;
    }
    if (session) this.evicted.push(session.key);
    const next: Session = { key: this.nextKey++, rowId: -1, visitorId: client.visitorId, startedAt: ts, endedAt: ts, requests: 0, pageViews: 0, entryPath: path === null ? null : ownString(path), dirty: false };
    client.session = next;
    return next;
  }
}
