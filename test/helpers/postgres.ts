/**
 * The PostgreSQL server shared by every test file of a run, and a fresh database per file.
 * The first file to ask starts it (in the directory test/setup/postgres-run.ts made, which also stops
 * it after the run); files in other worker processes at the same moment wait for it, bounded.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { startPostgresServer } from './postgres-server.js';

export interface SharedPostgres {
  port: number;
  password: string;
  url(database?: string): string;
}

let shared: Promise<SharedPostgres> | undefined;

async function startOrJoin(): Promise<SharedPostgres> {
  const dir = inject('trackzPostgresRunDir');
  if (!dir) throw new Error('no PostgreSQL run directory: vitest.config.ts must list test/setup/postgres-run.ts in globalSetup');
  const ready = join(dir, 'server.json');
  const failed = join(dir, 'failed.txt');
  let starter = false;
  try {
    mkdirSync(join(dir, 'starting'));
    starter = true;
  } catch {
    // Another worker is starting it.
  }
  if (starter) {
    try {
      const server = await startPostgresServer(dir);
      writeFileSync(`${ready}.tmp`, JSON.stringify({ port: server.port, password: server.password }));
      renameSync(`${ready}.tmp`, ready);
    } catch (error) {
      writeFileSync(failed, String((error as Error).message));
      throw error;
    }
  }
  const deadline = Date.now() + 120_000;
  while (!existsSync(ready)) {
    if (existsSync(failed)) throw new Error(`the shared PostgreSQL server did not start: ${readFileSync(failed, 'utf8')}`);
    if (Date.now() > deadline) throw new Error('the shared PostgreSQL server did not start within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const { port, password } = JSON.parse(readFileSync(ready, 'utf8')) as { port: number; password: string };
  return { port, password, url: (database = 'postgres') => `postgres://postgres:${password}@127.0.0.1:${port}/${database}` };
}

export function sharedPostgres(): Promise<SharedPostgres> {
  shared ??= startOrJoin();
  return shared;
}

/** A new, empty database on the shared server; returns its URL (superuser). */
export async function freshDatabase(label = 'test'): Promise<string> {
  const server = await sharedPostgres();
  const name = `trackz_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await adminQuery(server.url(), `CREATE DATABASE ${name}`);
  return server.url(name);
}

/** One statement on a fresh connection (DDL, roles): the test's own, not through trackz. */
export async function adminQuery<R extends pg.QueryResultRow = Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}
