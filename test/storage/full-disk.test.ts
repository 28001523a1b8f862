/**
 * A full disk, for real: a small tmpfs the test mounts and fills, and the built binary writing into
 * it — an import that fills it mid-way, a check whose results cannot be stored, a secret, a silence,
 * a new database. Each says `trackz:`, which file, that the disk is full and that what was stored
 * before is kept, in one line and exit 1; after space is freed, a re-run completes (the import to
 * exactly the rows of one clean import). Through the ports: a transaction that meets the full disk
 * rolls back and says the same.
 */
import Database from 'better-sqlite3';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { StorageFullError } from '../../src/storage/errors.js';
import { ensureBuiltFor } from '../helpers/built.js';
import { trackz } from '../helpers/cli.js';
import { mountSmallDisk, smallDisksUnavailable } from '../helpers/small-disk.js';
import { openSqlite } from '../helpers/storage.js';
import { useWorkspace } from '../helpers/workspace.js';
// @ts-expect-error plain ESM fixture without types
import { writeAccessLog } from '../fixtures/activity/generate-access-log.mjs';

const LINES = 30_000;
const MIB = 1024 * 1024;
const ws = useWorkspace('trackz-full-disk-');
// Mounting a tmpfs needs root (or CAP_SYS_ADMIN); elsewhere these tests cannot make a disk to fill.
const cannotMount = smallDisksUnavailable();

/** One line on stderr, `trackz:` first, no stack, no driver class name. */
function expectOneLine(stderr: string): string {
  const text = stderr.trim();
  expect(text.split('\n')).toHaveLength(1);
  expect(text).toMatch(/^trackz: /);
  expect(text).not.toMatch(/\n\s+at |SqliteError/);
  return text;
}

function fingerprint(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      integrity: db.prepare('PRAGMA integrity_check').pluck().get(),
      requests: db.prepare('SELECT COUNT(*) AS n, SUM(bytes) AS bytes, SUM(ts % 1000003) AS ts, SUM(status) AS status, SUM(page_view) AS views FROM site_page_views').get(),
      sessions: db.prepare('SELECT COUNT(*) AS n, SUM(requests) AS requests, SUM(ended_at - started_at) AS span FROM site_sessions').get(),
      visitors: db.prepare('SELECT COUNT(DISTINCT visitor_id) FROM site_page_views').pluck().get(),
    };
  } finally {
    db.close();
  }
}

