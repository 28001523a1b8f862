/**
 * `trackz data export` and `trackz data delete` as plain functions: a person's data (by IP and
 * User-Agent), a device, a site or agent, a date range or the whole workspace. Export writes JSON;
 * delete shows the counts, asks on a terminal (or needs --yes), deletes in one transaction and
 * reports what went.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { parseDuration, parseDurationFlag } from '../../core/duration.js';
import { UserError } from '../../core/errors.js';
import type { DataCounts, DataSelector } from '../../privacy/data-rights.js';

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
    since: options.since === undefined ? undefined : parseWhen(options.since, now, '--since'),
    until: options.until === undefined ? undefined : parseWhen(options.until, now, '--until'),
  };
}

async function open(options: DataOptions) {
  const selector = await selectorFrom(options);
  const { describeSelector, planDataRequest } = await import('../../privacy/data-rights.js');
  const description = describeSelector(selector);
  const config = await loadConfig(options);
  await config.registry.disposeAll();
  if (!existsSync(config.storage.path)) throw new UserError(`nothing is stored yet (${config.storage.path} does not exist)`);
  const { openActivityDb } = await import('../../activity/activity-db.js');
  const db = await openActivityDb(config.storage.path);
  try {
    let family: { browser: string | null; os: string | null } | undefined;
    if (selector.visitor) {
      const { loadUserAgentClassifier } = await import('../../activity/sites/user-agent-classifier.js');
      const info = (await loadUserAgentClassifier())(selector.visitor.userAgent);
      family = { browser: info.browser || null, os: info.os || null };
    }
    return { db, plan: planDataRequest(db, selector, family), description, workspace: config.workspace };
  } catch (error) {
    db.close();
    throw error;
  }
}

const LABELS: Record<keyof DataCounts, string> = { pageViews: 'page views', sessions: 'sessions', events: 'device events', buckets: 'buckets', devices: 'devices', optOuts: 'opt-outs' };

export function countsText(counts: DataCounts, kinds: (keyof DataCounts)[] = ['pageViews', 'sessions', 'events', 'buckets', 'devices']): string {
  return kinds.map((kind) => `${counts[kind].toLocaleString('en-US')} ${LABELS[kind]}`).join(', ');
}

export interface ExportResult {
  counts: DataCounts;
  /** The JSON when no file was given. */
  output?: string;
}

export async function dataExport(options: DataOptions & { out?: string; write?: (text: string) => void }): Promise<ExportResult> {
  const { db, plan, description, workspace } = await open(options);
  const { exportPlan } = await import('../../privacy/data-rights.js');
  try {
    if (options.out) {
      const file = createWriteStream(resolve(options.cwd ?? process.cwd(), options.out));
      const write = (text: string) => (file.write(text) ? undefined : new Promise<void>((done) => file.once('drain', done)));
      const counts = await exportPlan(db, plan, write, { workspace, of: description });
      await new Promise<void>((done, fail) => file.end(done).on('error', fail));
      return { counts };
    }
    const chunks: string[] = [];
    const counts = await exportPlan(db, plan, options.write ?? ((text) => void chunks.push(text)), { workspace, of: description });
    return { counts, output: options.write ? undefined : chunks.join('') };
  } finally {
    db.close();
  }
}

export interface DeleteOptions extends DataOptions {
  yes?: boolean;
  /** Asks the question on a terminal; resolves to the answer. Absent when stdin is not a terminal. */
  confirm?: (question: string) => Promise<boolean>;
  json?: boolean;
}

export async function dataDelete(options: DeleteOptions): Promise<string> {
  const { db, plan, description } = await open(options);
  const { countPlan, deletePlan } = await import('../../privacy/data-rights.js');
  try {
    const before = countPlan(db, plan);
    const total = before.pageViews + before.sessions + before.events + before.buckets + before.devices;
    if (total === 0) {
      return options.json ? `${JSON.stringify({ of: description, deleted: before }, null, 2)}\n` : `Nothing stored for ${description}.\n`;
    }
    if (!options.yes) {
      if (!options.confirm) throw new UserError(`refusing to delete without --yes when stdin is not a terminal (it would delete ${countsText(before)} of ${description})`);
      const ok = await options.confirm(`Delete ${countsText(before)} of ${description}? This cannot be undone. [y/N] `);
      if (!ok) return 'Nothing deleted.\n';
    }
    const deleted = deletePlan(db, plan);
    if (options.json) return `${JSON.stringify({ of: description, deleted }, null, 2)}\n`;
    const kept = before.optOuts ? `\nKept ${before.optOuts.toLocaleString('en-US')} opt-out${before.optOuts === 1 ? '' : 's'}: deleting one would start tracking that visitor again.` : '';
    return `Deleted ${countsText(deleted)} of ${description}.${kept}\n`;
  } finally {
    db.close();
  }
}
