#!/usr/bin/env node
/**
 * `npm run bench [-- name…]`: runs every scenario in bench/scenarios (or the named ones) and prints
 * the figures as ratios against a baseline or a peer measured in the same run, because the
 * machine is shared and noisy: absolute numbers from different runs are not comparable.
 *
 * A scenario module exports `name`, `description` and `async run(ctx)` returning rows:
 *   { metric, value, unit, peer?: { name, value }, ratio?, aim?: string, ok?: boolean }
 * ctx gives: root (checkout), tmp (a fresh directory), trackz(args, opts) (runs bin/run.js),
 * hyperfine(commands, opts), which(cmd), log(text).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const wanted = process.argv.slice(2);

spawnSync('bash', [join(root, 'scripts/setup-system.sh'), 'bench'], { stdio: 'inherit' });
spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });

const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim() || undefined;

/** Runs commands under hyperfine and returns { command: meanSeconds } plus the raw export. */
function hyperfine(commands, { runs = 20, warmup = 3, cwd = root, env } = {}) {
  const out = join(mkdtempSync(join(tmpdir(), 'trackz-hf-')), 'hf.json');
  execFileSync('hyperfine', ['-N', '--warmup', String(warmup), '--runs', String(runs), '--export-json', out, ...commands], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const report = JSON.parse(readFileSync(out, 'utf8'));
  return Object.fromEntries(report.results.map((r) => [r.command, { mean: r.mean, stddev: r.stddev, min: r.min, max: r.max }]));
}

function trackz(args, { cwd, env, input } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/run.js'), ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    if (input) child.stdin.end(input);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const files = readdirSync(join(root, 'bench/scenarios'))
  .filter((f) => f.endsWith('.mjs'))
  .sort();
const results = [];
for (const file of files) {
  const scenario = await import(pathToFileURL(join(root, 'bench/scenarios', file)).href);
  // A scenario's exact name picks only it (`watch` is not also `activitywatch`); otherwise part of a file name.
  const exact = (w) => files.some((f) => f.replace(/^\d+-|\.mjs$/g, '') === w);
  if (wanted.length && !wanted.some((w) => scenario.name === w || (!exact(w) && file.includes(w)))) continue;
  const tmp = mkdtempSync(join(tmpdir(), `trackz-bench-${scenario.name}-`));
  process.stderr.write(`\n== ${scenario.name}: ${scenario.description}\n`);
  const started = performance.now();
  try {
    const rows = await scenario.run({ root, tmp, trackz, hyperfine, which, log: (t) => process.stderr.write(`   ${t}\n`) });
    results.push({ scenario: scenario.name, seconds: (performance.now() - started) / 1000, rows });
  } catch (error) {
    results.push({ scenario: scenario.name, error: String(error?.stack ?? error) });
    process.stderr.write(`   FAILED: ${error?.message ?? error}\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const fmt = (n) => (typeof n === 'number' ? (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2)) : String(n));
console.log('\ntrackz bench — ratios are measured in this run against the named baseline or peer\n');
for (const result of results) {
  console.log(`## ${result.scenario}`);
  if (result.error) {
    console.log(`   error: ${result.error.split('\n')[0]}\n`);
    continue;
  }
  for (const row of result.rows) {
    const peer = row.peer ? `  vs ${row.peer.name} ${fmt(row.peer.value)} ${row.unit}` : '';
    const ratio = row.ratio !== undefined ? `  ratio ${fmt(row.ratio)}×` : '';
    const aim = row.aim ? `  (aim: ${row.aim}${row.ok === undefined ? '' : row.ok ? ' ✔' : ' ✖'})` : '';
    console.log(`   ${row.metric.padEnd(44)} ${fmt(row.value).padStart(9)} ${row.unit}${peer}${ratio}${aim}`);
  }
  console.log('');
}
mkdirSync(join(root, '.bench'), { recursive: true });
writeFileSync(join(root, '.bench/last.json'), JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
console.log('Full results: .bench/last.json');
