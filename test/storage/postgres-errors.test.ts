/**
 * PostgreSQL going wrong, as a person meets it: one line naming the server (never the password),
 * exit 2 for what the config must fix (wrong password, unknown database or user rights, a URL that
 * is not one), exit 1 for what may pass (server down or gone mid-run, a lock held too long). The
 * server that goes away is this file's own, so the shared one stays up for the other files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialAlertState } from '../../src/alerts/alert-state.js';
import { UserError } from '../../src/core/errors.js';
import type { Storage } from '../../src/storage/ports/index.js';
import { openPostgresStorage } from '../../src/storage/postgres/open.js';
import { closedPort } from '../helpers/ports.js';
import { adminQuery, freshDatabase, sharedPostgres } from '../helpers/postgres.js';
import { startPostgresServer, type PostgresServer } from '../helpers/postgres-server.js';
import { record } from './contract/factory.js';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const opened: Storage[] = [];
const open = async (url: string, workspace = 'errors', extra: { busyTimeoutMs?: number } = {}) => {
  const storage = await openPostgresStorage({ target: { backend: 'postgres', url }, workspace, ...extra });
  opened.push(storage);
  return storage;
};
const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  const { message, exitCode } = error as UserError;
  expect(message).not.toContain('\n');
  return { message, exitCode };
};

let dir: string;
let own: PostgresServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trackz-pg-errors-'));
  // Durable settings: this server is restarted, and what was committed must still be there after.
  own = await startPostgresServer(dir, { durable: true });
  await adminQuery(own.url(), 'CREATE DATABASE trackz');
});
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close().catch(() => undefined)));
  own?.stop('immediate');
  rmSync(dir, { recursive: true, force: true });
});

describe('opening', () => {
  it('a refused connection: exit 1, the address, what to check', async () => {
    const port = await closedPort();
    const { message, exitCode } = await failure(open(`postgres://trackz:hunter2-secret@127.0.0.1:${port}/trackz`));
    expect(exitCode).toBe(1);
    expect(message).toBe(`cannot reach PostgreSQL at 127.0.0.1:${port}: connection refused (is the server running, and is storage.url right?)`);
  });

  it('a wrong password: exit 2, names the user, never the password', async () => {
    const server = await sharedPostgres();
    const { message, exitCode } = await failure(open(`postgres://postgres:not-the-password-77@127.0.0.1:${server.port}/postgres`));
    expect(exitCode).toBe(2);
    expect(message).toContain(`PostgreSQL at 127.0.0.1:${server.port} refused the login of user "postgres"`);
    expect(message).toContain('password authentication failed');
    expect(message).not.toContain('not-the-password-77');
  });

  it('an unknown database: exit 2', async () => {
    const server = await sharedPostgres();
    const { message, exitCode } = await failure(open(server.url('no_such_db')));
    expect(exitCode).toBe(2);
    expect(message).toBe(`PostgreSQL at 127.0.0.1:${server.port} has no database "no_such_db" (create it, or fix storage.url)`);
  });

  it('a user who may not create the workspace schema: exit 2, says what is needed', async () => {
    const url = await freshDatabase('rights');
    await adminQuery(url, "CREATE ROLE reader LOGIN PASSWORD 'reader-pw-1'");
    const readerUrl = url.replace(/\/\/postgres:[^@]+@/, '//reader:reader-pw-1@');
    const { message, exitCode } = await failure(open(readerUrl, 'rights'));
    expect(exitCode).toBe(2);
    expect(message).toContain('user "reader" may not do this in database');
    expect(message).toContain('trackz needs CREATE on the database');
    expect(message).not.toContain('reader-pw-1');
  });

  it('a URL that is not one: exit 2, password hidden', async () => {
    const { message, exitCode } = await failure(open('postgres://app:pw-in-url-9@db.internal:99999/trackz'));
    expect(exitCode).toBe(2);
    expect(message).toMatch(/^storage\.url is not a PostgreSQL URL \(postgres:\/\/app:\*\*\*@db\.internal:99999\/trackz\)/);
    expect(message).not.toContain('pw-in-url-9');
  });
});

describe('while running', () => {
  it('gives up on a lock another process holds too long: exit 1', async () => {
    const url = await freshDatabase('locks');
    const holder = await open(url, 'locks');
    const waiter = await open(url, 'locks', { busyTimeoutMs: 300 });
    let release!: () => void;
    const held = holder.transaction(() => new Promise<void>((resolve) => (release = resolve)), { lock: 'alerts' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { message, exitCode } = await failure(waiter.transaction(async (tx) => tx.alerts.putState(initialAlertState('home', 'default'), T0), { lock: 'alerts' }));
    release();
    await held;
    expect(exitCode).toBe(1);
    expect(message).toMatch(/^gave up after waiting 0\.3s for a lock another trackz process holds on PostgreSQL at 127\.0\.0\.1:\d+$/);
    // Nothing of the refused transaction was written; the next one goes through.
    expect(await waiter.alerts.states()).toEqual([]);
    await waiter.transaction(async (tx) => tx.alerts.putState(initialAlertState('home', 'default'), T0), { lock: 'alerts' });
  });

  it('a server that goes away mid-run: exit 1, nothing half-written, and it works again once the server is back', async () => {
    const storage = await open(own.url('trackz'), 'gone');
    await storage.results.saveResults([record('home', T0)]);
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const inFlight = storage.transaction(async (tx) => {
      await tx.results.saveResults([record('home', T0 + 1)]);
      await blocked;
      await tx.results.saveResults([record('home', T0 + 2)]);
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // A fast shutdown, as a restart by an administrator: connections are cut (57P01), commits are kept.
    own.stop('fast');
    release();
    const lost = await failure(inFlight);
    expect(lost.exitCode).toBe(1);
    expect(lost.message).toMatch(new RegExp(`^(lost the connection to|cannot reach) PostgreSQL at 127\\.0\\.0\\.1:${own.port}`));
    const down = await failure(storage.results.latestResults());
    expect(down.exitCode).toBe(1);
    expect(down.message).toContain(`PostgreSQL at 127.0.0.1:${own.port}`);
    expect(down.message).not.toContain(own.password);
    own.start();
    expect((await storage.results.recentResults('home')).map((r) => r.ts)).toEqual([T0]);
    await storage.results.saveResults([record('home', T0 + 3)]);
    expect((await storage.results.recentResults('home')).map((r) => r.ts)).toEqual([T0 + 3, T0]);
  });
});
