#!/usr/bin/env node
/**
 * The README's screenshots of `trackz watch`: the demo's targets (scripts/demo.mjs --serve-only, one
 * of them failing on purpose), a few `trackz check` runs so the sparklines and uptime have history,
 * then watch in tmux at 80×24; `capture-pane -e` of the list and of the failing monitor's detail,
 * turned into SVGs by scripts/lib/ansi-svg.mjs and written to docs/.
 *
 *   node scripts/screenshot-watch.mjs        (after npm run build; needs tmux)
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ansiToSvg } from './lib/ansi-svg.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const COLUMNS = 80;
const ROWS = 24;
const dir = mkdtempSync(join(tmpdir(), 'trackz-shot-'));
const socket = `trackz-shot-${process.pid}`;
const tmux = (...args) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(test, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = tmux('capture-pane', '-p', '-t', 'shot');
    if (test(screen)) return screen;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen was:\n${screen}`);
    await sleep(200);
  }
}

const targets = spawn(process.execPath, [join(root, 'scripts/demo.mjs'), '--serve-only'], { env: { ...process.env, TRACKZ_DEMO_DIR: dir }, stdio: ['ignore', 'pipe', 'inherit'] });
const run = (...args) =>
  new Promise((resolve) => spawn(process.execPath, [join(root, 'bin/run.js'), ...args], { cwd: dir, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } }).on('exit', resolve));
try {
  await new Promise((resolve, reject) => {
    targets.stdout.once('data', resolve);
    targets.once('exit', () => reject(new Error('the demo targets did not start')));
  });
  for (let i = 0; i < 6; i++) await run('check');

  const env = { CI: 'true', TERM: 'xterm-256color', LANG: 'C.UTF-8', COLORTERM: '', NO_COLOR: '' };
  tmux('new-session', '-d', '-s', 'shot', '-x', String(COLUMNS), '-y', String(ROWS), '-c', dir, ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), `${process.execPath} ${join(root, 'bin/run.js')} watch`);
  // Every monitor has a fresh result (none pending) and the slow page has answered.
  await waitFor((s) => /NAME\s+TYPE/.test(s) && !/○/.test(s), 'every monitor checked');
  await sleep(1500);
  const list = tmux('capture-pane', '-p', '-e', '-t', 'shot');
  // The failing monitor sorts first (sort by status): its detail.
  tmux('send-keys', '-t', 'shot', 'g', 'Enter');
  await waitFor((s) => /recent results/.test(s), 'the detail view');
  await sleep(800);
  const detail = tmux('capture-pane', '-p', '-e', '-t', 'shot');
  tmux('send-keys', '-t', 'shot', 'q');

  writeFileSync(join(root, 'docs/watch-list.svg'), ansiToSvg(list, { columns: COLUMNS, rows: ROWS, title: 'trackz watch: the list of monitors' }));
  writeFileSync(join(root, 'docs/watch-detail.svg'), ansiToSvg(detail, { columns: COLUMNS, rows: ROWS, title: 'trackz watch: the detail of a failing monitor' }));
  process.stderr.write('wrote docs/watch-list.svg and docs/watch-detail.svg\n');
} finally {
  try {
    tmux('kill-server');
  } catch {
    // Already gone.
  }
  targets.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
