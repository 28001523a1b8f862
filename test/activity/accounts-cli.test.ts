/**
 * Account lifecycle events as a user meets them, through the built binary: `trackz import --accounts`
 * (CSV, NDJSON, stdin, bad lines at file:line with nothing written, resends), `trackz activity
 * --accounts` figures on a known sequence, `trackz data export|delete --email`, retention, and the
 * `accounts:` config section's errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltFor } from '../helpers/built.js';
import { trackz } from '../helpers/cli.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-accounts-cli-');
/** Each test runs several processes of the binary: generous on a loaded machine. */
const SLOW = 90_000;
const run = (args: string[], extra: Record<string, unknown> = {}, cwd = ws.dir) => trackz(args, { cwd, ...extra });

// A known sequence on two instances across months (UTC): figures below are worked out by hand.
const CSV = `kind,email,First Name,last_name,instance,status,date
created,Ada@Example.com,Ada,Lovelace,acme,active,2025-01-10
created,bob@example.com,Bob,,acme,active,2025-01-20
created,cy@example.com,Cy,,acme,active,2025-02-03
deactivated,bob@example.com,Bob,,acme,inactive,2025-02-14T16:00:00Z
deactivated,ada@example.com,Ada,Lovelace,acme,inactive,2025-04-01
reactivated,bob@example.com,Bob,,acme,active,2025-04-30T23:59:59Z
`;
const NDJSON = `{"kind":"created","email":"dee@example.com","instance":"beta","date":"2025-02-01","status":true}

{"kind":"created","email":"ada@example.com","firstName":"Ada","instance":"beta","date":"2025-03-31T23:30:00-02:00"}
`;

async function accountMonths(instance?: string) {
  const result = await run(['activity', '--accounts', '--since', '2025-01-01', '--json', ...(instance ? ['--instance', instance] : [])]);
  expect(result).toMatchObject({ exitCode: 0, stderr: '' });
  const report = JSON.parse(result.stdout) as { from: string; months: { instance: string; month: string; created: number; deactivated: number; reactivated: number; active: number }[] };
  expect(report.from).toBe('2025-01');
  return report.months;
}
const figures = (months: Awaited<ReturnType<typeof accountMonths>>, instance: string, count: number) =>
  months.filter((m) => m.instance === instance).slice(0, count).map((m) => [m.month, m.created, m.deactivated, m.reactivated, m.active]);

beforeAll(() => {
  ensureBuiltFor(['src', 'plugins']);
  // Retention long enough that the 2025 sequence never ages out while this test is kept.
  ws.write('trackz.config.yaml', 'workspace: accounts-test\naccounts:\n  retention: 5200w\n');
  ws.write('events.csv', CSV);
  ws.write('events.ndjson', NDJSON);
});

