/** What a valid config becomes: defaults applied, durations in ms, storage resolved, plugins loaded lazily. */
import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { ConfigError, UserError } from '../../src/core/errors.js';
import { PluginRegistry } from '../../src/runtime/plugin-registry.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace('trackz-load-');
const FILE = join(workspace.dir, 'trackz.config.yaml');
const load = (yaml: string) => loadConfigText(FILE, yaml, { env: {} });

async function problems(yaml: string): Promise<ConfigError> {
  const error = await load(yaml).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

// A third-party type that needs longer than the usual default timeout, as an audit does.
workspace.write(
  'slow-plugin.mjs',
  `export default {
  type: 'slow-audit',
  defaultTimeoutMs: 60000,
  options: { '~standard': { version: 1, vendor: 'test', validate: (value) => ({ value }) } },
  async run() { return { status: 'up', message: 'ok', metrics: {} }; },
};
`,
);

describe('defaults', () => {
  it('apply trackz\'s own defaults when the file sets none', async () => {
    const config = await load('monitors:\n  - { name: db, type: tcp, host: db.internal, port: 5432 }\n');
    expect(config.workspace).toBe('default');
    expect(config.defaults).toEqual({ interval: 60_000, timeout: 10_000, retries: 0, retryDelay: 1000 });
    expect(config.monitors[0]).toMatchObject({ intervalMs: 60_000, timeoutMs: 10_000, retries: 0, retryDelayMs: 1000 });
  });

  it('are inherited by monitors that do not set their own, and overridden by those that do', async () => {
    const config = await load(`defaults: { interval: 30s, timeout: 5s, retries: 2, retryDelay: 500ms }
monitors:
  - { name: inherits, type: tcp, host: db.internal, port: 5432 }
  - name: overrides
    type: tcp
    host: db.internal
    port: 5432
    interval: 1h30m
    timeout: 1500ms
    retries: 0
    retryDelay: 2s
`);
    expect(config.monitors.map(({ name, intervalMs, timeoutMs, retries, retryDelayMs }) => ({ name, intervalMs, timeoutMs, retries, retryDelayMs }))).toEqual([
      { name: 'inherits', intervalMs: 30_000, timeoutMs: 5000, retries: 2, retryDelayMs: 500 },
      { name: 'overrides', intervalMs: 5_400_000, timeoutMs: 1500, retries: 0, retryDelayMs: 2000 },
    ]);
  });

  it("a plugin's defaultTimeoutMs wins over a shorter defaults.timeout, never over the monitor's own", async () => {
    const monitors = `plugins: [./slow-plugin.mjs]
monitors:
  - { name: audit, type: slow-audit }
  - { name: audit-quick, type: slow-audit, timeout: 5s }
  - { name: db, type: tcp, host: db.internal, port: 5432 }
`;
    const short = await load(`defaults: { timeout: 10s }\n${monitors}`);
    expect(short.monitors.map((m) => [m.name, m.timeoutMs])).toEqual([
      ['audit', 60_000],
      ['audit-quick', 5000],
      ['db', 10_000],
    ]);
    const long = await load(`defaults: { timeout: 2m }\n${monitors}`);
    expect(long.monitors.map((m) => [m.name, m.timeoutMs])).toEqual([
      ['audit', 120_000],
      ['audit-quick', 5000],
      ['db', 120_000],
    ]);
  });
});

describe('monitors', () => {
  it('keep enabled: false monitors, marked, and are enabled by default', async () => {
    const config = await load(`monitors:
  - { name: on, type: tcp, host: a.internal, port: 1 }
  - { name: off, type: tcp, host: b.internal, port: 2, enabled: false }
`);
    expect(config.monitors.map((m) => [m.name, m.enabled])).toEqual([
      ['on', true],
      ['off', false],
    ]);
  });

  it('carry their tags (none by default), description, dependsOn and location', async () => {
    const config = await load(`monitors:
  - name: db
    type: tcp
    host: db.internal
    port: 5432
  - name: api
    type: uptime
    url: https://api.example.com/health
    description: The public API
    tags: [web, public]
    dependsOn: [db]
`);
    const [db, api] = config.monitors;
    expect(db).toMatchObject({ tags: [], dependsOn: [], description: undefined, location: { file: FILE, line: 2, column: 5 } });
    expect(api).toMatchObject({ tags: ['web', 'public'], dependsOn: ['db'], description: 'The public API', location: { file: FILE, line: 6, column: 5 } });
  });

  it("get their type's own options validated and defaulted", async () => {
    const config = await load('monitors:\n  - { name: api, type: uptime, url: "https://api.example.com/", maxBodyBytes: 64KiB, expect: { status: [200, 3xx], latency: { degraded: 800ms } } }\n');
    expect(config.monitors[0]!.options).toMatchObject({
      url: 'https://api.example.com/',
      method: 'GET',
      followRedirects: true,
      maxBodyBytes: 65_536,
      expect: { status: [200, '3xx'], latency: { degraded: 800 } },
    });
  });

  it('leave plugins to the runtime: a registry made from the config imports only the types its monitors use', async () => {
    const config = await load('monitors:\n  - { name: db, type: tcp, host: db.internal, port: 5432 }\n');
    expect(config.plugins).toEqual([]);
    const registry = new PluginRegistry(config.plugins);
    await registry.pluginsFor(config.monitors);
    expect(registry.loadedTypes()).toEqual(['tcp']);
  });
});

describe('storage', () => {
  it('defaults to .trackz/trackz.db beside the config file, whatever the cwd', async () => {
    const config = await load('monitors: []\n');
    expect(config.storage.target).toEqual({ backend: 'sqlite', path: join(workspace.dir, '.trackz/trackz.db') });
    expect(config.storage.retention).toEqual({ resultsMs: 90 * 86_400_000, rollupsMs: 400 * 86_400_000 });
  });

  it('resolves a relative path against the config file, and keeps an absolute one', async () => {
    const relative = await load('storage: { path: ../data/acme.db, retention: { results: 30d, rollups: 1w } }\n');
    expect(relative.storage.target).toEqual({ backend: 'sqlite', path: join(workspace.dir, '../data/acme.db') });
    expect(isAbsolute((relative.storage.target as { path: string }).path)).toBe(true);
    expect(relative.storage.retention).toEqual({ resultsMs: 30 * 86_400_000, rollupsMs: 7 * 86_400_000 });
    const absolute = await load('storage: { path: /var/lib/trackz/acme.db }\n');
    expect(absolute.storage.target).toEqual({ backend: 'sqlite', path: '/var/lib/trackz/acme.db' });
  });
});

describe('errors', () => {
  it('are every problem at once, in file order, as one ConfigError with exit code 2', async () => {
    const error = await problems(`monitors:
  - { name: b, type: tcp, host: b.internal, port: 0 }
  - { name: a, type: uptim }
defaults: { timout: 5s }
`);
    expect(error).toBeInstanceOf(UserError);
    expect(error.exitCode).toBe(2);
    expect(error.issues.map((i) => [i.line, i.message])).toEqual([
      [2, 'monitors[0].port: expected a port number between 1 and 65535'],
      [3, 'monitors[1].type: unknown check type "uptim"'],
      [4, 'defaults.timout: unknown key `timout`'],
    ]);
  });

  it('print as file:line:column, then what was found and the hint, indented', async () => {
    const error = await problems('defaults:\n  interval: 10\n  timout: 5s\n');
    expect(error.message).toBe(
      [
        'invalid config (2 problems):',
        `${FILE}:2:13: defaults.interval: expected a duration such as 500ms, 90s, 1h30m or 7d (add a unit, e.g. 10s or 10ms)`,
        '    found: 10',
        `${FILE}:3:3: defaults.timout: unknown key \`timout\``,
        '    hint: did you mean `timeout`?',
      ].join('\n'),
    );
  });

  it('say what the one problem is in the singular', async () => {
    const error = await problems('workspace: "a b"\n');
    expect(error.message.split('\n')[0]).toBe('invalid config (1 problem):');
  });

  it('cut a long found value short', async () => {
    const long = `https-${'x'.repeat(200)}`;
    const error = await problems(`monitors:\n  - { name: a, type: uptime, url: ${long} }\n`);
    const found = error.issues[0]!.found!;
    expect(found.length).toBeLessThanOrEqual(80);
    expect(found.endsWith('…')).toBe(true);
  });

  it('refuse a file with too many aliases (a "billion laughs") instead of expanding it', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 6; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const error = await problems(`${levels.join('\n')}\nmonitors: []\n`);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]!.message).toMatch(/^YAML syntax: .*alias/i);
  });

  it('accept a UTF-8 byte-order mark', async () => {
    const config = await load('\uFEFFworkspace: bom\nmonitors: []\n');
    expect(config.workspace).toBe('bom');
  });

  it("name a misspelt key once even when the type's schema also finds its required key missing", async () => {
    const error = await problems('monitors:\n  - name: a\n    type: uptime\n    URL: https://example.com/\n');
    expect(error.issues.map((i) => [i.line, i.message, i.hint])).toEqual([[4, 'monitors[0].URL: unknown key `URL`', 'did you mean `url`?']]);
  });
});
