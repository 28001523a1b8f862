/**
 * Data requests: which stored activity rows belong to a person (by IP and User-Agent, hashed with
 * every salt still held — older rows cannot be tied to anyone, by design), a device, a site or agent,
 * a date range, or the whole workspace; or an account holder's lifecycle events, by email; then
 * count, export (JSON, streamed) or delete them.
 * A site's beacon records (clicks, scroll depths, custom events) belong to no visitor: a request by
 * site or for everything holds them, a request by visitor, device or email never does.
 * Opt-outs are exported but not deleted: deleting one would start tracking that person again.
 * Import cursors are kept, so deleted log lines are not imported again from the same files.
 *
 * The plan is declarative (RowSets); the storage adapter turns it into queries.
 */
import { UserError } from '../core/errors.js';
import type { AccountsPort } from '../storage/ports/accounts.js';
import type { ActivityPort, DataCounts, RowSet, TimeRange } from '../storage/ports/activity.js';
import { BEACON_KINDS, type BeaconCounts, type HeatmapPort } from '../storage/ports/heatmaps.js';
import { canonicalIp } from './ip-address.js';
import { DAY_MS, optOutId, visitorHash } from './visitor-hasher.js';

/** The activity rows of a request, the beacon records of its sites, and the account events of an email. */
export type RequestCounts = DataCounts & BeaconCounts & { accountEvents: number };
export type { BeaconCounts, DataCounts };

/** The ports a data request reads through. */
export interface DataReadPorts {
  activity: ActivityPort;
  accounts: AccountsPort;
  heatmaps: HeatmapPort;
}

/** And deletes through: every port's part in one transaction (the Storage is one). */
export interface DataPorts extends DataReadPorts {
  transaction<T>(work: (tx: DataReadPorts) => Promise<T>): Promise<T>;
}

/** A site's beacon records in a request: all of them, or those in its time range. */
export interface BeaconSet {
  source: string;
  siteId: number;
  range: TimeRange;
}

export interface DataSelector {
  /** A visitor, by what the web server saw. */
  visitor?: { ip: string; userAgent: string };
  device?: string;
  site?: string;
  agent?: string;
  /** Every site and agent. */
  all?: boolean;
  /** An account holder: the account lifecycle events of this email (any case). */
  email?: string;
  /** Epoch ms bounds on when things happened: [since, until). */
  since?: number;
  until?: number;
}

/** The browser and OS family of the visitor's User-Agent: narrows matches on a stored IP (`visitorId: plain`). */
export interface AgentFamily {
  browser: string | null;
  os: string | null;
}

export interface DataPlan {
  selector: DataSelector;
  sets: RowSet[];
  /**
   * The sites whose beacon records the request holds; absent when it cannot hold any (a visitor,
   * device, agent or email), so outputs do not mention them.
   */
  beacon?: BeaconSet[];
  /** The email whose account events belong to the request, normalised as they are stored. */
  email?: string;
}

/** Account events keep emails trimmed and lower-cased (src/activity/accounts/account-event.ts). */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** Checks the combination of selectors a person gave; returns a sentence describing it. */
export function describeSelector(selector: DataSelector): string {
  const chosen = [selector.visitor && 'visitor', selector.device && 'device', selector.all && 'all', selector.email !== undefined && 'email'].filter(Boolean);
  if (selector.email !== undefined) {
    if (!/^[^@\s]+@[^@\s]+$/.test(selector.email.trim())) throw new UserError(`--email: expected an email address (name@example.com), got "${selector.email}"`);
    if (selector.site || selector.agent) throw new UserError('--email finds account events, which belong to no site or agent: leave out --site and --agent');
    if (selector.since !== undefined || selector.until !== undefined) throw new UserError("--email finds all of that person's account events: leave out --since and --until");
  }
  if (selector.visitor && selector.agent) throw new UserError('--visitor identifies web visitors: combine it with --site, not --agent');
  if (selector.device && selector.site) throw new UserError('--device identifies an agent device: combine it with --agent, not --site');
  if (selector.all && (selector.site || selector.agent)) throw new UserError('--all means every site and agent: leave out --site and --agent');
  if (chosen.length > 1) throw new UserError('choose one of --visitor, --device, --email or --all');
  if (chosen.length === 0 && !selector.site && !selector.agent) throw new UserError('say whose data: --visitor IP --user-agent UA, --device NAME, --email EMAIL, --site NAME, --agent NAME, or --all');
  if (selector.site && selector.agent && !selector.visitor && !selector.device) throw new UserError('give --site or --agent, not both');
  const who = selector.email !== undefined
    ? `the account holder ${normaliseEmail(selector.email)}`
    : selector.visitor
    ? `the visitor ${selector.visitor.ip} with that User-Agent${selector.site ? ` on site ${selector.site}` : ' on every site'}`
    : selector.device
      ? `the device ${selector.device}${selector.agent ? ` of agent ${selector.agent}` : ''}`
      : selector.all
        ? 'every site and agent'
        : selector.site
          ? `site ${selector.site}`
          : `agent ${selector.agent}`;
  const when = [selector.since !== undefined && `since ${new Date(selector.since).toISOString()}`, selector.until !== undefined && `until ${new Date(selector.until).toISOString()}`].filter(Boolean).join(' ');
  return when ? `${who}, ${when}` : who;
}

