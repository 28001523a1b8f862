/**
 * `kill -9` in the middle of an import, then a re-run, gives exactly what one clean import gives:
 * the built binary imports a generated log twice into separate databases, one run killed (twice)
 * while batches are being committed. Compared: requests, sessions, visitors, per-path counts.
 */
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltFor } from '../helpers/built.js';
import { BIN, trackz } from '../helpers/cli.js';
import { useWorkspace } from '../helpers/workspace.js';
// @ts-expect-error plain ESM fixture without types
import { writeAccessLog } from '../fixtures/activity/generate-access-log.mjs';

const LINES = 600_000;
const ws = useWorkspace('trackz-crash-');

beforeAll(async () => {
  ensureBuiltFor(['src', 'plugins']);
  const now = Date.now();
  await writeAccessLog(ws.path('access.log'), { lines: LINES, startMs: now - 86_400_000, endMs: now - 60_000, malformedEvery: 10_000 });
  for (const dir of ['clean', 'killed']) ws.write(`${dir}/trackz.config.yaml`, `sites:\n  - name: big\n    logs: { path: ../access.log }\n    privacy: { maxSessions: 10000000 }\n`);
});

function fingerprint(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      integrity: db.prepare('PRAGMA integrity_check').pluck().get(),
      requests: db.prepare('SELECT COUNT(*) AS n, SUM(bytes) AS bytes, SUM(ts % 1000003) AS ts, SUM(status) AS status, SUM(bot) AS bots, SUM(page_view) AS views FROM site_page_views').get(),
      sessions: db.prepare('SELECT COUNT(*) AS n, SUM(requests) AS requests, SUM(page_views) AS views, SUM(ended_at - started_at) AS span, SUM(started_at % 1000003) AS starts FROM site_sessions').get(),
      visitors: db.prepare('SELECT COUNT(DISTINCT visitor_id) FROM site_page_views').pluck().get(),
      orphans: db.prepare('SELECT COUNT(*) FROM site_page_views p WHERE p.session_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM site_sessions s WHERE s.id = p.session_id)').pluck().get(),
      paths: db.prepare('SELECT path, COUNT(*) AS n FROM site_page_views GROUP BY path ORDER BY path').all(),
    };
  } finally {
    db.close();
  }
}

function storedRows(file: string): number {
  try {
    const db = new Database(file, { readonly: true, timeout: 1000 });
    try {
      return db.prepare('SELECT COUNT(*) FROM site_page_views').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

describe('kill -9 during an import', () => {
  it('a re-run after the kill gives exactly the rows of one clean import', async () => {
    const clean = await trackz(['import', 'big', '--json'], { cwd: ws.path('clean'), timeout: 180_000 });
    expect(clean.exitCode).toBe(0);
    const cleanStats = JSON.parse(clean.stdout);
    expect(cleanStats).toMatchObject({ lines: LINES, malformed: LINES / 10_000 });

    const dbFile = ws.path('killed/.trackz/trackz.db');
    const killedAt: number[] = [];
    for (let round = 0; round < 2; round++) {
      const child = execa(process.execPath, [BIN, 'import', 'big'], { cwd: ws.path('killed'), reject: false, stdin: 'ignore' });
      // Wait (bounded) until this run has committed batches of its own, then kill it without warning.
      const before = storedRows(dbFile);
      const deadline = Date.now() + 60_000;
      while (storedRows(dbFile) <= before && Date.now() < deadline && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 5));
      child.kill('SIGKILL');
      const result = await child;
      expect(result.signal, 'the import finished before it could be killed').toBe('SIGKILL');
      killedAt.push(storedRows(dbFile));
    }
    expect(killedAt[0]).toBeGreaterThan(0);
    expect(killedAt[1]).toBeLessThan(LINES);

    const rerun = await trackz(['import', 'big', '--json'], { cwd: ws.path('killed'), timeout: 180_000 });
    expect(rerun.exitCode).toBe(0);
    const rerunStats = JSON.parse(rerun.stdout);
    expect(rerunStats.lines).toBeLessThan(LINES);
    expect(rerunStats.files[0]).toMatchObject({ action: 'resume' });

    const expected = fingerprint(ws.path('clean/.trackz/trackz.db'));
    const actual = fingerprint(dbFile);
    expect(expected.integrity).toBe('ok');
    expect(expected.orphans).toBe(0);
    expect(actual).toEqual(expected);
  }, 300_000);
});
