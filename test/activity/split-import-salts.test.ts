/**
 * An import split at random points counts what one clean import counts — for days older than the
 * shared salts' window too, where each run used to make a fresh salt (one visitor became two). Split
 * two ways: a time limit (`shouldStop`, the import ends its run normally but unfinished) and a crash
 * (an exception after a committed batch: nothing after it runs, as with `kill -9`). On SQLite and on
 * PostgreSQL. The import's own salts are gone once it has read the log to the end.
 */
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActivityJob } from '../../src/activity/activity-job.js';
import { runImport } from '../../src/activity/run-import.js';
import { siteSchema } from '../../src/config/schema/activity.js';
import { DAY_MS, utcDay } from '../../src/privacy/visitor-hasher.js';
import { openStorage } from '../../src/storage/open.js';
import type { StorageOptions } from '../../src/storage/ports/index.js';
import { freshDatabase } from '../helpers/postgres.js';
import { useWorkspace } from '../helpers/workspace.js';
// @ts-expect-error plain ESM fixture without types
import { writeAccessLog } from '../fixtures/activity/generate-access-log.mjs';

const LINES = 12_000;
const NOW = Date.now();
const FIRST_DAY = utcDay(NOW) - 5;
const ws = useWorkspace('trackz-split-salts-');

beforeAll(async () => {
  // Six UTC days: four are past the shared salts' window at NOW.
  await writeAccessLog(ws.path('access.log'), { lines: LINES, startMs: FIRST_DAY * DAY_MS, endMs: NOW - 60_000, seed: 11 });
});

/** mulberry32: split points that differ per round but repeat per run of the test. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function job(storage: StorageOptions): ActivityJob {
  const site = v.parse(siteSchema, { name: 'split', logs: { path: ws.path('access.log') }, privacy: { maxSessions: 10_000_000 } });
  return { kind: 'site', site, storage, configDir: ws.dir };
}

/** The figures of each UTC day of the log and of the whole range, as the reports read them. */
async function figures(storage: StorageOptions) {
  const opened = await openStorage(storage);
  try {
    const siteId = (await opened.activity.findSource('site', 'split'))!;
    const days = [];
    for (let day = FIRST_DAY; day <= utcDay(NOW); day++) days.push(await opened.activity.siteFigures(siteId, day * DAY_MS, (day + 1) * DAY_MS, { ownHost: 'example.org', top: 5 }));
    const whole = await opened.activity.siteFigures(siteId, FIRST_DAY * DAY_MS, NOW, { ownHost: 'example.org', top: 5 });
    return { days, whole };
  } finally {
    await opened.close();
  }
}

async function importSaltsLeft(storage: StorageOptions): Promise<number> {
  const opened = await openStorage(storage);
  try {
    // Deleting by an age no salt can have counts them without touching any.
    return await opened.activity.deleteImportSalts({ createdBefore: -1 });
  } finally {
    await opened.close();
  }
}

/** Imports the log in pieces: each run stops (or crashes) after 1–6 committed batches, until one reads it to the end. */
async function splitImport(storage: StorageOptions, seed: number): Promise<string[]> {
  const next = random(seed);
  const runs: string[] = [];
  for (let round = 0; round < 200; round++) {
    const batches = 1 + Math.floor(next() * 6);
    const crash = next() < 0.5;
    let committed = 0;
    const options = { now: () => NOW, threads: false, blockBytes: 16 * 1024 };
    try {
      const stats = await runImport(job(storage), {
        ...options,
        shouldStop: () => !crash && committed >= batches,
        onBatch: () => {
          committed++;
          if (crash && committed >= batches) throw new Error('crash');
        },
      });
      runs.push(`${crash ? 'crash' : 'stop'}@${batches}`);
      if (stats.complete) return runs;
    } catch (error) {
      if ((error as Error).message !== 'crash') throw error;
      runs.push(`crash@${batches}`);
    }
  }
  throw new Error(`the split import did not finish in 200 runs: ${runs.join(' ')}`);
}

const backends: [string, (label: string) => Promise<StorageOptions>][] = [
  ['SQLite', async (label) => ({ target: { backend: 'sqlite', path: ws.path(`${label}.db`) }, workspace: 'test' })],
  ['PostgreSQL', async (label) => ({ target: { backend: 'postgres', url: await freshDatabase(`split_${label}`) }, workspace: 'test' })],
];

describe.each(backends)('an import split at random points (%s)', (_backend, storageFor) => {
  it('counts the visitors, sessions and requests of one clean import, old days included, and keeps no import salt after it', async () => {
    const clean = await storageFor('clean');
    const stats = await runImport(job(clean), { now: () => NOW, threads: false });
    expect(stats).toMatchObject({ complete: true });
    const expected = await figures(clean);
    expect(expected.whole.visitors).toBeGreaterThan(100);
    expect(expected.days.filter((day) => day.requests > 0)).toHaveLength(6);

    for (const seed of [1, 2]) {
      const split = await storageFor(`split${seed}`);
      const runs = await splitImport(split, seed);
      expect(runs.length, runs.join(' ')).toBeGreaterThan(2);
      expect(await figures(split), `split as ${runs.join(' ')}`).toEqual(expected);
      expect(await importSaltsLeft(split)).toBe(0);
    }
  }, 240_000);
});
