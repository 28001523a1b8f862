/**
 * The CLI tests run the built binary. `npm test` builds first; a direct `npx vitest run test/config`
 * builds here when dist/ is missing. A stale dist/ is only reported, not rebuilt: a rebuild swaps dist/
 * under binaries that other test files (in other processes) are running at that moment.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from '../helpers/cli.js';

const ENTRY = join(ROOT, 'dist/src/cli/main.js');
const SOURCES = ['src', 'plugins'];
// One build at a time across test processes; mkdir is atomic.
const LOCK = join(ROOT, 'node_modules/.cache/trackz-test-build.lock');

/** The most recently changed file under `path` (files others delete while it walks are skipped). */
function newest(path: string): { file: string; mtimeMs: number } {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return { file: path, mtimeMs: 0 };
  if (!stat.isDirectory()) return { file: path, mtimeMs: stat.mtimeMs };
  let names: string[] = [];
  try {
    names = readdirSync(path);
  } catch {
    // removed while walking
  }
  return names.map((name) => newest(join(path, name))).reduce((a, b) => (b.mtimeMs > a.mtimeMs ? b : a), { file: path, mtimeMs: 0 });
}

export async function ensureBuilt(): Promise<void> {
  if (!existsSync(ENTRY)) await buildOnce();
  const built = statSync(ENTRY).mtimeMs;
  const changed = SOURCES.map((dir) => newest(join(ROOT, dir))).find((source) => source.mtimeMs > built);
  if (changed) console.warn(`trackz tests: ${changed.file} is newer than dist/; these tests run the last build (run \`node scripts/build.mjs\` or \`npm test\`)`);
}

async function buildOnce(): Promise<void> {
  mkdirSync(join(LOCK, '..'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock left by a killed test run would block every later one: a build never takes minutes.
      if (Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 5 * 60_000) rmSync(LOCK, { recursive: true, force: true });
      await sleep(200);
    }
  }
  try {
    if (existsSync(ENTRY)) return; // another test process built it while this one waited
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`node scripts/build.mjs failed:\n${result.stderr}`);
  } finally {
    rmdirSync(LOCK);
  }
}
