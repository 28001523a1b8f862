/**
 * Tests that run the real binary need dist/. `npm test` builds first; a direct `npx vitest run …`
 * builds here when dist/ is missing or older than the sources named.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli.js';

const ENTRY = join(ROOT, 'dist/src/cli/main.js');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

export function ensureBuiltFor(sources: readonly string[]): void {
  const built = existsSync(ENTRY) ? statSync(ENTRY).mtimeMs : 0;
  if (built && sources.every((dir) => newestMtime(join(ROOT, dir)) <= built)) return;
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (result.status === 0) return;
  if (!built) throw new Error(`node scripts/build.mjs failed:\n${result.stderr}`);
  console.warn(`trackz: rebuilding failed, testing the existing dist/:\n${result.stderr.slice(-2000)}`);
}
