/**
 * Third-party check types from the config's `plugins:` list: loaded from a path or a package, checked
 * against the contract, and their options validated with their own Standard Schema. Every failure is
 * a ConfigIssue at the `plugins[i]` (or monitor) line, never a crash.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { ConfigError, type ConfigIssue } from '../../src/core/errors.js';
import { PluginRegistry } from '../../src/runtime/plugin-registry.js';
import { ROOT } from '../helpers/cli.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace('trackz-plugins-');
const VALIBOT = pathToFileURL(join(ROOT, 'node_modules/valibot/dist/index.mjs')).href;
const OK_RESULT = "async run() { return { status: 'up', message: 'ok', metrics: {} }; }";

/** A plugin module whose options are a hand-written Standard Schema; async, with object path segments. */
const handWritten = (type: string) => `export default {
  type: '${type}',
  description: 'resolves a DNS record',
  options: {
    '~standard': {
      version: 1,
      vendor: 'hand-written',
      async validate(input) {
        const issues = [];
        if (!['A', 'AAAA', 'MX'].includes(input.record)) issues.push({ message: 'expected record: A, AAAA or MX', path: [{ key: 'record' }] });
        if (input.server !== undefined && typeof input.server !== 'string') issues.push({ message: 'expected a server address', path: ['server'] });
        return issues.length ? { issues } : { value: { record: input.record, server: input.server ?? '1.1.1.1' } };
      },
    },
  },
  ${OK_RESULT},
};
`;

/** The same contract with a valibot schema: trackz gets valibot's paths, so unknown keys get "did you mean". */
const withValibot = `import * as v from '${VALIBOT}';
export default {
  type: 'ping',
  options: v.strictObject({
    host: v.pipe(v.string(), v.minLength(1)),
    count: v.optional(v.pipe(v.number('expected a number of pings'), v.integer(), v.minValue(1)), 3),
  }),
  ${OK_RESULT},
};
`;

function configIn(dir: string, yaml: string) {
  return loadConfigText(join(workspace.path(dir), 'trackz.config.yaml'), yaml, { env: {} });
}

async function issuesOf(dir: string, yaml: string): Promise<ConfigIssue[]> {
  const error = await configIn(dir, yaml).catch((e: unknown) => e);
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error.issues;
}

