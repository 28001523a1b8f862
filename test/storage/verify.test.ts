/**
 * A damaged database, for real: a SQLite file whose index page the test overwrites, and a PostgreSQL
 * workspace with rows that break trackz's invariants. `trackz storage verify` (the built binary) says
 * what is wrong and exits 1. A run that finds its predecessor killed with the file open (`kill -9`)
 * quick-checks first: it writes on into a whole file, and refuses a damaged one naming
 * `trackz storage verify`, leaving the file as it was.
 */
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { openSync, readFileSync, writeSync, closeSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltFor } from '../helpers/built.js';
import { BIN, trackz } from '../helpers/cli.js';
import { adminQuery, freshDatabase } from '../helpers/postgres.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-verify-');
let counter = 0;

beforeAll(() => ensureBuiltFor(['src', 'plugins']));

/** A folder with a config whose one monitor is a command that runs `script`, and a database with one result. */
async function project(script = 'echo ok'): Promise<{ dir: string; db: string }> {
  const dir = ws.path(`p${++counter}`);
  ws.write(`p${counter}/trackz.config.yaml`, `monitors:\n  - name: job\n    type: command\n    run: [sh, -c, "${script}"]\n    timeout: 30s\n`);
  return { dir, db: `${dir}/.trackz/trackz.db` };
}

