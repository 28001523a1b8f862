/**
 * `trackz data export` and `trackz data delete` as plain functions: a person's data (by IP and
 * User-Agent, or an account holder's events by email), a device, a site or agent (a site's with its
 * beacon clicks, scroll depths and custom events), a date range or the whole workspace. Export writes JSON;
 * delete shows the counts, asks on a terminal (or needs --yes), deletes in one transaction and
 * reports what went.
 */
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { parseDuration, parseDurationFlag } from '../../core/duration.js';
import { UserError } from '../../core/errors.js';
import { plural } from '../../core/plural.js';
import type { DataPlan, DataPorts, DataSelector, RequestCounts } from '../../privacy/data-rights.js';
import { loadConfig } from '../../config/load.js';
import { withStorage } from './with-storage.js';

export interface DataOptions {
  configPath?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** [IP, User-Agent] */
  visitor?: string[];
  device?: string;
  site?: string;
  agent?: string;
  all?: boolean;
  email?: string;
  since?: string;
  until?: string;
  now?: number;
}

/** `2024-05-01`, `2024-05-01T12:00:00Z`, or a duration meaning that long ago (`30d`). */
export function parseWhen(text: string, now: number, flag: string): number {
  if (parseDuration(text) !== undefined) return now - parseDurationFlag(text, flag);
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) {
    const ms = Date.parse(/T|\s/.test(text.trim()) ? text.trim() : `${text.trim()}T00:00:00Z`);
    if (Number.isFinite(ms)) return ms;
  }
  throw new UserError(`${flag}: expected a date (2024-05-01, 2024-05-01T12:00:00Z) or a duration ago (30d), got "${text}"`);
}

async function selectorFrom(options: DataOptions): Promise<DataSelector> {
  const now = options.now ?? Date.now();
  if (options.visitor && options.visitor.length !== 2) throw new UserError('--visitor takes two values: the IP address and the User-Agent, e.g. --visitor 203.0.113.7 "Mozilla/5.0 …"');
  return {
    visitor: options.visitor ? { ip: options.visitor[0]!, userAgent: options.visitor[1]! } : undefined,
    device: options.device,
    site: options.site,
    agent: options.agent,
    all: options.all,
    email: options.email,
    since: options.since === undefined ? undefined : parseWhen(options.since, now, '--since'),
    until: options.until === undefined ? undefined : parseWhen(options.until, now, '--until'),
  };
}

interface Request {
  ports: DataPorts;
  plan: DataPlan;
  description: string;
  workspace: string;
}

/** Loads the config, opens the storage and plans the request, then runs `work` on it. */
async function withRequest<T>(options: DataOptions, work: (request: Request) => Promise<T>): Promise<T> {
  const selector = await selectorFrom(options);
  const { describeSelector, planDataRequest } = await import('../../privacy/data-rights.js');
  const description = describeSelector(selector);
  const config = await loadConfig(options);
  const ifEmpty = (why: string): never => {
    throw new UserError(`nothing is stored yet (${why})`);
  };
  return withStorage(config, { ifEmpty }, async (storage) => {
    let family: { browser: string | null; os: string | null } | undefined;
    if (selector.visitor) {
      const { loadUserAgentClassifier } = await import('../../activity/sites/user-agent-classifier.js');
      const info = (await loadUserAgentClassifier())(selector.visitor.userAgent);
      family = { browser: info.browser || null, os: info.os || null };
    }
    return work({ ports: storage, plan: await planDataRequest(storage.activity, selector, family), description, workspace: config.workspace });
  });
}

const LABELS: Record<keyof RequestCounts, string> = {
  requests: 'request',
  pageViews: 'page view',
  sessions: 'session',
  events: 'device event',
  buckets: 'bucket',
  devices: 'device',
  optOuts: 'opt-out',
  clicks: 'click',
  scrollDepths: 'scroll depth',
  customEvents: 'custom event',
  accountEvents: 'account event',
};
export type CountedKind = Exclude<keyof RequestCounts, 'pageViews'>;
const DELETED_KINDS: CountedKind[] = ['requests', 'sessions', 'events', 'buckets', 'devices'];
const EXPORTED_KINDS: CountedKind[] = ['requests', 'sessions', 'events', 'optOuts'];
const BEACON: CountedKind[] = ['clicks', 'scrollDepths', 'customEvents'];

