/**
 * Access-log import: a generated 1,000,000-line combined log imported by `trackz import` (every
 * request stored in SQLite, sessions and visitors included) against GoAccess on the same file
 * (`goaccess --log-format=COMBINED -o report.json`, which only aggregates). Each is run twice,
 * alternating, and the faster run of each counts (the machine is shared). Wall time and peak RSS
 * come from /usr/bin/time -v. Aims: ≥ 3× GoAccess's lines/s; peak RSS < 300 MB, and flat: a file a
 * quarter of the size peaks at about the same RSS (memory follows the batch size, not the file size).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAccessLog } from '../../test/fixtures/activity/generate-access-log.mjs';

export const name = 'access-log';
export const description = '1M-line combined log: trackz import (persisted) vs GoAccess, lines/s and peak RSS';

const LINES = 1_000_000;

/** Runs a command under /usr/bin/time -v: wall seconds and peak RSS in MB. */
function timed(command, args, options) {
  const result = spawnSync('/usr/bin/time', ['-v', command, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr.slice(-600)}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(result.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return { seconds, rssMb: Number(rss[1]) / 1024, stdout: result.stdout };
}

export async function run({ root, tmp, which, log }) {
  if (!which('goaccess')) throw new Error('goaccess is not installed (scripts/setup-system.sh bench)');
  const file = join(tmp, 'access.log');
  const now = Date.now();
  await writeAccessLog(file, { lines: LINES, startMs: now - 2 * 86_400_000, endMs: now - 60_000 });
  log(`generated ${LINES.toLocaleString('en-US')} lines`);
  // maxSessions is raised so the run measures the import, not the session cap replacing rows.
  writeFileSync(join(tmp, 'trackz.config.yaml'), `sites:\n  - name: bench\n    logs: { path: access.log, format: combined }\n    privacy: { maxSessions: 10000000 }\n`);
  const bin = join(root, 'bin/run.js');
  const trackzRuns = [];
  const goaccessRuns = [];
  for (let round = 0; round < 2; round++) {
    rmSync(join(tmp, '.trackz'), { recursive: true, force: true });
    const t = timed(process.execPath, [bin, 'import', 'bench', '--json'], { cwd: tmp, env: { ...process.env, NO_COLOR: '1' } });
    const stats = JSON.parse(t.stdout);
    if (stats.lines !== LINES || stats.imported !== LINES) throw new Error(`trackz read ${stats.lines} lines and stored ${stats.imported}, expected ${LINES}`);
    trackzRuns.push(t);
    log(`trackz   ${t.seconds.toFixed(2)} s, ${t.rssMb.toFixed(0)} MB`);
    const g = timed('goaccess', [file, '--log-format=COMBINED', '--no-global-config', '-o', join(tmp, 'report.json')], { cwd: tmp });
    goaccessRuns.push(g);
    log(`goaccess ${g.seconds.toFixed(2)} s, ${g.rssMb.toFixed(0)} MB`);
  }
  // The same import on a quarter of the lines: peak RSS should not follow the file size.
  const quarter = join(tmp, 'quarter.log');
  await writeAccessLog(quarter, { lines: LINES / 4, startMs: now - 2 * 86_400_000, endMs: now - 60_000 });
  writeFileSync(join(tmp, 'quarter.yaml'), `storage: { path: .trackz/quarter.db }\nsites:\n  - name: quarter\n    logs: { path: quarter.log }\n    privacy: { maxSessions: 10000000 }\n    `);
  const small = timed(process.execPath, [bin, 'import', 'quarter', '--json', '-c', 'quarter.yaml'], { cwd: tmp, env: { ...process.env, NO_COLOR: '1' } });
  log(`trackz   ${(LINES / 4).toLocaleString('en-US')} lines: ${small.seconds.toFixed(2)} s, ${small.rssMb.toFixed(0)} MB`);
  const stored = Number(execFileSync(process.execPath, ['-e', `const D=require(${JSON.stringify(join(root, 'node_modules/better-sqlite3'))});const d=new D(${JSON.stringify(join(tmp, '.trackz/trackz.db'))},{readonly:true});console.log(d.prepare('select count(*) from site_page_views').pluck().get())`], { encoding: 'utf8' }).trim());
  const best = (runs) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const trackzBest = best(trackzRuns);
  const goaccessBest = best(goaccessRuns);
  const trackzRate = LINES / trackzBest.seconds;
  const goaccessRate = LINES / goaccessBest.seconds;
  const peak = Math.max(...trackzRuns.map((r) => r.rssMb));
  return [
    { metric: 'import throughput (persisted)', value: trackzRate, unit: 'lines/s', peer: { name: 'GoAccess', value: goaccessRate }, ratio: trackzRate / goaccessRate, aim: '≥ 3× GoAccess', ok: trackzRate / goaccessRate >= 3 },
    { metric: 'requests stored in SQLite', value: stored, unit: 'rows', aim: `= ${LINES.toLocaleString('en-US')}`, ok: stored === LINES },
    { metric: 'trackz peak RSS', value: peak, unit: 'MB', peer: { name: 'GoAccess', value: Math.max(...goaccessRuns.map((r) => r.rssMb)) }, aim: '< 300 MB', ok: peak < 300 },
    { metric: 'trackz peak RSS, 1M lines vs 250k lines', value: peak, unit: 'MB', peer: { name: '250k lines', value: small.rssMb }, ratio: peak / small.rssMb, aim: '≤ 1.5× (flat)', ok: peak / small.rssMb <= 1.5 },
  ];
}