describe('trackz import --accounts', () => {
  it('imports CSV from a file and NDJSON from stdin; importing them again adds nothing', async () => {
    const csv = await run(['import', '--accounts', 'events.csv']);
    expect(csv).toMatchObject({ exitCode: 0, stdout: 'Imported 6 account events from events.csv (csv).' });
    const stdin = await run(['import', '--accounts', '-', '--json'], { stdin: 'pipe', input: NDJSON });
    expect(stdin.exitCode).toBe(0);
    expect(JSON.parse(stdin.stdout)).toEqual({ file: 'stdin', format: 'ndjson', received: 2, inserted: 2, duplicates: 0, expired: 0 });
    const again = await run(['import', '--accounts', 'events.ndjson']);
    expect(again).toMatchObject({ exitCode: 0, stdout: 'Imported 0 account events from events.ndjson (ndjson) (2 already stored).' });
  }, SLOW);

  it('reports every bad line as file:line with what was expected, exit 2, and writes nothing of the file', async () => {
    ws.write(
      'bad.csv',
      `kind,email,instance,date
created,zed@example.com,acme,2025-03-01
created,not-an-email,acme,2025-03-01
created,zoe@example.com,acme
deleted,zoe@example.com,acme,2025-02-30
`,
    );
    const bad = await run(['import', '--accounts', 'bad.csv']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe(
      [
        'trackz: bad.csv:3: email: expected an email address (name@example.com), got "not-an-email"',
        'bad.csv:4: expected 4 cells (kind,email,instance,date), got 3',
        'bad.csv:5: kind: expected one of created, deactivated, reactivated, got "deleted"; date: expected a date (2026-01-31) or a time with its zone (2026-01-31T09:15:00Z), got "2025-02-30"',
        '3 bad lines in bad.csv: nothing was imported (fix them and import the file again)',
      ].join('\n'),
    );
    // Line 2 was valid, but the file was not: zed was not stored.
    const exported = await run(['data', 'export', '--email', 'zed@example.com']);
    expect(JSON.parse(exported.stdout).counts.accountEvents).toBe(0);

    ws.write('bad-header.csv', 'kind,emial,date\ncreated,a@b.io,2025-01-01\n');
    const header = await run(['import', '--accounts', 'bad-header.csv']);
    expect(header.exitCode).toBe(2);
    expect(header.stderr).toContain('bad-header.csv:1: unknown column "emial"; missing columns email, instance: expected a header row with kind, email, instance, date');
    const bareStdin = await run(['import', '--accounts', '-'], { stdin: 'pipe', input: '{"kind":"created","email":"q@x.io","instance":"acme","date":"2025-01-01","extra":1}\n' });
    expect(bareStdin).toMatchObject({ exitCode: 2 });
    expect(bareStdin.stderr).toMatch(/^trackz: stdin:1: extra: unknown field \(expected kind, email, instance, date, firstName, lastName, status\)$/m);
  }, SLOW);

  it('refuses a NAME beside --accounts, --strict with it, and a missing file, each with one line and exit 2', async () => {
    expect(await run(['import', 'blog', '--accounts', 'events.csv'])).toMatchObject({ exitCode: 2, stderr: 'trackz: --accounts takes the file itself: leave out "blog"' });
    expect(await run(['import', '--accounts', 'events.csv', '--strict'])).toMatchObject({ exitCode: 2 });
    expect(await run(['import', '--accounts', 'missing.csv'])).toMatchObject({ exitCode: 2, stderr: 'trackz: --accounts: cannot read missing.csv: ENOENT' });
  }, SLOW);
});

describe('trackz activity --accounts', () => {
  it('shows created, deactivated, reactivated and active per instance and month, carried across months', async () => {
    const months = await accountMonths();
    // acme: Jan +2 → 2; Feb +1 −1 → 2; Mar nothing → 2; Apr −1 +1 → 2.
    expect(figures(months, 'acme', 4)).toEqual([
      ['2025-01', 2, 0, 0, 2],
      ['2025-02', 1, 1, 0, 2],
      ['2025-03', 0, 0, 0, 2],
      ['2025-04', 0, 1, 1, 2],
    ]);
    // beta: dee in Feb; Ada's 23:30 at −02:00 on 31 March is 1 April in UTC.
    expect(figures(months, 'beta', 3)).toEqual([
      ['2025-02', 1, 0, 0, 1],
      ['2025-03', 0, 0, 0, 1],
      ['2025-04', 1, 0, 0, 2],
    ]);
    expect((await accountMonths('beta')).every((m) => m.instance === 'beta')).toBe(true);
    // --since narrows the window, not the carried figure.
    const since = JSON.parse((await run(['activity', '--accounts', '--since', '2025-04-15', '--json'])).stdout);
    expect(since.months[0]).toEqual({ instance: 'acme', month: '2025-04', created: 0, deactivated: 1, reactivated: 1, active: 2 });
  }, SLOW);

  it('prints a table that fits 80 columns', async () => {
    const table = await run(['activity', '--accounts', '--since', '2025-01-01', '--instance', 'acme'], { env: { COLUMNS: '80' } });
    expect(table.exitCode).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^accounts {2}2025-01 – \d{4}-\d{2}, UTC months$/);
    expect(lines[2]).toMatch(/INSTANCE +│ MONTH +│ CREATED │ DEACTIVATED │ REACTIVATED │ ACTIVE/);
    expect(lines[3]).toMatch(/│ acme +│ 2025-01 │ 2 +│ 0 +│ 0 +│ 2 +│/);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(await run(['activity', '--accounts', '--site', 'blog'])).toMatchObject({ exitCode: 2 });
  }, SLOW);
});

