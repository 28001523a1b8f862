/**
 * `kill -9` of a process writing into PostgreSQL, at random moments: every batch it committed is
 * there with its cursor (rows and cursor move in one transaction, so they always agree), nothing of
 * the batch it was writing is, and the next process continues from the cursor. The writer is a real
 * child process (vite-node running the adapter), killed with SIGKILL.
 */
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../src/storage/ports/index.js';
import { openPostgresStorage } from '../../src/storage/postgres/open.js';
import { ROOT } from '../helpers/cli.js';
import { freshDatabase } from '../helpers/postgres.js';

const CHILD = new URL('../fixtures/storage/pg-batch-writer.ts', import.meta.url).pathname;
const children = new Set<ResultPromise>();
let url: string;
let storage: Storage;

beforeAll(async () => {
  url = await freshDatabase('kill9');
  storage = await openPostgresStorage({ target: { backend: 'postgres', url }, workspace: 'kill9' });
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.allSettled(children);
  await storage?.close();
});

/** Starts a writer, waits until it has committed `batches` more batches, then SIGKILLs it after a random pause. */
async function writeThenKill(batches: number): Promise<number> {
  const child = execa(process.execPath, [`${ROOT}/node_modules/vite-node/vite-node.mjs`, CHILD, url, 'kill9'], { cwd: ROOT, reject: false, stdin: 'ignore', timeout: 120_000 });
  children.add(child);
  let seen = 0;
  let newest = 0;
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        const match = /^stored (\d+)$/.exec(line);
        if (!match) continue;
        newest = Number(match[1]);
        if (++seen === batches) resolve();
      }
    });
    void child.then((result) => reject(new Error(`the writer ended by itself: ${result.stderr}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 150));
  child.kill('SIGKILL');
  const result = await child;
  children.delete(child);
  expect(result.signal).toBe('SIGKILL');
  return newest;
}

async function stored(): Promise<{ rows: number; sessions: number; cursorLine: number }> {
  const siteId = (await storage.activity.findSource('site', 'kill9'))!;
  const counts = await storage.activity.countRows([
    { kind: 'requests', source: 'kill9', siteId, range: {} },
    { kind: 'sessions', source: 'kill9', siteId, range: {} },
  ]);
  const [cursor] = await storage.activity.loadCursors(siteId);
  return { rows: counts.requests, sessions: counts.sessions, cursorLine: cursor!.line };
}

describe('kill -9 while writing into PostgreSQL', () => {
  it('keeps every committed batch with its cursor, and the next process continues from there', async () => {
    let committed = 0;
    for (const batches of [3, 5, 2]) {
      const printed = await writeThenKill(batches);
      const now = await stored();
      // Rows and cursor agree: whole batches only, never a part of the one being written.
      expect(now.rows).toBe(now.cursorLine);
      expect(now.rows % 500).toBe(0);
      expect(now.sessions).toBe(now.rows / 500);
      // Everything it said it stored is there (maybe one more, committed before it could say so).
      expect(now.rows / 500).toBeGreaterThanOrEqual(printed);
      expect(now.rows / 500).toBeLessThanOrEqual(printed + 1);
      expect(now.rows / 500).toBeGreaterThan(committed);
      committed = now.rows / 500;
    }
  }, 120_000);
});
