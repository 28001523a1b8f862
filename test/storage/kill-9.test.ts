/**
 * `kill -9` at any moment leaves a database that opens and passes integrity_check, and the next
 * run works. The real binary runs 2,000 checks against a local server and is SIGKILLed while it
 * writes: at a random number of stored rows (polled from this process, as a `watch` would read),
 * and at random moments from its start (start-up, migration, first batch…).
 */
import Database from 'better-sqlite3';
import { execa, type ResultPromise } from 'execa';
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltFor } from '../helpers/built.js';
import { BIN } from '../helpers/cli.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { useWorkspace } from '../helpers/workspace.js';

const MONITORS = 2000;
const workspace = useWorkspace('trackz-kill9-');
const dbPath = workspace.path('.trackz', 'trackz.db');
let server: FaultServer;
const children = new Set<ResultPromise>();

beforeAll(async () => {
  ensureBuiltFor(['src', 'plugins']);
  server = await startFaultServer();
  // 0-190 ms per check: results keep arriving for a couple of seconds, in many batches.
  const monitors = Array.from({ length: MONITORS }, (_, i) => `  - { name: m${i}, type: uptime, url: "${server.url}/sleep/${(i % 20) * 10}" }`);
  workspace.write('trackz.config.yaml', `workspace: kill9\nmonitors:\n${monitors.join('\n')}\n`);
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.allSettled(children);
  await server?.close();
});

function check(args: string[] = []) {
  const child = execa(process.execPath, [BIN, 'check', '--reporter', 'json', '--concurrency', '100', ...args], {
    cwd: workspace.dir,
    reject: false,
    stdin: 'ignore',
    timeout: 120_000,
    env: { NO_COLOR: '1', TRACKZ_LOG: 'warn' },
  });
  children.add(child);
  void child.finally(() => children.delete(child));
  return child;
}

/** Rows stored so far, read the way a second process would (null while the file or schema is not there yet). */
function storedRows(): number | null {
  if (!existsSync(dbPath)) return null;
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT COUNT(*) FROM results').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

/** Opens the file as trackz would after the crash and checks it thoroughly. */
function verify(): { integrity: string; rows: number } {
  const db = new Database(dbPath);
  try {
    return { integrity: db.pragma('integrity_check', { simple: true }) as string, rows: db.prepare('SELECT COUNT(*) FROM results').pluck().get() as number };
  } finally {
    db.close();
  }
}

const random = (min: number, max: number) => min + Math.floor(Math.random() * (max - min));

describe('kill -9 while writing', () => {
  it('the database opens, passes integrity_check, and the next run succeeds, after every kill', async () => {
    const outcomes: string[] = [];
    // Kills at a number of rows stored by this run (mid-write), and at moments after start.
    const plan: ({ atRows: number } | { afterMs: number })[] = [
      { afterMs: random(150, 700) }, // on a file that does not exist yet: start-up, creation, migration
      { atRows: random(1, 400) },
      { atRows: random(400, 1200) },
      { afterMs: random(700, 2500) },
      { atRows: random(1200, 1990) },
      { atRows: random(1, 1990) },
      { afterMs: random(300, 3000) },
    ];
    rmSync(workspace.path('.trackz'), { recursive: true, force: true });
    let midWrite = 0;

    for (const step of plan) {
      const before = storedRows() ?? 0;
      const child = check();
      let exited = false;
      void child.finally(() => (exited = true));
      if ('afterMs' in step) {
        await new Promise((resolve) => setTimeout(resolve, step.afterMs));
      } else {
        // Bounded poll: the whole run takes a few seconds; give up waiting after 60 s.
        const deadline = performance.now() + 60_000;
        while (!exited && performance.now() < deadline && (storedRows() ?? 0) - before < step.atRows) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const killedWhileRunning = !exited;
      child.kill('SIGKILL');
      const result = await child;
      // Killed before the store was opened: there is no file yet, which is fine too.
      const { integrity, rows } = existsSync(dbPath) ? verify() : { integrity: 'ok (no file yet)', rows: 0 };
      const written = rows - before;
      outcomes.push(`${JSON.stringify(step)} → ${killedWhileRunning ? `killed (${result.signal})` : `exited ${result.exitCode}`} with ${written} new rows; integrity ${integrity}`);
      expect(integrity).toMatch(/^ok/);
      if (killedWhileRunning) expect(result.signal).toBe('SIGKILL');
      if (killedWhileRunning && written > 0 && written < MONITORS) midWrite++;

      // The next run over a few monitors works and stores its results.
      const next = await check(['m1', 'm2', 'm3']);
      expect(next.stderr).toBe('');
      expect(next.exitCode).toBe(0);
      expect(verify()).toEqual({ integrity: 'ok', rows: rows + 3 });
    }

    console.info(outcomes.join('\n'));
    // Most kills landed while results were being written (else this test would prove little).
    expect(midWrite).toBeGreaterThanOrEqual(3);
  }, 300_000);
});
