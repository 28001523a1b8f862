/**
 * Ingestion behind POST /collect. Beacons are queued in memory and written in batches (every
 * `flushMs`, or sooner once `maxPending` events wait): page views go through the same deciding stage
 * as an access-log import (src/activity/sites/site-request-decider.ts) — the same consent rules, the
 * same visitor hash (salt, material), the same sessions, the same country lookup — and into the same
 * site tables through the activity port; clicks, scrolls and custom events go to the heatmaps port
 * when the decider allows that client. The IP lives only in the queue and the decider's client cache.
 * `flush()` writes everything accepted so far: the daemon calls it on SIGTERM.
 */
import type { SiteConfig } from '../../config/schema/activity.js';
import { emptyStats } from '../../activity/import-stats.js';
import type { AccessLogRecord } from '../../activity/sites/access-log-record.js';
import { createDeciderSources } from '../../activity/sites/decider-sources.js';
import { requestTarget } from '../../activity/sites/page-view-rules.js';
import { SiteRequestDecider, siteRules, type SiteRules } from '../../activity/sites/site-request-decider.js';
import { applySiteRetention } from '../../activity/sites/site-retention.js';
import { loadCountryLookup } from '../../activity/geo/country-lookup.js';
import { oldestKeptSaltDay } from '../../privacy/visitor-hasher.js';
import { widthBucket, type BeaconRecords } from '../../storage/ports/heatmaps.js';
import type { SiteRowWriter, StoragePorts } from '../../storage/ports/index.js';
import type { Beacon } from './beacon-body.js';

export interface BeaconClient {
  ip: string;
  userAgent: string;
  /** The request's DNT header, or the page's navigator.doNotTrack. */
  dnt: boolean;
}

export interface CollectorOptions {
  storage: Pick<StoragePorts, 'activity' | 'heatmaps'>;
  /** The config's sites; those with `collect:` accept beacons. */
  sites: readonly SiteConfig[];
  /** The country database (.mmdb path), undefined for none. */
  geoDatabase?: string;
  flushMs?: number;
  maxPending?: number;
  /** How often retention (site age limits, session cap, old salts, heatmap rows) runs. */
  retentionEveryMs?: number;
  now?: () => number;
}

interface Pending {
  ts: number;
  client: BeaconClient;
  beacon: Beacon;
}

interface SiteState {
  site: SiteConfig;
  siteId: number;
  decider: SiteRequestDecider;
  /** One writer for the collector's life: it maps the decider's session keys to stored rows. */
  writer: SiteRowWriter;
  rules: SiteRules;
  queue: Pending[];
}

export class BeaconCollector {
  private pendingEvents = 0;
  private timer: NodeJS.Timeout | undefined;
  private retentionTimer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** Events accepted (202) and events stored: equal after `flush()`. */
  accepted = 0;
  stored = 0;

  private constructor(
    private readonly options: CollectorOptions,
    private readonly states: Map<string, SiteState>,
  ) {}

  static async open(options: CollectorOptions): Promise<BeaconCollector> {
    const now = options.now ?? Date.now;
    const activity = options.storage.activity;
    // The database (8 MB for DB-IP's) is read only when some site collects.
    const countryOf = options.sites.some((site) => site.collect) ? await loadCountryLookup(options.geoDatabase) : undefined;
    const states = new Map<string, SiteState>();
    for (const site of options.sites) {
      if (!site.collect) continue;
      const siteId = await activity.sourceId('site', site.name, now());
      const rules = siteRules(site);
      const sources = await createDeciderSources(activity, siteId, site.sessionTimeout, Date.now());
      sources.countryOf = countryOf;
      states.set(site.name, { site, siteId, rules, decider: new SiteRequestDecider(rules, sources, emptyStats('site', site.name)), writer: activity.siteWriter(siteId), queue: [] });
    }
    const collector = new BeaconCollector(options, states);
    collector.timer = setInterval(() => void collector.flush().catch(() => {}), options.flushMs ?? 200);
    collector.timer.unref();
    const every = options.retentionEveryMs ?? 3_600_000;
    collector.retentionTimer = setInterval(() => void collector.applyRetention().catch(() => {}), every);
    collector.retentionTimer.unref();
    return collector;
  }