describe('a valid plugin', () => {
  it('loads from a path relative to the config, and its options are validated by its own Standard Schema', async () => {
    workspace.write('by-path/plugins-local/dns-check.mjs', handWritten('dns-check'));
    const config = await configIn('by-path', 'plugins: [./plugins-local/dns-check.mjs]\nmonitors:\n  - { name: mx, type: dns-check, record: MX, tags: [mail] }\n');
    expect(config.monitors).toHaveLength(1);
    expect(config.monitors[0]).toMatchObject({ name: 'mx', type: 'dns-check', tags: ['mail'], options: { record: 'MX', server: '1.1.1.1' } });
    // The config returns where the type comes from, as data; the runtime's registry loads the plugin from it.
    expect(config.plugins).toEqual([{ spec: './plugins-local/dns-check.mjs', file: workspace.path('by-path/plugins-local/dns-check.mjs'), type: 'dns-check' }]);
    const registry = new PluginRegistry(config.plugins);
    expect(registry.knownTypes()).toContain('dns-check');
    expect((await registry.get('dns-check'))?.description).toBe('resolves a DNS record');
  });

  it('loads from an absolute path', async () => {
    const file = workspace.write('absolute/elsewhere/dns.mjs', handWritten('dns-abs'));
    const config = await configIn('absolute', `plugins: [${file}]\nmonitors: [{ name: a, type: dns-abs, record: A }]\n`);
    expect(config.monitors[0]!.options).toEqual({ record: 'A', server: '1.1.1.1' });
  });

  it('reports its own schema issues at the monitor field they are about', async () => {
    workspace.write('own-issues/dns.mjs', handWritten('dns-check'));
    const issues = await issuesOf('own-issues', 'plugins: [./dns.mjs]\nmonitors:\n  - name: mx\n    type: dns-check\n    record: SRV\n    server: 53\n');
    expect(issues.map(({ line, column, message, found }) => ({ line, column, message, found }))).toEqual([
      { line: 5, column: 13, message: 'monitors[0].record: expected record: A, AAAA or MX', found: '"SRV"' },
      { line: 6, column: 13, message: 'monitors[0].server: expected a server address', found: '53' },
    ]);
  });

  it('written with valibot gets did-you-mean for its own keys and its defaults applied', async () => {
    workspace.write('valibot/ping.mjs', withValibot);
    const config = await configIn('valibot', 'plugins: [./ping.mjs]\nmonitors: [{ name: gw, type: ping, host: 10.0.0.1 }]\n');
    expect(config.monitors[0]!.options).toEqual({ host: '10.0.0.1', count: 3 });
    const issues = await issuesOf('valibot', 'plugins: [./ping.mjs]\nmonitors:\n  - name: gw\n    type: ping\n    host: 10.0.0.1\n    cout: 5\n    count: many\n');
    expect(issues.map(({ line, message, hint, found }) => ({ line, message, hint, found }))).toEqual([
      { line: 6, message: 'monitors[0].cout: unknown key `cout`', hint: 'did you mean `count`?', found: undefined },
      { line: 7, message: 'monitors[0].count: expected a number of pings', hint: undefined, found: '"many"' },
    ]);
  });

  it('loads from an ESM-only package in node_modules (exports with an import condition only)', async () => {
    workspace.write('esm-package/node_modules/trackz-plugin-ping/package.json', JSON.stringify({ name: 'trackz-plugin-ping', type: 'module', exports: { '.': { import: './src/index.js' } } }));
    workspace.write('esm-package/node_modules/trackz-plugin-ping/src/index.js', withValibot);
    const config = await configIn('esm-package', 'plugins: [trackz-plugin-ping]\nmonitors: [{ name: gw, type: ping, host: gw.internal, count: 1 }]\n');
    expect(config.monitors[0]!.options).toEqual({ host: 'gw.internal', count: 1 });
  });

  it('loads from a CommonJS package found in a parent directory', async () => {
    workspace.write('cjs-package/node_modules/@acme/trackz-dns/package.json', JSON.stringify({ name: '@acme/trackz-dns', main: 'lib/plugin.cjs' }));
    workspace.write(
      'cjs-package/node_modules/@acme/trackz-dns/lib/plugin.cjs',
      `module.exports = { type: 'acme-dns', options: { '~standard': { version: 1, vendor: 'cjs', validate: (value) => ({ value }) } }, ${OK_RESULT} };\n`,
    );
    const config = await configIn('cjs-package/deploy/prod', 'plugins: ["@acme/trackz-dns"]\nmonitors: [{ name: a, type: acme-dns, zone: acme.test }]\n');
    expect(config.monitors[0]!.options).toEqual({ zone: 'acme.test' });
  });

  it('is imported once however many monitors use it, and listed in knownTypes for did-you-mean', async () => {
    workspace.write('did-you-mean/dns.mjs', handWritten('dns-check'));
    const issues = await issuesOf('did-you-mean', 'plugins: [./dns.mjs]\nmonitors:\n  - { name: a, type: dns-chek, record: A }\n');
    expect(issues).toMatchObject([{ line: 3, message: 'monitors[0].type: unknown check type "dns-chek"', hint: 'did you mean `dns-check`?' }]);
  });
});

