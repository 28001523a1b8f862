/** A throw-away directory per test file, removed afterwards. */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

export interface Workspace {
  dir: string;
  path(...parts: string[]): string;
  write(relative: string, content: string): string;
}

export function useWorkspace(prefix = 'trackz-test-'): Workspace {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    path: (...parts) => join(dir, ...parts),
    write(relative, content) {
      const file = join(dir, relative);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
  };
}