/**
 * What a request can hold, as its text names it: account events for an email; activity otherwise, with
 * the sites' beacon records when the request is by site or for everything (a visitor's or a device's
 * request holds none, and its text does not list them).
 */
const kindsOf = (plan: Pick<DataPlan, 'email' | 'beacon'>, activity: CountedKind[] = DELETED_KINDS): CountedKind[] =>
  plan.email !== undefined ? ['accountEvents'] : plan.beacon ? [...activity, ...BEACON] : activity;

/** `12 requests (5 page views), 1 session, …`: page views counted as `trackz activity` counts them. */
export function countsText(counts: RequestCounts, kinds: CountedKind[] = DELETED_KINDS): string {
  return kinds.map((kind) => `${plural(counts[kind], LABELS[kind])}${kind === 'requests' ? ` (${plural(counts.pageViews, LABELS.pageViews)})` : ''}`).join(', ');
}

export interface ExportResult {
  counts: RequestCounts;
  /** The kinds the request can hold, for the summary line (countsText). */
  kinds: CountedKind[];
  /** The JSON when no file was given. */
  output?: string;
}

export async function dataExport(options: DataOptions & { out?: string; write?: (text: string) => void }): Promise<ExportResult> {
  const { exportPlan } = await import('../../privacy/data-rights.js');
  return withRequest(options, async ({ ports, plan, description, workspace }) => {
    if (options.out) {
      const file = createWriteStream(resolve(options.cwd ?? process.cwd(), options.out));
      const write = (text: string) => (file.write(text) ? undefined : new Promise<void>((done) => file.once('drain', done)));
      const counts = await exportPlan(ports, plan, write, { workspace, of: description });
      await new Promise<void>((done, fail) => file.end(done).on('error', fail));
      return { counts, kinds: kindsOf(plan, EXPORTED_KINDS) };
    }
    const chunks: string[] = [];
    const counts = await exportPlan(ports, plan, options.write ?? ((text) => void chunks.push(text)), { workspace, of: description });
    return { counts, kinds: kindsOf(plan, EXPORTED_KINDS), output: options.write ? undefined : chunks.join('') };
  });
}

export interface DeleteOptions extends DataOptions {
  yes?: boolean;
  /** Asks the question on a terminal; resolves to the answer. Absent when stdin is not a terminal. */
  confirm?: (question: string) => Promise<boolean>;
  json?: boolean;
}

export async function dataDelete(options: DeleteOptions): Promise<string> {
  const { countPlan, deletePlan, shownCounts } = await import('../../privacy/data-rights.js');
  return withRequest(options, async ({ ports, plan, description }) => {
    const before = await countPlan(ports, plan);
    const kinds = kindsOf(plan);
    const total = kinds.reduce((sum, kind) => sum + before[kind], 0);
    if (total === 0) {
      return options.json ? `${JSON.stringify({ of: description, deleted: shownCounts(plan, before) }, null, 2)}\n` : `Nothing stored for ${description}.\n`;
    }
    if (!options.yes) {
      if (!options.confirm) throw new UserError(`refusing to delete without --yes when stdin is not a terminal (it would delete ${countsText(before, kinds)} of ${description})`);
      const ok = await options.confirm(`Delete ${countsText(before, kinds)} of ${description}? This cannot be undone. [y/N] `);
      if (!ok) return 'Nothing deleted.\n';
    }
    const deleted = await deletePlan(ports, plan);
    if (options.json) return `${JSON.stringify({ of: description, deleted: shownCounts(plan, deleted) }, null, 2)}\n`;
    const kept = before.optOuts ? `\nKept ${plural(before.optOuts, 'opt-out')}: deleting one would start tracking that visitor again.` : '';
    return `Deleted ${countsText(deleted, kinds)} of ${description}.${kept}\n`;
  });
}