describe('a plugin that does not fit the contract', () => {
  const cases: [string, string, RegExp][] = [
    ['a default export that is not an object', 'export default 42;\n', /its default export is not an object/],
    ['no default export at all', `export const plugin = { type: 'x', ${OK_RESULT} };\nexport function helper() {}\n`, /has no default export; expected `export default definePlugin\(\{ type, options, run \}\)`/],
    ['named exports missing run', `export const type = 'named';\nexport const options = { '~standard': { version: 1, vendor: 't', validate: (value) => ({ value }) } };\n`, /does not fit the plugin contract: `run\(monitor, ctx\)` must be a function/],
    ['no run()', `export default { type: 'no-run', options: { '~standard': { version: 1, vendor: 't', validate: (value) => ({ value }) } } };\n`, /`run\(monitor, ctx\)` must be a function/],
    ['a type that is not a lower-case name', `export default { type: 'DNS_Check', options: { '~standard': { version: 1, vendor: 't', validate: (value) => ({ value }) } }, ${OK_RESULT} };\n`, /`type` must be a lower-case name/],
    ['options without ~standard', `export default { type: 'plain', options: { record: 'string' }, ${OK_RESULT} };\n`, /`options` must be a Standard Schema/],
    ['a built-in type', `export default { type: 'ssl', options: { '~standard': { version: 1, vendor: 't', validate: (value) => ({ value }) } }, ${OK_RESULT} };\n`, /declares type "ssl", which is a built-in type; choose another name/],
    ['an import that throws an Error', `throw new Error('missing API key for the DNS provider');\n`, /importing .*bad\.mjs failed: missing API key for the DNS provider/],
    ['an import that throws a non-Error', `throw 'not an error object';\n`, /importing .*bad\.mjs failed: not an error object/],
    ['a syntax error', 'export default { type: \n', /importing .*bad\.mjs failed: /],
    ['a bad concurrency', `export default { type: 'conc', concurrency: 0, options: { '~standard': { version: 1, vendor: 't', validate: (value) => ({ value }) } }, ${OK_RESULT} };\n`, /`concurrency`, when present, must be a positive integer/],
  ];

  it.each(cases)('%s: a ConfigIssue at the plugins[i] line naming what is wrong', async (_what, source, reason) => {
    const dir = `contract-${_what.replace(/\W+/g, '-')}`;
    workspace.write(`${dir}/good.mjs`, handWritten('dns-check'));
    workspace.write(`${dir}/bad.mjs`, source);
    const issues = await issuesOf(dir, 'workspace: acme\nplugins:\n  - ./good.mjs\n  - ./bad.mjs\nmonitors: []\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 4, column: 5 });
    expect(issues[0]!.message.startsWith('plugins[1]: cannot load plugin "./bad.mjs": ')).toBe(true);
    expect(issues[0]!.message).toMatch(reason);
  });

  it('a path that does not exist, or names a directory', async () => {
    workspace.write('paths/plugin-dir/index.js', handWritten('dns-check'));
    const issues = await issuesOf('paths', 'plugins: [./missing.mjs, ./plugin-dir, not-installed-pkg]\nmonitors: []\n');
    expect(issues.map(({ line, column, message }) => ({ line, column, message }))).toEqual([
      { line: 1, column: 11, message: `plugins[0]: cannot load plugin "./missing.mjs": no file at ${workspace.path('paths/missing.mjs')}` },
      { line: 1, column: 26, message: `plugins[1]: cannot load plugin "./plugin-dir": ${workspace.path('paths/plugin-dir')} is a directory; name the plugin's module file (e.g. plugin-dir/index.js)` },
      {
        line: 1,
        column: 40,
        message: `plugins[2]: cannot load plugin "not-installed-pkg": package "not-installed-pkg" is not installed (looked in node_modules from ${workspace.path('paths')} upwards)`,
      },
    ]);
  });

  it('a package whose package.json is not JSON', async () => {
    workspace.write('broken-package/node_modules/trackz-plugin-broken/package.json', '{ "name": "trackz-plugin-broken", ');
    const issues = await issuesOf('broken-package', 'plugins: [trackz-plugin-broken]\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/^plugins\[0\]: cannot load plugin "trackz-plugin-broken": package "trackz-plugin-broken" has an unreadable .*package\.json: /);
  });

  it('two plugins declaring the same type', async () => {
    workspace.write('same-type/one.mjs', handWritten('dns-check'));
    workspace.write('same-type/two.mjs', handWritten('dns-check'));
    const issues = await issuesOf('same-type', 'plugins:\n  - ./one.mjs\n  - ./two.mjs\n');
    expect(issues).toMatchObject([{ line: 3, message: 'plugins[1]: cannot load plugin "./two.mjs": type "dns-check" is already provided by ./one.mjs' }]);
  });

  it('a failed plugin is named as the likely provider of the type a monitor then cannot find', async () => {
    workspace.write('cascade/bad.mjs', 'export default 42;\n');
    const issues = await issuesOf('cascade', 'plugins: [./bad.mjs]\nmonitors:\n  - { name: mx, type: dns-check, record: MX }\n');
    expect(issues.map(({ line, message, hint }) => ({ line, message: message.split(':')[0], hint }))).toEqual([
      { line: 1, message: 'plugins[0]', hint: undefined },
      { line: 3, message: 'monitors[0].type', hint: 'plugins[0] (line 1) failed to load and may be the plugin that provides it' },
    ]);
  });

  it('a validator that throws is a bug in the plugin, reported at the monitor', async () => {
    workspace.write(
      'throwing-validator/flaky.mjs',
      `export default { type: 'flaky', options: { '~standard': { version: 1, vendor: 't', validate() { throw new TypeError('cannot read record'); } } }, ${OK_RESULT} };\n`,
    );
    const issues = await issuesOf('throwing-validator', 'plugins: [./flaky.mjs]\nmonitors:\n  - name: a\n    type: flaky\n');
    expect(issues).toEqual([
      {
        file: join(workspace.path('throwing-validator'), 'trackz.config.yaml'),
        line: 3,
        column: 5,
        message: 'monitors[0]: the "flaky" plugin\'s options validator threw: cannot read record',
        hint: 'this is a bug in the plugin, not in the config; report it to its author',
      },
    ]);
  });
});
