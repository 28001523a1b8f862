/**
 * Site imports against real files and a real SQLite file: idempotence, rotation, gzip, truncation,
 * stdin, malformed lines, privacy rules, sessions across runs and retention.
 */
import Database from 'better-sqlite3';
import { appendFileSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { ActivityJob } from '../../src/activity/activity-job.js';
import { StrictImportError } from '../../src/activity/import-stats.js';
import { ActivitySourceError } from '../../src/activity/input/import-inputs.js';
import { runImport, type RunImportOptions } from '../../src/activity/run-import.js';
import { siteSchema } from '../../src/config/schema/activity.js';
import { utcDay } from '../../src/privacy/visitor-hasher.js';
import { clf } from '../helpers/clf-time.js';
import { useWorkspace } from '../helpers/workspace.js';

const NOW = Date.UTC(2024, 5, 12, 12, 0, 0);
const MIN = 60_000;
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36';
const BOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

interface Req {
  ip: string;
  at: number;
  path?: string;
  status?: number;
  ua?: string;
  ref?: string;
  dnt?: boolean;
}
const line = (r: Req) => `${r.ip} - - [${clf(r.at)}] "GET ${r.path ?? '/'} HTTP/1.1" ${r.status ?? 200} 512 "${r.ref ?? '-'}" "${r.ua ?? FIREFOX}" "${r.dnt ? '1' : '-'}"\n`;
const lines = (reqs: Req[]) => reqs.map(line).join('');

const ws = useWorkspace('trackz-site-import-');
let counter = 0;

function setup(site: Record<string, unknown> = {}) {
  const name = `s${++counter}`;
  const dir = ws.path(name);
  const job: ActivityJob = {
    kind: 'site',
    site: v.parse(siteSchema, { name, logs: { path: 'access.log', format: '%h %^[%x] "%r" %s %b "%R" "%u" "%{dnt}"' }, ...site }),
    storage: { target: { backend: 'sqlite', path: ws.path(name, 'trackz.db') }, workspace: 'test' },
    configDir: dir,
  };
  ws.write(`${name}/.keep`, '');
  const run = (options: RunImportOptions = {}) => runImport(job, { now: () => NOW, ...options });
  const dbPath = ws.path(name, 'trackz.db');
  const db = () => new Database(dbPath, { readonly: true });
  const count = (sql: string, ...params: unknown[]) => {
    const handle = db();
    try {
      return handle.prepare(sql).pluck().get(...params) as number;
    } finally {
      handle.close();
    }
  };
  return { job, dbPath, dir, run, db, count, log: (rel = 'access.log') => `${dir}/${rel}` };
}

describe('importing access logs', () => {
  it('imports a file once: the second run adds nothing', async () => {
    const s = setup();
    writeFileSync(s.log(), lines([{ ip: '10.0.0.1', at: NOW - 10 * MIN }, { ip: '10.0.0.2', at: NOW - 9 * MIN, path: '/about' }, { ip: '10.0.0.1', at: NOW - 8 * MIN, path: '/app.css' }]));
    const first = await s.run();
    expect(first).toMatchObject({ lines: 3, imported: 3, malformed: 0, complete: true });
    const second = await s.run();
    expect(second).toMatchObject({ lines: 0, imported: 0 });
    expect(second.files).toEqual([expect.objectContaining({ action: 'skip', why: 'unchanged' })]);
    // Nothing new, and the lag still counts from the newest line ever imported.
    expect(second.newestTs).toBe(NOW - 8 * MIN);
    expect(s.count('SELECT COUNT(*) FROM site_page_views')).toBe(3);
    expect(s.count('SELECT COUNT(*) FROM site_page_views WHERE page_view = 1')).toBe(2);
    expect(s.count('SELECT COUNT(*) FROM site_sessions')).toBe(2);
    expect(s.count('SELECT COUNT(DISTINCT visitor_id) FROM site_page_views')).toBe(2);
  });

  it('continues where it stopped, leaving a half-written last line for the next run', async () => {
    const s = setup();
    writeFileSync(s.log(), lines([{ ip: '10.0.0.1', at: NOW - 10 * MIN }]));
    await s.run();
    const next = line({ ip: '10.0.0.3', at: NOW - 5 * MIN, path: '/next' });
    appendFileSync(s.log(), next.slice(0, 20));
    expect(await s.run()).toMatchObject({ lines: 0, imported: 0 });
    appendFileSync(s.log(), next.slice(20));
    const third = await s.run();
    expect(third).toMatchObject({ lines: 1, imported: 1 });
    expect(third.files[0]).toMatchObject({ action: 'resume', why: 'same file' });
    expect(s.count("SELECT COUNT(*) FROM site_page_views WHERE path = '/next'")).toBe(1);
  });

  it('finishes a rotated file (renamed, then compressed) before the new one, never twice', async () => {
    const s = setup();
    writeFileSync(s.log(), lines([{ ip: '10.0.0.1', at: NOW - 50 * MIN }, { ip: '10.0.0.2', at: NOW - 49 * MIN }]));
    await s.run();
    // Lines written after the last import, then logrotate renames the file and nginx opens a new one.
    appendFileSync(s.log(), lines([{ ip: '10.0.0.3', at: NOW - 40 * MIN, path: '/late' }]));
    renameSync(s.log(), s.log('access.log.1'));
    writeFileSync(s.log(), lines([{ ip: '10.0.0.4', at: NOW - 30 * MIN, path: '/fresh' }]));
    const second = await s.run();
    expect(second.files.map((f) => [f.path.split('/').pop(), f.action, f.lines])).toEqual([
      ['access.log.1', 'resume', 1],
      ['access.log', 'start', 1],
    ]);
    // Next rotation: access.log.1 is compressed into access.log.2.gz (same content), access.log → .1.
    writeFileSync(s.log('access.log.2.gz'), gzipSync(readFileSync(s.log('access.log.1'))));
    renameSync(s.log(), s.log('access.log.1'));
    writeFileSync(s.log(), lines([{ ip: '10.0.0.5', at: NOW - 20 * MIN, path: '/newest' }]));
    const third = await s.run();
    expect(third.imported).toBe(1);
    expect(s.count('SELECT COUNT(*) FROM site_page_views')).toBe(5);
    // With a glob, the archives are matched by content: nothing is imported again.
    s.job.kind === 'site' && (s.job.site.logs!.path = ['access.log*']);
    const fourth = await s.run();
    expect(fourth.imported).toBe(0);
    expect(s.count('SELECT COUNT(*) FROM site_page_views')).toBe(5);
  });

  it('imports gzip archives whole, once, and skips them by stat afterwards', async () => {
    const s = setup({ logs: { path: 'archive/*.gz', format: 'combined' } });
    ws.write(`${s.dir.split('/').pop()}/archive/.keep`, '');
    const combined = (r: Req) => line(r).replace(/ "[^"]*"\n$/, '\n');
    writeFileSync(s.log('archive/a.log.2.gz'), gzipSync(Buffer.from([1, 2, 3].map((i) => combined({ ip: `10.1.0.${i}`, at: NOW - (60 - i) * MIN })).join(''))));
    writeFileSync(s.log('archive/a.log.1.gz'), gzipSync(Buffer.from([4, 5].map((i) => combined({ ip: `10.1.0.${i}`, at: NOW - (50 - i) * MIN })).join(''))));
    expect(await s.run()).toMatchObject({ lines: 5, imported: 5 });
    const again = await s.run();
    expect(again.imported).toBe(0);
    expect(again.files.every((f) => f.action === 'skip' && f.why === 'complete')).toBe(true);
  });

  it('starts over when the file was truncated in place (copytruncate), after finishing the copy', async () => {
    const s = setup({ logs: { path: 'access.log*', format: '%h %^[%x] "%r" %s %b "%R" "%u" "%{dnt}"' } });
    writeFileSync(s.log(), lines([{ ip: '10.0.0.1', at: NOW - 50 * MIN }]));
    await s.run();
    appendFileSync(s.log(), lines([{ ip: '10.0.0.2', at: NOW - 45 * MIN, path: '/before-copy' }]));
    writeFileSync(s.log('access.log.1'), readFileSync(s.log()));
    truncateSync(s.log(), 0);
    appendFileSync(s.log(), lines([{ ip: '10.0.0.3', at: NOW - 40 * MIN, path: '/after-truncate' }]));
    const second = await s.run();
    expect(second.imported).toBe(2);
    expect(s.count('SELECT COUNT(*) FROM site_page_views')).toBe(3);
    expect((await s.run()).imported).toBe(0);
  });

  it('reads stdin, and the same input piped again adds nothing', async () => {
    const s = setup();
    const input = lines([{ ip: '10.2.0.1', at: NOW - 5 * MIN }, { ip: '10.2.0.2', at: NOW - 4 * MIN }]).trimEnd();
    const pipe = (text: string | Buffer) => runImport(s.job, { now: () => NOW, inputs: ['-'], stdin: Readable.from([Buffer.from(text)]) });
    expect(await pipe(input)).toMatchObject({ lines: 2, imported: 2 });
    expect(await pipe(input)).toMatchObject({ imported: 0 });
    // More of the same stream: only the new part; gzip on stdin is read too.
    expect(await pipe(gzipSync(Buffer.from(`${input}\n${line({ ip: '10.2.0.3', at: NOW - MIN })}`)))).toMatchObject({ imported: 1 });
    expect(s.count('SELECT COUNT(*) FROM site_page_views')).toBe(3);
  });

  it('counts malformed lines with their line numbers and a reason, never their content', async () => {
    const s = setup();
    writeFileSync(s.log(), [line({ ip: '10.3.0.1', at: NOW - 5 * MIN }), '10.3.0.99 this is not a log line\n', line({ ip: '10.3.0.2', at: NOW - 4 * MIN }), '10.3.0.98 - - [32/Foo/2024:99:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x" "-"\n'].join(''));
    const stats = await s.run();
    expect(stats).toMatchObject({ lines: 4, imported: 2, malformed: 2 });
    expect(stats.malformedSamples).toEqual([
      { file: s.log(), line: 2, reason: 'does not match the log format' },
      { file: s.log(), line: 4, reason: 'timestamp not understood' },
    ]);
    expect(JSON.stringify(stats)).not.toMatch(/10\.3\.0\.9[89]/);
  });

  it('--strict stops at the first malformed line; what came before it is kept and not read again', async () => {
    const s = setup();
    writeFileSync(s.log(), [line({ ip: '10.4.0.1', at: NOW - 5 * MIN }), line({ ip: '10.4.0.2', at: NOW - 4 * MIN }), 'garbage\n', line({ ip: '10.4.0.3', at: NOW - 3 * MIN })].join(''));
    const error = await s.run({ strict: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrictImportError);
    expect(error).toMatchObject({ line: 3, reason: 'does not match the log format' });
    expect(s.count('SELECT COUNT(*) FROM site_page_views')).toBe(2);
    // Without --strict, the rest is imported from the bad line on.
    expect(await s.run()).toMatchObject({ lines: 2, imported: 1, malformed: 1 });
    expect(s.count('SELECT COUNT(*) FROM site_page_views')).toBe(3);
  });

  it('two imports of the same site at once never store a line twice', async () => {
    const s = setup();
    writeFileSync(s.log(), lines(Array.from({ length: 3000 }, (_, i) => ({ ip: `10.10.${i >> 8}.${i & 255}`, at: NOW - (3000 - i) * 1000, path: `/p${i % 50}` }))));
    const both = await Promise.all([s.run({ blockBytes: 16_384 }), s.run({ blockBytes: 16_384 })]);
    expect(both.reduce((sum, stats) => sum + stats.imported, 0)).toBe(3000);
    expect(both.some((stats) => stats.busy)).toBe(true);
    expect(s.count('SELECT COUNT(*) FROM site_page_views')).toBe(3000);
    // What the stopped one did not read, the next run does.
    expect((await s.run()).imported).toBe(0);
  });

  it('says so when the log is not there', async () => {
    const s = setup();
    await expect(s.run()).rejects.toThrow(ActivitySourceError);
    await expect(s.run()).rejects.toThrow(/no file at .*access\.log/);
  });
});

describe('privacy rules while importing', () => {
  it('honours DNT, the opt-out and opt-in parameters, and flags bots without a visitor', async () => {
    const s = setup();
    writeFileSync(
      s.log(),
      lines([
        { ip: '10.5.0.1', at: NOW - 30 * MIN, dnt: true },
        { ip: '10.5.0.2', at: NOW - 29 * MIN, path: '/?trackz-opt-out' },
        { ip: '10.5.0.2', at: NOW - 28 * MIN, path: '/private' },
        { ip: '10.5.0.2', at: NOW - 27 * MIN, path: '/back?trackz-opt-in=1' },
        { ip: '10.5.0.2', at: NOW - 26 * MIN, path: '/after' },
        { ip: '10.5.0.3', at: NOW - 25 * MIN, ua: BOT },
        { ip: '10.5.0.4', at: NOW - 24 * MIN, ua: CHROME, ref: 'https://www.google.com/search?q=secret' },
      ]),
    );
    const stats = await s.run();
    expect(stats.skipped).toEqual({ dnt: 1, 'opt-out': 1, 'opted-out': 1 });
    expect(stats).toMatchObject({ imported: 4, bots: 1 });
    const db = s.db();
    expect(db.prepare('SELECT path FROM site_page_views WHERE bot = 0 ORDER BY ts').pluck().all()).toEqual(['/back', '/after', '/']);
    expect(db.prepare('SELECT visitor_id, session_id FROM site_page_views WHERE bot = 1').get()).toEqual({ visitor_id: null, session_id: null });
    expect(db.prepare("SELECT referrer_host, browser, os FROM site_page_views WHERE browser = 'Chrome'").get()).toEqual({ referrer_host: 'google.com', browser: 'Chrome', os: 'Windows' });
    expect(db.prepare('SELECT COUNT(*) FROM site_opt_outs').pluck().get()).toBe(0);
    db.close();
    // The opt-out outlives the day's salt: it is stored until the opt-in.
    appendFileSync(s.log(), lines([{ ip: '10.5.0.9', at: NOW - 10 * MIN, path: '/?trackz-opt-out' }]));
    await s.run();
    appendFileSync(s.log(), lines([{ ip: '10.5.0.9', at: NOW - 5 * MIN, path: '/still-out' }]));
    expect((await s.run()).skipped).toEqual({ 'opted-out': 1 });
    expect(s.count('SELECT COUNT(*) FROM site_opt_outs')).toBe(1);
  });

  it('DNT is ignored when the site says so', async () => {
    const s = setup({ privacy: { honorDoNotTrack: false } });
    writeFileSync(s.log(), lines([{ ip: '10.6.0.1', at: NOW - 3 * MIN, dnt: true }]));
    expect(await s.run()).toMatchObject({ imported: 1, skipped: {} });
  });

  it('no IP address of the log is anywhere in the database with visitorId: hashed', async () => {
    const s = setup({ privacy: { keepQuery: true } });
    const ips = Array.from({ length: 20 }, (_, i) => `172.16.${i}.${200 - i}`);
    writeFileSync(s.log(), lines(ips.flatMap((ip, i) => [{ ip, at: NOW - (100 - i) * MIN, path: `/p${i}?ref=x` }, { ip, at: NOW - (99 - i) * MIN, ua: CHROME }])));
    await s.run();
    const db = s.db();
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    let cells = 0;
    for (const table of tables) {
      for (const row of db.prepare(`SELECT * FROM ${table}`).iterate() as Iterable<Record<string, unknown>>) {
        for (const value of Object.values(row)) {
          cells++;
          const text = Buffer.isBuffer(value) ? value.toString('latin1') : String(value);
          for (const ip of ips) expect(text, `${table} holds ${ip}`).not.toContain(ip);
        }
      }
    }
    db.close();
    expect(cells).toBeGreaterThan(100);
    // Nor in the file's bytes (free pages, the WAL).
    for (const file of [s.dbPath, `${s.dbPath}-wal`]) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch {
        continue;
      }
      for (const ip of ips) expect(bytes.includes(Buffer.from(ip)), `${file} holds ${ip}`).toBe(false);
    }
  });

  it('visitorId: plain stores the IP; none keeps nothing per visitor', async () => {
    const plain = setup({ privacy: { visitorId: 'plain' } });
    writeFileSync(plain.log(), lines([{ ip: '192.0.2.44', at: NOW - MIN }]));
    await plain.run();
    expect(plain.count("SELECT COUNT(*) FROM site_page_views WHERE ip = '192.0.2.44'")).toBe(1);
    const none = setup({ privacy: { visitorId: 'none' } });
    writeFileSync(none.log(), lines([{ ip: '192.0.2.45', at: NOW - 2 * MIN }, { ip: '192.0.2.45', at: NOW - MIN }]));
    expect(await none.run()).toMatchObject({ imported: 2 });
    expect(none.count('SELECT COUNT(*) FROM site_page_views WHERE visitor_id IS NULL AND session_id IS NULL AND ip IS NULL')).toBe(2);
    expect(none.count('SELECT COUNT(*) FROM site_sessions')).toBe(0);
  });

  it('keeps salts for today and yesterday only, so older hashes cannot be recomputed', async () => {
    const s = setup();
    writeFileSync(s.log(), lines([{ ip: '10.7.0.1', at: NOW - 3 * 86_400_000 }, { ip: '10.7.0.1', at: NOW - 86_400_000 }, { ip: '10.7.0.1', at: NOW - MIN }]));
    const stats = await s.run();
    expect(stats.retained.salts).toBe(1);
    const db = s.db();
    expect(db.prepare('SELECT day FROM activity_salts ORDER BY day').pluck().all()).toEqual([utcDay(NOW) - 1, utcDay(NOW)]);
    // One person, three days: three different visitor hashes.
    expect(db.prepare('SELECT COUNT(DISTINCT visitor_id) FROM site_page_views').pluck().get()).toBe(3);
    db.close();
  });
});

describe('sessions and retention', () => {
  it('continues a session across imports; a 30-minute pause starts a new one', async () => {
    const s = setup();
    writeFileSync(s.log(), lines([{ ip: '10.8.0.1', at: NOW - 100 * MIN, path: '/a' }, { ip: '10.8.0.1', at: NOW - 95 * MIN, path: '/b' }]));
    await s.run();
    appendFileSync(s.log(), lines([{ ip: '10.8.0.1', at: NOW - 80 * MIN, path: '/c' }]));
    await s.run();
    appendFileSync(s.log(), lines([{ ip: '10.8.0.1', at: NOW - 40 * MIN, path: '/d' }]));
    await s.run();
    const db = s.db();
    expect(db.prepare('SELECT requests, page_views, entry_path, ended_at - started_at AS span FROM site_sessions ORDER BY started_at').all()).toEqual([
      { requests: 3, page_views: 3, entry_path: '/a', span: 20 * MIN },
      { requests: 1, page_views: 1, entry_path: '/d', span: 0 },
    ]);
    expect(db.prepare('SELECT COUNT(DISTINCT session_id) FROM site_page_views').pluck().get()).toBe(2);
    db.close();
  });

  it('caps sessions per site, replacing the oldest with their requests, and drops data past its age', async () => {
    const s = setup({ privacy: { maxSessions: 3, retention: { pageViews: '30d', sessions: '30d' } } });
    const reqs: Req[] = [{ ip: '10.9.9.9', at: NOW - 40 * 86_400_000, path: '/ancient' }];
    for (let i = 0; i < 6; i++) reqs.push({ ip: `10.9.0.${i}`, at: NOW - (60 - i) * MIN, path: `/v${i}` }, { ip: `10.9.0.${i}`, at: NOW - (59 - i) * MIN, path: `/v${i}/2` });
    writeFileSync(s.log(), lines(reqs));
    const stats = await s.run();
    expect(stats.retained).toMatchObject({ pageViews: 7, sessions: 4 });
    const db = s.db();
    expect(db.prepare('SELECT entry_path FROM site_sessions ORDER BY started_at').pluck().all()).toEqual(['/v3', '/v4', '/v5']);
    expect(db.prepare('SELECT path FROM site_page_views ORDER BY ts').pluck().all()).toEqual(['/v3', '/v3/2', '/v4', '/v4/2', '/v5', '/v5/2']);
    db.close();
  });
});