export async function planDataRequest(activity: ActivityPort, selector: DataSelector, family?: AgentFamily): Promise<DataPlan> {
  describeSelector(selector);
  // Account events are found by email alone; an email selects no activity rows.
  if (selector.email !== undefined) return { selector, sets: [], email: normaliseEmail(selector.email) };
  const sets: RowSet[] = [];
  let beacon: BeaconSet[] | undefined;
  const dated = selector.since !== undefined || selector.until !== undefined;
  const range: TimeRange = { since: selector.since, until: selector.until };
  const wantSites = Boolean(selector.visitor || selector.all || (selector.site && !selector.device));
  const wantAgents = Boolean(selector.device || selector.all || (selector.agent && !selector.visitor));

  if (wantSites) {
    const sites = (await activity.sources('site')).filter((site) => !selector.site || site.name === selector.site);
    if (selector.site && sites.length === 0) throw new UserError(`no data stored for site "${selector.site}"`);
    if (selector.visitor) {
      // However the address was typed, it is looked up in the spelling imports stored and hashed.
      const ip = canonicalIp(selector.visitor.ip);
      const userAgent = selector.visitor.userAgent;
      const salts = await activity.heldSalts();
      const optOutKey = await activity.namedKey('opt-out', false);
      for (const site of sites) {
        const at = { source: site.name, siteId: site.id, range };
        for (const { day, salt } of salts) {
          // The hash of a day's salt matches only that day's rows.
          const id = visitorHash(salt, site.name, ip, userAgent);
          sets.push({ kind: 'requests', ...at, visitor: { id, day: [day * DAY_MS, (day + 1) * DAY_MS] } });
          sets.push({ kind: 'sessions', ...at, visitor: { id } });
        }
        // Sites with `visitorId: plain` stored the IP: those rows match whatever their day.
        const stored = family ? { ip, browser: family.browser, os: family.os } : { ip };
        sets.push({ kind: 'requests', ...at, visitor: stored });
        sets.push({ kind: 'sessions', ...at, visitor: stored });
        if (optOutKey) sets.push({ kind: 'optOuts', source: site.name, siteId: site.id, visitorKey: optOutId(optOutKey, site.name, ip, userAgent) });
      }
    } else {
      beacon = [];
      for (const site of sites) {
        sets.push({ kind: 'requests', source: site.name, siteId: site.id, range });
        sets.push({ kind: 'sessions', source: site.name, siteId: site.id, range });
        if (!dated) sets.push({ kind: 'optOuts', source: site.name, siteId: site.id });
        beacon.push({ source: site.name, siteId: site.id, range });
      }
    }
  }

  if (wantAgents) {
    const agents = (await activity.sources('agent')).filter((agent) => !selector.agent || agent.name === selector.agent);
    if (selector.agent && agents.length === 0) throw new UserError(`no data stored for agent "${selector.agent}"`);
    let found = 0;
    for (const agent of agents) {
      for (const device of await activity.devices(agent.id, selector.device)) {
        found++;
        const source = `${agent.name}/${device.name}`;
        sets.push({ kind: 'events', source, deviceId: device.id, range });
        if (!dated) {
          sets.push({ kind: 'buckets', source, deviceId: device.id });
          sets.push({ kind: 'devices', source, deviceId: device.id });
        }
      }
    }
    if (selector.device && found === 0) throw new UserError(`no data stored for device "${selector.device}"${selector.agent ? ` of agent ${selector.agent}` : ''}`);
  }
  return { selector, sets, ...(beacon ? { beacon } : {}) };
}

const noCounts = (): RequestCounts => ({ requests: 0, pageViews: 0, sessions: 0, events: 0, buckets: 0, devices: 0, optOuts: 0, clicks: 0, scrollDepths: 0, customEvents: 0, accountEvents: 0 });

