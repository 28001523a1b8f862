/**
 * vitest globalSetup: a directory for this run's shared PostgreSQL server, handed to the test files
 * (inject('trackzPostgresRunDir')). The server itself is started by the first file that needs one
 * (test/helpers/postgres.ts), so a run without PostgreSQL tests pays nothing; teardown stops it and
 * removes everything. Directories left by runs that were killed are cleaned up first.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { removePostgresDir } from '../helpers/postgres-server.js';

const PREFIX = 'trackz-pg-run-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export default function setup(project: TestProject): () => void {
  for (const name of readdirSync(tmpdir())) {
    const owner = Number(/^trackz-pg-run-(\d+)-/.exec(name)?.[1]);
    if (owner && owner !== process.pid && !alive(owner)) removePostgresDir(join(tmpdir(), name));
  }
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  project.provide('trackzPostgresRunDir', dir);
  return () => removePostgresDir(dir);
}

declare module 'vitest' {
  export interface ProvidedContext {
    trackzPostgresRunDir: string;
  }
}
