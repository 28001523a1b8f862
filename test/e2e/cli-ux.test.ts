/**
 * What a new user meets around the edges, through the built binary: mistyped commands and flags, help,
 * reporters that would collide on stdout. Every mistake is one line (plus one hint), exit 2, no prompt.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../config/build.js';
import { trackz } from '../helpers/cli.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-cli-ux-');

beforeAll(async () => {
  await ensureBuilt();
  ws.write('trackz.config.yaml', 'monitors:\n  - { name: homepage, type: uptime, url: "http://127.0.0.1:9/" }\n  - { name: mail, type: smtp, host: 127.0.0.1, port: 9 }');
});

const run = (...args: string[]) => trackz(args, { cwd: ws.dir });

describe('a mistyped command', () => {
  it('gets a did-you-mean, exit 2, and no prompt', async () => {
    const result = await run('chek');
    expect(result).toMatchObject({ exitCode: 2, stdout: '' });
    expect(result.stderr).toBe('trackz: "chek" is not a trackz command (did you mean `trackz check`?); `trackz help` lists the commands');
  });

  it('keeps its arguments apart from the command name', async () => {
    const result = await run('histroy', 'homepage', '--since', '7d');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('"histroy" is not a trackz command (did you mean `trackz history homepage --since 7d`?)');
    expect(result.stderr).not.toMatch(/histroy:homepage|histroy homepage"/);
  });

  it('inside a topic, suggests the topic’s command', async () => {
    const result = await run('alerts', 'lst', '--all');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('"alerts lst" is not a trackz command (did you mean `trackz alerts list --all`?); `trackz help alerts` lists the commands');
  });

  it('with nothing close, points at the list', async () => {
    expect((await run('frobnicate')).stderr).toBe('trackz: "frobnicate" is not a trackz command; `trackz help` lists the commands');
  });
});

describe('trackz help', () => {
  it('lists the topics and commands, help included', async () => {
    const result = await run('help');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^TOPICS\n {2}alerts /m);
    expect(result.stdout).toMatch(/^ {2}check +Run the checks once/m);
    expect(result.stdout).toMatch(/^ {2}help +Show help/m);
  });

  it('explains one command, or a command in a topic, as --help does', async () => {
    const help = await run('help', 'check');
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toBe((await run('check', '--help')).stdout);
    expect(help.stdout).toMatch(/^USAGE\n {2}\$ trackz check /m);
    const nested = await run('help', 'alerts', 'list');
    expect(nested.stdout).toMatch(/^ {2}\$ trackz alerts list /m);
  });

  it('a mistyped subject gets the same did-you-mean', async () => {
    const result = await run('help', 'chek');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('"chek" is not a trackz command (did you mean `trackz check`?)');
  });
});

describe('a bad flag', () => {
  it('prints its problem and the hint once, naming the command', async () => {
    const result = await run('check', '--bogus');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('trackz: unknown flag --bogus\nSee `trackz check --help`.');
  });

  it('gets a did-you-mean among the command’s flags, --no- forms included', async () => {
    expect((await run('check', '--reportr', 'json')).stderr).toBe('trackz: unknown flag --reportr (did you mean `--reporter`?)\nSee `trackz check --help`.');
    expect((await run('check', '--no-stor')).stderr).toContain('unknown flag --no-stor (did you mean `--no-store`?)');
    expect((await run('alerts', 'list', '--al')).stderr).toContain('See `trackz alerts list --help`.');
  });

  it('a missing argument and an unparsable value read as one line each', async () => {
    expect((await run('history')).stderr).toBe('trackz: missing argument MONITOR (Monitor name)\nSee `trackz history --help`.');
    expect((await run('check', '--concurrency', 'many')).stderr).toBe('trackz: --concurrency: expected an integer but received: many\nSee `trackz check --help`.');
  });
});

describe('check selection and reporters', () => {
  it('--type with a misspelt type gets a did-you-mean, like a misspelt monitor name', async () => {
    const result = await run('check', '--no-store', '--type', 'smpt');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('trackz: --type smpt: no such check type (did you mean `smtp`?)');
    const none = await run('check', '--no-store', '--type', 'ssl');
    expect([none.exitCode, none.stderr]).toEqual([2, 'trackz: no monitors match --type ssl']);
  });

  it('two reporters on stdout are a usage error that says to give one a file', async () => {
    const result = await run('check', '--no-store', '-r', 'json', '-r', 'tap');
    expect([result.exitCode, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toBe('trackz: --reporter json and --reporter tap both write to stdout; give one of them a file: --reporter tap=PATH');
    const fine = await run('check', '--no-store', '-r', 'json', '-r', 'tap=report.tap');
    expect(fine.exitCode).toBe(1);
    expect(JSON.parse(fine.stdout).results).toHaveLength(2);
  });
});

describe('output that fits 80 columns', () => {
  const fit = useWorkspace('trackz-cli-fit-');
  const name = 'customer-portal-login-page';
  const phrase = 'Welcome back, please sign in with your company account';
  let server: Server;
  const widest = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length));
  /** The MESSAGE column's lines for a row, joined back into one text. */
  const messageOf = (table: string) =>
    table
      .split('\n')
      .map((line) => line.split('│'))
      .filter((cells) => cells.length > 5)
      .slice(1)
      .map((cells) => cells[5]!.trim())
      .join(' ');

  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200).end('maintenance page'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    fit.write('trackz.config.yaml', `monitors:\n  - name: ${name}\n    type: uptime\n    url: http://127.0.0.1:${port}/\n    expect: { body: { contains: "${phrase}" } }\n`);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('check: the table fits, the name is whole, the message wraps without losing a word', async () => {
    const result = await trackz(['check'], { cwd: fit.dir, env: { COLUMNS: '80' } });
    expect(result.exitCode).toBe(1);
    expect(widest(result.stdout)).toBeLessThanOrEqual(80);
    expect(result.stdout).toContain(`│ ${name} │`);
    expect(messageOf(result.stdout)).toBe(`body does not contain "${phrase}"`);
  });

  it('history: the table fits, a long message is cut at a word with …; piped without COLUMNS it is whole', async () => {
    const narrow = await trackz(['history', name], { cwd: fit.dir, env: { COLUMNS: '80' } });
    expect(narrow.exitCode).toBe(0);
    expect(widest(narrow.stdout)).toBeLessThanOrEqual(80);
    expect(narrow.stdout).toMatch(/│ body does not contain "Welcome[\w ,]*…\s*│/);
    const piped = await trackz(['history', name], { cwd: fit.dir });
    expect(piped.stdout).toContain(`body does not contain "${phrase}"`);
    expect(widest(piped.stdout)).toBeGreaterThan(80);
  });
});
