#!/usr/bin/env node
/**
 * `npm test`: installs missing system peers (Chromium, nginx, monitoring-plugins, xmllint, PostgreSQL, tmux), builds,
 * type-checks, runs vitest with its JSON report, and ends with the plain summary line.
 * Extra arguments go to vitest: `npm test -- test/config`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (command, args, options = {}) => spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options }).status ?? 1;

if (process.env.TRACKZ_SKIP_SYSTEM_SETUP !== '1') run('bash', ['scripts/setup-system.sh', 'test']);
if (run(process.execPath, ['scripts/build.mjs']) !== 0) process.exit(1);
if (run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']) !== 0) {
  console.error('type check failed');
  process.exit(1);
}
mkdirSync(`${root}/test-results`, { recursive: true });
rmSync(`${root}/test-results/vitest.json`, { force: true });
const status = run(process.execPath, [
  'node_modules/vitest/vitest.mjs',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/vitest.json',
  ...process.argv.slice(2),
]);
const summary = run(process.execPath, ['scripts/test-summary.mjs']);
process.exit(status || summary);
