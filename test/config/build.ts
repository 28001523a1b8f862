/**
 * The CLI tests run the built binary. `npm test` builds first; a direct `npx vitest run test/config`
 * builds here when dist/ is missing or older than the sources these tests are about.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

const ENTRY = join(ROOT, 'dist/src/cli/main.js');
const SOURCES = ['src/config', 'src/core', 'src/cli', 'src/commands', 'src/runner', 'plugins'];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

export function ensureBuilt(): void {
  const built = existsSync(ENTRY) ? statSync(ENTRY).mtimeMs : 0;
  if (built && SOURCES.every((dir) => newestMtime(join(ROOT, dir)) <= built)) return;
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (result.status === 0) return;
  // A stale build still exercises the binary; a missing one cannot.
  if (!built) throw new Error(`node scripts/build.mjs failed:\n${result.stderr}`);
  console.warn(`trackz: rebuilding failed, testing the existing dist/:\n${result.stderr.slice(-2000)}`);
}
