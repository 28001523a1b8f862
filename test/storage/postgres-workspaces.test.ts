/**
 * What only the PostgreSQL backend has to show: several workspaces in one database without seeing
 * each other's rows, a schema per workspace created and migrated exactly once however many processes
 * open it at the same moment, read-only opening, info(), and text that survives the bulk arrays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialAlertState } from '../../src/alerts/alert-state.js';
import { UserError } from '../../src/core/errors.js';
import type { Storage } from '../../src/storage/ports/index.js';
import { hidePassword } from '../../src/storage/postgres/connection.js';
import { openPostgresStorage } from '../../src/storage/postgres/open.js';
import { lockKey, schemaFor } from '../../src/storage/postgres/workspace-schema.js';
import { adminQuery, freshDatabase } from '../helpers/postgres.js';
import { record } from './contract/factory.js';
import { siteRows } from './contract/site-rows.js';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
let url: string;
const opened: Storage[] = [];
const open = async (workspace: string, extra: { readonly?: boolean; busyTimeoutMs?: number } = {}) => {
  const storage = await openPostgresStorage({ target: { backend: 'postgres', url }, workspace, ...extra });
  opened.push(storage);
  return storage;
};

beforeAll(async () => {
  url = await freshDatabase('workspaces');
});
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
});

describe('schema names', () => {
  it('keeps plain lowercase names readable and gives every other name a hashed, distinct schema', () => {
    expect(schemaFor('acme')).toBe('trackz_acme');
    expect(schemaFor('default')).toBe('trackz_default');
    const upper = schemaFor('Acme');
    expect(upper).toMatch(/^trackz_acme_[0-9a-f]{12}$/);
    expect(schemaFor('acme.eu')).toMatch(/^trackz_acme_eu_[0-9a-f]{12}$/);
    expect(new Set([schemaFor('acme'), upper, schemaFor('acme.eu'), schemaFor('acme-eu'), schemaFor('acme_eu')]).size).toBe(5);
    const long = schemaFor('x'.repeat(200));
    expect(long.length).toBeLessThanOrEqual(63);
    expect(lockKey('trackz_acme', 'alerts')).not.toBe(lockKey('trackz_acme_eu', 'alerts'));
    expect(BigInt(lockKey('trackz_acme', 'alerts'))).toBeLessThan(2n ** 63n);
  });

  it('hides the password of a URL, also one the URL parser refuses', () => {
    expect(hidePassword('postgres://app:s3cret@db:5432/trackz?sslmode=require')).toBe('postgres://app:***@db:5432/trackz?sslmode=require');
    expect(hidePassword('postgres://app@db/trackz')).toBe('postgres://app@db/trackz');
    expect(hidePassword('postgres://app:s3cret@bad host:5432/trackz')).toBe('postgres://app:***@bad host:5432/trackz');
    expect(hidePassword('postgres://db/trackz?password=s3cret')).toBe('postgres://db/trackz?password=***');
  });
});

describe('workspaces in one database', () => {
  it("see only their own rows, hold their own locks, and count only their own tables' rows", async () => {
    const a = await open('team-a');
    const b = await open('Team-A');
    await a.results.saveResults([record('home', T0), record('api', T0)]);
    await b.results.saveResults([record('billing', T0, 'down')]);
    await a.alerts.putState(initialAlertState('home', 'default'), T0);
    expect(await a.results.monitorNames()).toEqual(['api', 'home']);
    expect(await b.results.monitorNames()).toEqual(['billing']);
    expect(await b.alerts.states()).toEqual([]);
    const infoA = await a.info();
    expect(infoA).toMatchObject({ backend: 'postgres', workspace: 'team-a', schemaVersion: 5 });
    expect(infoA.rows).toMatchObject({ results: 2, monitors: 2, alert_states: 1 });
    expect((await b.info()).rows).toMatchObject({ results: 1, monitors: 1, alert_states: 0 });
    expect(infoA.sizeBytes).toBeGreaterThan(0);
    // Team A's alert lock does not hold up Team-A's.
    let releaseA!: () => void;
    const heldA = a.transaction(() => new Promise<void>((resolve) => (releaseA = resolve)), { lock: 'alerts' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await b.transaction(async (tx) => tx.alerts.putState(initialAlertState('billing', 'default'), T0), { lock: 'alerts' });
    releaseA();
    await heldA;
    const schemas = await adminQuery<{ nspname: string }>(url, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'trackz_team%' ORDER BY 1");
    expect(schemas.map((s) => s.nspname)).toEqual([schemaFor('team-a'), schemaFor('Team-A')].sort());
  });

  it('is created and migrated exactly once when twenty processes open a new workspace at the same moment', async () => {
    const all = await Promise.all(Array.from({ length: 20 }, () => open('stampede')));
    expect(all).toHaveLength(20);
    const versions = await adminQuery<{ version: number; n: string }>(url, `SELECT version, count(*) AS n FROM ${schemaFor('stampede')}.schema_migrations GROUP BY version ORDER BY version`);
    expect(versions.map((v) => [v.version, Number(v.n)])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 1],
    ]);
    await Promise.all(all.map((s, i) => s.results.saveResults([record(`m${i % 3}`, T0 + i)])));
    expect(await all[0]!.results.monitorNames()).toEqual(['m0', 'm1', 'm2']);
  });

  it('refuses a schema that belongs to another workspace name', async () => {
    await open('owned');
    await adminQuery(url, `UPDATE ${schemaFor('owned')}.meta SET value = 'someone-else' WHERE key = 'workspace'`);
    const error = await open('owned').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(`the schema trackz_owned in ${hidePassword(url)} belongs to workspace "someone-else", not "owned"`);
  });

  it('opens read-only without creating anything, and refuses writes then', async () => {
    const missing = await open('never-written', { readonly: true }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(UserError);
    expect((missing as UserError).message).toContain('nothing is stored yet for workspace "never-written"');
    expect(await adminQuery(url, `SELECT 1 FROM pg_namespace WHERE nspname = '${schemaFor('never-written')}'`)).toEqual([]);
    const writer = await open('read-me');
    await writer.results.saveResults([record('home', T0)]);
    const reader = await open('read-me', { readonly: true });
    expect((await reader.results.latestResults()).map((r) => r.monitor)).toEqual(['home']);
    await reader.ping();
    const refused = await reader.results.saveResults([record('home', T0 + 1)]).catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'PostgresStorageError', exitCode: 2 });
    expect((refused as Error).message).toContain('opened read-only');
  });
});

describe('text through the bulk arrays', () => {
  it('keeps quotes, backslashes, braces, commas, "NULL", empty strings and non-ASCII exactly; a NUL becomes U+FFFD', async () => {
    const storage = await open('texts');
    const siteId = await storage.activity.sourceId('site', 'blog', T0);
    const paths = ['/a"b', '/c\\d', '/{e},f', 'NULL', '/ünï©ødé/日本', '/tab\there', '/x\u0000y', ''];
    await storage.activity.siteWriter(siteId).write(
      siteRows(paths.map((path, i) => ({ ts: T0 + i, path, referrer: i === 3 ? 'NULL' : '', browser: i === 1 ? '' : 'Firefox "Nightly"' }))),
      undefined,
      T0,
    );
    const rows: Record<string, unknown>[] = [];
    for await (const { row } of storage.activity.exportRows([{ kind: 'requests', source: 'blog', siteId, range: {} }])) rows.push(row);
    expect(rows.map((r) => r.path)).toEqual(['/a"b', '/c\\d', '/{e},f', 'NULL', '/ünï©ødé/日本', '/tab\there', '/x\uFFFDy', '']);
    expect(rows[3]!.referrerHost).toBe('NULL');
    expect(rows[0]!.referrerHost).toBeNull();
    expect(rows[1]!.browser).toBeNull();
    expect(rows[0]!.browser).toBe('Firefox "Nightly"');
    await storage.results.saveResults([record('quotes', T0, 'down', { message: 'said "no" \\ {x} \u0000 end', metrics: { 'a"b': 1 } })]);
    const [stored] = await storage.results.recentResults('quotes');
    expect(stored).toMatchObject({ message: 'said "no" \\ {x} \uFFFD end', metrics: { 'a"b': 1 } });
  });
});