  /** Whether a site accepts beacons. */
  has(site: string): boolean {
    return this.states.has(site);
  }

  site(name: string): SiteConfig | undefined {
    return this.states.get(name)?.site;
  }

  /** Queues one beacon (already validated, from an allowed origin, not a bot). */
  accept(beacon: Beacon, client: BeaconClient): void {
    const state = this.states.get(beacon.site);
    if (!state) return;
    state.queue.push({ ts: (this.options.now ?? Date.now)(), client, beacon });
    this.accepted += beacon.events.length;
    this.pendingEvents += beacon.events.length;
    if (this.pendingEvents >= (this.options.maxPending ?? 500)) void this.flush().catch(() => {});
  }

  /** Writes everything accepted so far (after any write already running). */
  flush(): Promise<void> {
    this.writing = this.writing.catch(() => {}).then(() => this.writeAll());
    return this.writing;
  }

  /** Stops the timers and writes what is left. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.retentionTimer);
    await this.flush();
  }

  /** Each site's retention as imports apply it (site-retention.ts), then expired salts. */
  async applyRetention(): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    const { activity, heatmaps } = this.options.storage;
    await this.flush();
    for (const state of this.states.values()) {
      await applySiteRetention({ activity, heatmaps }, state.siteId, state.site, now);
    }
    await activity.deleteSaltsBefore(oldestKeptSaltDay(now));
  }

  private async writeAll(): Promise<void> {
    const { heatmaps } = this.options.storage;
    for (const state of this.states.values()) {
      if (state.queue.length === 0) continue;
      const queue = state.queue;
      state.queue = [];
      let events = 0;
      const records: BeaconRecords = { clicks: [], scrolls: [], events: [] };
      for (const { ts, client, beacon } of queue) {
        events += beacon.events.length;
        await this.decide(state, ts, client, beacon, records);
      }
      this.pendingEvents -= events;
      await state.writer.write(state.decider.take(), undefined, (this.options.now ?? Date.now)());
      if (records.clicks.length || records.scrolls.length || records.events.length) await heatmaps.writeBeaconRecords(state.siteId, records);
      this.stored += events;
    }
  }

  private async decide(state: SiteState, ts: number, client: BeaconClient, beacon: Beacon, records: BeaconRecords): Promise<void> {
    const decider = state.decider;
    let allowed: boolean | undefined;
    const width = widthBucket(beacon.width);
    for (const event of beacon.events) {
      if (event.kind === 'pageview') {
        const record: AccessLogRecord = { ip: client.ip, ts, method: 'GET', target: event.url, status: 200, bytes: 0, referrer: event.referrer, userAgent: client.userAgent, dnt: client.dnt, vhost: '', country: '' };
        while (!decider.add(record)) await decider.fetchMissing();
        allowed = undefined;
        continue;
      }
      // Asked after the page views before it: an opt-out page view stops what follows it.
      if (allowed === undefined) {
        let answer = decider.allows(client.ip, client.userAgent, client.dnt);
        while (answer === 'need-key') {
          await decider.fetchMissing();
          answer = decider.allows(client.ip, client.userAgent, client.dnt);
        }
        allowed = answer;
      }
      if (!allowed) continue;
      const path = requestTarget(event.url, state.rules.target)?.path ?? event.url;
      if (event.kind === 'click') records.clicks.push({ ts, path, selector: event.selector, x: event.x, y: event.y, width });
      else if (event.kind === 'scroll') records.scrolls.push({ ts, path, depth: event.depth, width });
      else records.events.push({ ts, path, name: event.name, props: event.props });
    }
  }
}
