/**
 * Two and more real `trackz check` processes writing one SQLite file at once, as a cron run and a
 * `watch` do: no SQLITE_BUSY, no lost row, a file that passes integrity_check. The first wave
 * starts on a file that does not exist yet, so the processes also race to create and migrate it.
 */
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/storage/sqlite/migrations/index.js';
import { ensureBuiltFor } from '../helpers/built.js';
import { BIN } from '../helpers/cli.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { useWorkspace } from '../helpers/workspace.js';

const MONITORS = 200;
const PROCESSES = 4;
const workspace = useWorkspace('trackz-multi-');
let server: FaultServer;

beforeAll(async () => {
  ensureBuiltFor(['src', 'plugins']);
  server = await startFaultServer();
  // Half answer at once, half after 0-450 ms: each process writes in many small batches over a
  // couple of seconds, so the processes' transactions interleave.
  const monitors = Array.from({ length: MONITORS }, (_, i) => `  - { name: m${String(i).padStart(3, '0')}, type: uptime, url: "${server.url}/${i % 2 ? `sleep/${(i % 10) * 50}` : 'ok'}" }`);
  workspace.write('trackz.config.yaml', `workspace: multi\nmonitors:\n${monitors.join('\n')}\n`);
});
afterAll(async () => {
  await server?.close();
});

function runWave(count: number) {
  return Promise.all(
    Array.from({ length: count }, () =>
      execa(process.execPath, [BIN, 'check', '--reporter', 'json', '--concurrency', '16'], {
        cwd: workspace.dir,
        reject: false,
        stdin: 'ignore',
        timeout: 90_000,
        env: { NO_COLOR: '1', TRACKZ_LOG: 'warn' },
      }),
    ),
  );
}

describe('several processes, one database file', () => {
  it('every process finishes cleanly and every row is there, from a fresh file and then an existing one', async () => {
    const dbPath = workspace.path('.trackz', 'trackz.db');
    for (const wave of [1, 2]) {
      const results = await runWave(PROCESSES);
      for (const result of results) {
        expect(result.stderr).not.toMatch(/SQLITE_BUSY|database is locked|Error/);
        expect(result.exitCode).toBe(0);
        const report = JSON.parse(String(result.stdout)) as { summary: { total: number; up: number } };
        expect(report.summary).toMatchObject({ total: MONITORS, up: MONITORS });
      }

      const db = new Database(dbPath, { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('user_version', { simple: true })).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
        const runs = db.prepare('SELECT id, finished_at, total, up FROM runs ORDER BY id').all() as { id: number; finished_at: number | null; total: number; up: number }[];
        expect(runs).toHaveLength(wave * PROCESSES);
        for (const run of runs) {
          expect(run).toMatchObject({ total: MONITORS, up: MONITORS });
          expect(run.finished_at).not.toBeNull();
          expect(db.prepare('SELECT COUNT(*) FROM results WHERE run_id = ?').pluck().get(run.id)).toBe(MONITORS);
        }
        // One row per monitor per run: none lost, none doubled; each monitor created once.
        expect(db.prepare('SELECT COUNT(*) FROM monitors').pluck().get()).toBe(MONITORS);
        const perMonitor = db.prepare('SELECT COUNT(*) AS n FROM results GROUP BY monitor_id').pluck().all() as number[];
        expect(new Set(perMonitor)).toEqual(new Set([wave * PROCESSES]));
        expect(perMonitor).toHaveLength(MONITORS);
      } finally {
        db.close();
      }
    }
  }, 240_000);
});