describe.skipIf(cannotMount !== undefined)(`a full disk${cannotMount ? ` (skipped: ${cannotMount})` : ''}`, () => {
  beforeAll(async () => {
    ensureBuiltFor(['src', 'plugins']);
    const now = Date.now();
    await writeAccessLog(ws.path('access.log'), { lines: LINES, startMs: now - 20 * 3_600_000, endMs: now - 60_000 });
  });

  const siteConfig = () => `sites:\n  - name: big\n    logs: { path: ${ws.path('access.log')} }\n    privacy: { maxSessions: 10000000 }\n`;

  it('an import that fills it stops in one line, keeps whole batches, and a re-run with space completes it exactly', async () => {
    ws.write('clean/trackz.config.yaml', siteConfig());
    const clean = await trackz(['import', 'big'], { cwd: ws.path('clean'), timeout: 120_000 });
    expect(clean.exitCode, clean.stderr).toBe(0);

    const disk = mountSmallDisk(2 * MIB, 'import');
    writeFileSync(disk.path('trackz.config.yaml'), siteConfig());
    const full = await trackz(['import', 'big'], { cwd: disk.dir, timeout: 120_000 });
    expect(full.exitCode).toBe(1);
    const message = expectOneLine(full.stderr);
    const db = disk.path('.trackz/trackz.db');
    expect(message).toContain(`the disk holding ${db} is full (SQLITE_FULL): this write was not made; the requests stored before it are kept, whole (up to line `);
    expect(message).toContain(`Free some space and run \`trackz import big\` again: it continues there, importing nothing twice.`);
    const reached = Number(/up to line (\d+) of /.exec(message)![1]);
    expect(reached).toBeGreaterThan(0);
    expect(reached).toBeLessThan(LINES);

    disk.resize(64 * MIB);
    // What the message says is what the file holds: the cursor stands at that line, with its rows.
    const kept = new Database(db, { readonly: true });
    try {
      expect(kept.prepare('SELECT line FROM activity_cursors').pluck().get()).toBe(reached);
      expect(kept.prepare('SELECT COUNT(*) FROM site_page_views').pluck().get()).toBeGreaterThan(0);
    } finally {
      kept.close();
    }
    const rerun = await trackz(['import', 'big', '--json'], { cwd: disk.dir, timeout: 120_000 });
    expect(rerun.exitCode, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout).files[0]).toMatchObject({ action: 'resume' });
    const expected = fingerprint(ws.path('clean/.trackz/trackz.db'));
    expect(expected.integrity).toBe('ok');
    expect(fingerprint(db)).toEqual(expected);
  }, 300_000);

  it('a check whose results meet it still reports them, says so in one line, exits 1; the next run stores again', async () => {
    const disk = mountSmallDisk(1 * MIB, 'check');
    // The monitor fills the disk itself while it runs, after the storage was opened: its result cannot be stored.
    writeFileSync(
      disk.path('trackz.config.yaml'),
      `monitors:\n  - name: filler\n    type: command\n    run: [sh, -c, "if [ -e fill-now ]; then cat /dev/zero > fill 2>/dev/null; fi; echo filled"]\n    cwd: ${disk.dir}\n`,
    );
    writeFileSync(disk.path('fill-now'), '');
    const full = await trackz(['check', '--reporter', 'json'], { cwd: disk.dir });
    expect(full.exitCode).toBe(1);
    expect(JSON.parse(full.stdout).results[0]).toMatchObject({ monitor: 'filler', status: 'up' });
    const message = expectOneLine(full.stderr);
    expect(message).toBe(
      `trackz: the disk holding ${disk.path('.trackz/trackz.db')} is full (SQLITE_FULL): the 1 result of this run was not stored (the report has it); what earlier runs stored is kept, whole. Free some space: the next run stores its results as usual.`,
    );

    rmSync(disk.path('fill-now'));
    rmSync(disk.path('fill'));
    const again = await trackz(['check'], { cwd: disk.dir });
    expect(again.exitCode, again.stderr).toBe(0);
    const history = await trackz(['history', 'filler', '--json'], { cwd: disk.dir });
    expect(JSON.parse(history.stdout).results).toHaveLength(1);
  }, 120_000);

  it('a secret, a silence and a new database meet it with the same one line; with space again they are stored', async () => {
    const disk = mountSmallDisk(1 * MIB, 'small-writes');
    writeFileSync(disk.path('trackz.config.yaml'), 'monitors:\n  - { name: web, type: tcp, host: 127.0.0.1, port: 9 }\n');
    const db = disk.path('.trackz/trackz.db');

    disk.fill();
    const fresh = await trackz(['alerts', 'silence', 'web', '--for', '1h'], { cwd: disk.dir });
    expect(fresh.exitCode).toBe(1);
    expect(expectOneLine(fresh.stderr)).toMatch(new RegExp(`^trackz: the disk holding ${db} is full \\(.*\\): this write was not made; everything stored before it is kept, whole\\. Free some space and run the command again: it continues from there\\.$`));
    expect(fresh.stderr).not.toContain('disk I/O error)');

    disk.free();
    expect((await trackz(['alerts', 'silence', 'web', '--for', '1h'], { cwd: disk.dir })).exitCode).toBe(0);
    disk.fill();
    const secret = await trackz(['secrets', 'set', 'TOKEN'], { cwd: disk.dir, input: 's3cret', stdin: undefined });
    expect(secret.exitCode).toBe(1);
    expect(expectOneLine(secret.stderr)).toMatch(/ is full \(.*\): this write was not made; TOKEN was not stored, and the secrets stored before are kept as they were\. Free some space and run `trackz secrets set TOKEN` again\.$/);
    expect(secret.stderr).not.toContain('s3cret');
    const silence = await trackz(['alerts', 'unsilence', 'web'], { cwd: disk.dir });
    expect(silence.exitCode).toBe(1);
    expect(expectOneLine(silence.stderr)).toContain(`the disk holding ${db} is full (`);

    disk.free();
    const stored = await trackz(['secrets', 'set', 'TOKEN'], { cwd: disk.dir, input: 's3cret', stdin: undefined });
    expect(stored.exitCode, stored.stderr).toBe(0);
    expect((await trackz(['secrets', 'list'], { cwd: disk.dir })).stdout).toContain('TOKEN');
    const kept = new Database(db, { readonly: true });
    try {
      // The silence made with space is there; the unsilence that met the full disk changed nothing.
      expect(kept.prepare('SELECT COUNT(*) FROM alert_silences WHERE monitor = ? AND ends_at > ?').pluck().get('web', Date.now())).toBe(1);
    } finally {
      kept.close();
    }
    expect(existsSync(`${db}.key`)).toBe(true);
  }, 180_000);

  it('through the ports: a transaction that meets it rolls back whole and says so; the same one succeeds with space', async () => {
    const disk = mountSmallDisk(1 * MIB, 'ports');
    const file = disk.path('trackz.db');
    const storage = openSqlite(file);
    try {
      await storage.secrets.put({ name: 'FIRST', nonce: Buffer.alloc(12), ciphertext: Buffer.alloc(8), tag: Buffer.alloc(16), keyId: 'k' }, 1);
      disk.fill();
      const big = Buffer.alloc(256 * 1024, 1);
      const attempt = () =>
        storage.transaction(async (tx) => {
          await tx.alerts.addSilence('web', 1, 10_000, 'x', null);
          await tx.secrets.put({ name: 'BIG', nonce: Buffer.alloc(12), ciphertext: big, tag: Buffer.alloc(16), keyId: 'k' }, 2);
        });
      const error = await attempt().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StorageFullError);
      expect((error as Error).message).toMatch(new RegExp(`^the disk holding ${file} is full \\(`));
      // Nothing of it was kept: not the silence written before the failing statement either.
      expect(await storage.alerts.activeSilences(5)).toEqual([]);
      expect((await storage.secrets.list()).map((s) => s.name)).toEqual(['FIRST']);
      disk.free();
      await attempt();
      expect((await storage.secrets.list()).map((s) => s.name)).toEqual(['BIG', 'FIRST']);
    } finally {
      await storage.close();
    }
  });
});