describe('trackz data export|delete --email', () => {
  it("finds an account holder's events in any case, exports them as JSON, and deletes only theirs", async () => {
    const exported = await run(['data', 'export', '--email', 'ADA@example.com']);
    expect(exported.exitCode).toBe(0);
    expect(exported.stderr).toBe('trackz: exported 3 account events');
    const doc = JSON.parse(exported.stdout);
    expect(doc.selection.of).toBe('the account holder ada@example.com');
    expect(doc.sources).toHaveLength(1);
    expect(doc.sources[0].source).toBe('accounts');
    expect(doc.sources[0].accountEvents.map((e: { instance: string; kind: string }) => `${e.instance}:${e.kind}`)).toEqual(['acme:created', 'acme:deactivated', 'beta:created']);
    expect(doc.sources[0].accountEvents[0]).toMatchObject({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', status: 'active', at: '2025-01-10T00:00:00.000Z', via: 'import' });

    expect(await run(['data', 'delete', '--email', 'ada@example.com'])).toMatchObject({ exitCode: 2 });
    const deleted = await run(['data', 'delete', '--email', 'ada@example.com', '--yes']);
    expect(deleted).toMatchObject({ exitCode: 0, stdout: 'Deleted 3 account events of the account holder ada@example.com.' });
    expect(JSON.parse((await run(['data', 'export', '--email', 'ada@example.com'])).stdout).counts.accountEvents).toBe(0);
    // Bob's are still there; acme's figures lose Ada.
    expect(JSON.parse((await run(['data', 'export', '--email', 'bob@example.com'])).stdout).counts.accountEvents).toBe(3);
    expect(figures(await accountMonths(), 'acme', 1)).toEqual([['2025-01', 1, 0, 0, 1]]);
    expect(await run(['data', 'export', '--email', 'bob@example.com', '--site', 'blog'])).toMatchObject({ exitCode: 2 });
  }, SLOW);
});

describe('accounts: retention', () => {
  it('deletes events older than accounts.retention as each import is stored', async () => {
    const dir = ws.path('short');
    ws.write('short/trackz.config.yaml', 'accounts: { retention: 30d }\n');
    const recent = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    ws.write('short/events.ndjson', `{"kind":"created","email":"old@example.com","instance":"acme","date":"2020-05-01"}\n{"kind":"created","email":"new@example.com","instance":"acme","date":"${recent}"}\n`);
    const imported = await run(['import', '--accounts', 'events.ndjson', '--json'], {}, dir);
    expect(JSON.parse(imported.stdout)).toMatchObject({ received: 2, inserted: 2, expired: 1 });
    expect(JSON.parse((await run(['data', 'export', '--email', 'old@example.com'], {}, dir)).stdout).counts.accountEvents).toBe(0);
    expect(JSON.parse((await run(['data', 'export', '--email', 'new@example.com'], {}, dir)).stdout).counts.accountEvents).toBe(1);
  }, SLOW);

  it('points at a bad accounts: section with file:line:column, exit 2', async () => {
    const dir = ws.path('badcfg');
    ws.write('badcfg/trackz.config.yaml', 'workspace: x\naccounts:\n  retention: forever\n  keep: 1\n');
    const result = await run(['import', '--accounts', 'x.csv'], {}, dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/trackz\.config\.yaml:3:14: accounts\.retention: expected a duration/);
    expect(result.stderr).toMatch(/trackz\.config\.yaml:4:3: .*keep/);
  }, SLOW);
});