/** Adds one site's beacon counts into the request's. */
function addBeacon(counts: RequestCounts, beacon: BeaconCounts): void {
  for (const kind of BEACON_KINDS) counts[kind] += beacon[kind];
}

/** The counts as outputs show them: without beacon kinds when the request cannot hold any. */
export function shownCounts(plan: DataPlan, counts: RequestCounts): Partial<RequestCounts> {
  if (plan.beacon) return counts;
  const { clicks: _c, scrollDepths: _s, customEvents: _e, ...shown } = counts;
  return shown;
}

export async function countPlan(ports: DataReadPorts, plan: DataPlan): Promise<RequestCounts> {
  const counts = { ...noCounts(), ...(await ports.activity.countRows(plan.sets)) };
  for (const set of plan.beacon ?? []) addBeacon(counts, await ports.heatmaps.countRecords(set.siteId, set.range));
  if (plan.email !== undefined) counts.accountEvents = await ports.accounts.countByEmail(plan.email);
  return counts;
}

/**
 * Deletes every row of the plan (opt-outs excepted) in ONE transaction: activity rows, beacon records
 * and account events go together or not at all. Returns what went.
 */
export async function deletePlan(ports: DataPorts, plan: DataPlan): Promise<RequestCounts> {
  return ports.transaction(async (tx) => {
    const counts = { ...noCounts(), ...(await tx.activity.deleteRows(plan.sets)) };
    for (const set of plan.beacon ?? []) addBeacon(counts, await tx.heatmaps.deleteRecords(set.siteId, set.range));
    if (plan.email !== undefined) counts.accountEvents = await tx.accounts.deleteByEmail(plan.email);
    return counts;
  });
}

const EXPORTED_KINDS = ['requests', 'sessions', 'events', 'optOuts'] as const;

/** Writes the plan's rows as one JSON document, row by row (no whole export in memory). */
export async function exportPlan(ports: DataReadPorts, plan: DataPlan, write: (text: string) => Promise<void> | void, meta: Record<string, unknown>): Promise<RequestCounts> {
  const { activity, heatmaps } = ports;
  const counts = noCounts();
  await write(`{\n  "exportedAt": ${JSON.stringify(new Date().toISOString())},\n  "selection": ${JSON.stringify(meta)},\n  "sources": [`);
  const exported = plan.sets.filter((set) => (EXPORTED_KINDS as readonly string[]).includes(set.kind));
  const sources = [...new Set(exported.map((set) => set.source))];
  for (const [i, source] of sources.entries()) {
    await write(`${i ? ',' : ''}\n    { "source": ${JSON.stringify(source)}`);
    for (const kind of EXPORTED_KINDS) {
      const sets = exported.filter((set) => set.source === source && set.kind === kind);
      if (sets.length === 0) continue;
      await write(`, ${JSON.stringify(kind)}: [`);
      let first = true;
      for await (const { row } of activity.exportRows(sets)) {
        await write(`${first ? '' : ','}\n      ${JSON.stringify(row)}`);
        first = false;
        counts[kind]++;
        if (kind === 'requests' && row.pageView === true && row.bot === false) counts.pageViews++;
      }
      await write(first ? ']' : '\n    ]');
    }
    // The site's beacon records follow its page views, kind by kind, in the same streamed way.
    for (const set of (plan.beacon ?? []).filter((set) => set.source === source)) {
      for (const kind of BEACON_KINDS) {
        await write(`, ${JSON.stringify(kind)}: [`);
        let first = true;
        for await (const row of heatmaps.exportRecords(set.siteId, kind, set.range)) {
          await write(`${first ? '' : ','}\n      ${JSON.stringify(row)}`);
          first = false;
          counts[kind]++;
        }
        await write(first ? ']' : '\n    ]');
      }
    }
    await write(' }');
  }
  if (plan.email !== undefined) {
    // One person's account events are few: listed whole, times as ISO strings like every export row.
    const events = await ports.accounts.eventsByEmail(plan.email);
    const rows = events.map((e) => ({ ...e, at: new Date(e.at).toISOString(), receivedAt: new Date(e.receivedAt).toISOString() }));
    await write(`${sources.length ? ',' : ''}\n    { "source": "accounts", "accountEvents": [${rows.map((row) => `\n      ${JSON.stringify(row)}`).join(',')}${rows.length ? '\n    ' : ''}] }`);
    counts.accountEvents = rows.length;
  }
  await write(`\n  ],\n  "counts": ${JSON.stringify(shownCounts(plan, counts))}\n}\n`);
  return counts;
}
