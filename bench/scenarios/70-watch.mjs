/**
 * watch: `trackz watch` with 1,000 uptime monitors at 5 s intervals against a local nginx, in a real
 * terminal (tmux, 80×24, drawing every frame), for at least two minutes. Figures come from watch's
 * hidden `--stats-file` (process CPU time, peak RSS, and every check's scheduling lag: actual start −
 * scheduled start, timer lateness plus waiting for a concurrency slot).
 * Aims: CPU under 25% of one core, peak RSS under 200 MB, drift p99 under 100 ms.
 * TRACKZ_BENCH_WATCH_S sets the length (default 130 s; the first 15 s are warm-up for the CPU share);
 * TRACKZ_BENCH_WATCH_CONCURRENCY passes --concurrency (default: watch's own, 32).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startNginxTarget } from '../lib/peers.mjs';

export const name = 'watch';
export const description = 'trackz watch, 1,000 monitors every 5 s against nginx in tmux for 2+ minutes: CPU, RSS, drift p99';

const MONITORS = 1000;
const WARMUP_S = 15;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function run({ root, tmp, which, log }) {
  if (!which('tmux')) throw new Error('tmux is missing (scripts/setup-system.sh bench installs it)');
  const seconds = Math.max(30, Number(process.env.TRACKZ_BENCH_WATCH_S ?? 130));
  const nginx = await startNginxTarget(tmp);
  const lines = ['workspace: bench', 'storage: { path: bench.db }', 'defaults: { interval: 5s, timeout: 5s }', 'monitors:'];
  for (let i = 0; i < MONITORS; i++) lines.push(`  - { name: m${String(i).padStart(4, '0')}, type: uptime, url: "http://127.0.0.1:${nginx.port}/m/${i}", tags: [rack-${i % 20}] }`);
  writeFileSync(join(tmp, 'trackz.config.yaml'), `${lines.join('\n')}\n`);
  const statsFile = join(tmp, 'stats.json');
  const concurrency = process.env.TRACKZ_BENCH_WATCH_CONCURRENCY ? ` --concurrency ${Number(process.env.TRACKZ_BENCH_WATCH_CONCURRENCY)}` : '';
  const socket = `trackz-bench-${process.pid}`;
  const tmux = (...args) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  const stats = () => (existsSync(statsFile) ? JSON.parse(readFileSync(statsFile, 'utf8')) : undefined);
  try {
    const env = { CI: 'true', TERM: 'xterm-256color', LANG: 'C.UTF-8' };
    tmux('new-session', '-d', '-s', 'w', '-x', '80', '-y', '24', '-c', tmp, ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), `${process.execPath} ${join(root, 'bin/run.js')} watch --stats-file ${statsFile}${concurrency}`);
    tmux('set-option', '-t', 'w', 'remain-on-exit', 'on');
    log(`watch started: ${MONITORS} monitors every 5 s for ${seconds} s${concurrency}`);
    await sleep(WARMUP_S * 1000);
    const warm = stats();
    if (!warm) throw new Error(`no stats after ${WARMUP_S} s; the screen:\n${tmux('capture-pane', '-p', '-t', 'w')}`);
    await sleep((seconds - WARMUP_S) * 1000);
    const end = stats();
    const screen = tmux('capture-pane', '-p', '-t', 'w');
    const quitAt = performance.now();
    tmux('send-keys', '-t', 'w', 'q');
    for (let i = 0; i < 300 && tmux('display-message', '-p', '-t', 'w', '#{pane_dead}').trim() !== '1'; i++) await sleep(100);
    const stopMs = performance.now() - quitAt;
    const final = stats();
    log(screen.split('\n').slice(0, 3).join('\n   '));

    const wallS = (end.at - warm.at) / 1000;
    const cpuMs = end.cpu.userMs + end.cpu.systemMs - (warm.cpu.userMs + warm.cpu.systemMs);
    const cpuShare = (100 * cpuMs) / (wallS * 1000);
    const resultsPerS = (end.results - warm.results) / wallS;
    const peakMb = final.peakRssBytes / 1048576;
    return [
      { metric: 'run length', value: end.uptimeS, unit: 's' },
      { metric: 'results per second (expected 200)', value: resultsPerS, unit: '/s', aim: '≈ 200', ok: resultsPerS > 190 },
      { metric: 'CPU share of one core (after warm-up)', value: cpuShare, unit: '%', aim: '< 25%', ok: cpuShare < 25 },
      { metric: 'peak RSS', value: peakMb, unit: 'MB', aim: '< 200 MB', ok: peakMb < 200 },
      { metric: 'scheduling drift p50', value: final.lag.p50Ms ?? 0, unit: 'ms' },
      { metric: 'scheduling drift p99', value: final.lag.p99Ms ?? 0, unit: 'ms', aim: '< 100 ms', ok: (final.lag.p99Ms ?? 0) < 100 },
      { metric: 'scheduling drift max', value: final.lag.maxMs, unit: 'ms' },
      { metric: 'checks scheduled', value: final.lag.count, unit: '' },
      { metric: 'q to exit (results in flight stored)', value: stopMs, unit: 'ms' },
    ];
  } finally {
    try {
      tmux('kill-server');
    } catch {
      // Already gone.
    }
    nginx.stop();
  }
}
