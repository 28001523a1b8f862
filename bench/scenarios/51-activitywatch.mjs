/**
 * ActivityWatch import: a generated export of about 1,000,000 events (window, AFK and web buckets
 * for four hosts, in ActivityWatch's export format) imported by `trackz import` into SQLite, streamed.
 * Wall time and peak RSS from /usr/bin/time -v. Aims: under 10 s; peak RSS < 300 MB.
 */
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAwExport } from '../../test/fixtures/activity/generate-aw-export.mjs';

export const name = 'activitywatch';
export const description = '1M-event ActivityWatch export imported by trackz: seconds and peak RSS';

const HOSTS = ['laptop-1', 'laptop-2', 'laptop-3', 'laptop-4'];
// Per host: n window events, n/2 web events, n/20 AFK periods.
const PER_HOST = 161_300;

export async function run({ root, tmp, log }) {
  const file = join(tmp, 'export.json');
  // Window events are 30 s apart: 161,300 of them span 56 days, inside the default 90-day retention.
  const events = await writeAwExport(file, { hosts: HOSTS, perHost: PER_HOST, startMs: Date.now() - 57 * 86_400_000 });
  log(`generated ${events.toLocaleString('en-US')} events (${(statSync(file).size / 1e6).toFixed(0)} MB)`);
  writeFileSync(join(tmp, 'trackz.config.yaml'), 'agents:\n  - name: laptops\n    source: { type: activitywatch-export, path: export.json }\n');
  const result = spawnSync('/usr/bin/time', ['-v', process.execPath, join(root, 'bin/run.js'), 'import', 'laptops', '--json'], { cwd: tmp, encoding: 'utf8', maxBuffer: 16 << 20, env: { ...process.env, NO_COLOR: '1' } });
  if (result.status !== 0) throw new Error(`trackz import failed: ${result.stderr.slice(-800)}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(result.stderr);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  const rssMb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)[1]) / 1024;
  const stats = JSON.parse(result.stdout);
  if (stats.lines !== events) throw new Error(`trackz read ${stats.lines} events, the export has ${events}`);
  log(`${stats.imported.toLocaleString('en-US')} stored, ${Object.entries(stats.skipped).map(([k, v]) => `${v} ${k}`).join(', ')} skipped`);
  return [
    { metric: 'import of the export (wall)', value: seconds, unit: 's', aim: '< 10 s', ok: seconds < 10 },
    { metric: 'events per second', value: events / seconds, unit: 'events/s' },
    { metric: 'events stored (incognito web events, every 7th, are dropped)', value: stats.imported, unit: 'rows' },
    { metric: 'trackz peak RSS', value: rssMb, unit: 'MB', aim: '< 300 MB', ok: rssMb < 300 },
  ];
}