/** Overwrites the first page of an index with zeros: the file opens, the tables read, the index is damaged. */
function damageIndex(db: string, index: string): void {
  const handle = new Database(db);
  const pageSize = handle.pragma('page_size', { simple: true }) as number;
  const root = handle.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').pluck().get(index) as number;
  handle.close(); // checkpoints the WAL into the file
  const fd = openSync(db, 'r+');
  try {
    writeSync(fd, Buffer.alloc(pageSize), 0, pageSize, (root - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
}

function openHandles(db: string): number {
  try {
    const handle = new Database(db, { readonly: true, timeout: 1000 });
    try {
      return handle.prepare('SELECT COUNT(*) FROM open_handles').pluck().get() as number;
    } finally {
      handle.close();
    }
  } catch {
    return 0;
  }
}

/** Starts `trackz check` (its monitor sleeps), and kills it with SIGKILL once it has the file open. */
async function killWhileOpen(dir: string, db: string): Promise<void> {
  const child = execa(process.execPath, [BIN, 'check'], { cwd: dir, reject: false, stdin: 'ignore' });
  const deadline = Date.now() + 30_000;
  while (openHandles(db) === 0 && Date.now() < deadline && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
  child.kill('SIGKILL');
  const result = await child;
  expect(result.signal, 'the check finished before it could be killed').toBe('SIGKILL');
  expect(openHandles(db)).toBe(1);
}

describe('trackz storage verify (SQLite)', () => {
  it('says a whole file is whole, and lists what a damaged index breaks, exit 1', async () => {
    const { dir, db } = await project();
    expect((await trackz(['check'], { cwd: dir })).exitCode).toBe(0);
    const whole = await trackz(['storage', 'verify'], { cwd: dir });
    expect(whole.exitCode, whole.stderr).toBe(0);
    expect(whole.stdout).toBe(`${db}: no problems found (PRAGMA integrity_check, PRAGMA foreign_key_check, trackz invariants).`);

    damageIndex(db, 'results_ts');
    const damaged = await trackz(['storage', 'verify', '--json'], { cwd: dir });
    expect(damaged.exitCode).toBe(1);
    const report = JSON.parse(damaged.stdout);
    expect(report).toMatchObject({ location: db, ok: false });
    expect(report.problems.join('\n')).toMatch(/page|index|btreeInitPage/i);
    const text = await trackz(['storage', 'verify'], { cwd: dir });
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toMatch(new RegExp(`^${db}: \\d+ problems? found \\(PRAGMA integrity_check`));
    expect(text.stdout).toContain('Restore the file from a backup');
  }, 120_000);

  it('with nothing stored yet there is nothing to verify: exit 2, and no file is created', async () => {
    const { dir, db } = await project();
    const result = await trackz(['storage', 'verify'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^trackz: nothing to verify: /);
    expect(() => readFileSync(db)).toThrow();
  });
});

describe('after a process was killed with the file open', () => {
  it('a whole file: the next run quick-checks it, writes on, and clears the mark', async () => {
    const { dir, db } = await project('sleep 5; echo ok');
    expect((await trackz(['check'], { cwd: dir, timeout: 30_000 })).exitCode).toBe(0);
    await killWhileOpen(dir, db);
    ws.write(`${dir.split('/').pop()}/trackz.config.yaml`, 'monitors:\n  - { name: job, type: command, run: [echo, ok] }\n');
    const next = await trackz(['check'], { cwd: dir });
    expect(next.exitCode, next.stderr).toBe(0);
    expect(openHandles(db)).toBe(0);
  }, 150_000);

  it('a damaged file: the next run refuses to write, names `trackz storage verify`, and leaves the file as it was', async () => {
    const { dir, db } = await project('sleep 5; echo ok');
    expect((await trackz(['check'], { cwd: dir, timeout: 30_000 })).exitCode).toBe(0);
    await killWhileOpen(dir, db);
    damageIndex(db, 'results_ts');
    const before = readFileSync(db);
    const next = await trackz(['check'], { cwd: dir });
    expect(next.exitCode).toBe(1);
    const message = next.stderr.trim();
    expect(message.split("\n"), message).toHaveLength(1);
    expect(message).toMatch(new RegExp(`^trackz: the database ${db} is damaged: a trackz process that had it open \\(pid \\d+, since .+\\) did not close it, and PRAGMA quick_check found: .+\\. Nothing was written; run \`trackz storage verify\` for the full report`));
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(openHandles(db)).toBe(1);
    expect((await trackz(['storage', 'verify'], { cwd: dir })).exitCode).toBe(1);
  }, 150_000);
});

describe('trackz storage verify (PostgreSQL)', () => {
  it("runs amcheck on trackz's indexes when installed, and finds rows that break trackz's invariants", async () => {
    const url = await freshDatabase('verify');
    const dir = ws.path('pg');
    ws.write('pg/trackz.config.yaml', `storage: { url: "${url}" }\nmonitors:\n  - { name: job, type: command, run: [echo, ok] }\n`);
    expect((await trackz(['check'], { cwd: dir })).exitCode).toBe(0);
    const without = await trackz(['storage', 'verify', '--json'], { cwd: dir });
    expect(without.exitCode, without.stderr).toBe(0);
    expect(JSON.parse(without.stdout).checks[0]).toMatch(/^amcheck not installed/);

    await adminQuery(url, 'CREATE EXTENSION amcheck');
    const whole = await trackz(['storage', 'verify', '--json'], { cwd: dir });
    expect(whole.exitCode, whole.stderr).toBe(0);
    expect(JSON.parse(whole.stdout)).toMatchObject({ ok: true, problems: [], checks: [expect.stringMatching(/^amcheck bt_index_check on \d+ indexes$/), 'trackz invariants'] });

    // A request of no site, in no session: what a half-done manual delete would leave.
    await adminQuery(url, `INSERT INTO trackz_default.site_page_views (site_id, ts, session_id, path, page_view, status, bytes, bot) VALUES (999, 1, 12345, '/', 1, 200, 1, 0)`);
    const broken = await trackz(['storage', 'verify'], { cwd: dir });
    expect(broken.exitCode).toBe(1);
    expect(broken.stdout).toContain('1 requests whose session does not exist (trackz invariant)');
    expect(broken.stdout).toContain('1 requests of a site that does not exist (trackz invariant)');
    expect(broken.stdout).not.toContain(url.split('@')[0]!.split(':').at(-1)!);
  }, 150_000);
});
