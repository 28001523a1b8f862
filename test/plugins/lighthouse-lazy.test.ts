/**
 * A plugin is imported only when the config uses its type, and the lighthouse plugin imports
 * Lighthouse and chrome-launcher only when an audit runs. Proven on the real binary with a Node
 * module-resolution hook that logs every module the process loads.
 */
import { readFileSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { PluginRegistry } from '../../src/runtime/plugin-registry.js';
import { trackz } from '../helpers/cli.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace('trackz-lazy-');
const log = workspace.path('modules.log');
workspace.write('hooks.mjs', `import { appendFileSync } from 'node:fs';\nlet log;\nexport function initialize(data) { log = data.log; }\nexport async function resolve(specifier, context, next) {\n  const resolved = await next(specifier, context);\n  appendFileSync(log, resolved.url + '\\n');\n  return resolved;\n}\n`);
workspace.write('register.mjs', `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(workspace.path('hooks.mjs')).href)}, { data: { log: ${JSON.stringify(log)} } });\n`);

async function modulesLoadedBy(args: string[]): Promise<string[]> {
  rmSync(log, { force: true });
  const result = await trackz(args, { cwd: workspace.dir, env: { NODE_OPTIONS: `--import ${pathToFileURL(workspace.path('register.mjs')).href}` } });
  expect(result.exitCode, result.stderr).toBeLessThan(2);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

const heavy = (urls: string[]) => urls.filter((url) => /node_modules\/(lighthouse|chrome-launcher|puppeteer-core)\//.test(url));

describe('lazy loading', () => {
  it('an uptime-only `trackz check` never loads Lighthouse, Chrome or the lighthouse plugin', async () => {
    workspace.write('trackz.config.yaml', 'monitors:\n  - name: local\n    type: uptime\n    url: http://127.0.0.1:9/\n');
    const urls = await modulesLoadedBy(['check', '--no-store']);
    expect(urls.some((url) => url.endsWith('/dist/plugins/uptime/index.js'))).toBe(true); // the hook sees plugin loads
    expect(urls.filter((url) => url.includes('/plugins/lighthouse/'))).toEqual([]);
    expect(heavy(urls)).toEqual([]);
  });

  it('validating a config with lighthouse monitors loads the plugin but not Lighthouse or Chrome', async () => {
    workspace.write('lh.yaml', 'monitors:\n  - name: home\n    type: lighthouse\n    url: http://127.0.0.1:9/\n    budgets: { performance: 0.9 }\n');
    const urls = await modulesLoadedBy(['validate', '--config', 'lh.yaml']);
    expect(urls.some((url) => url.endsWith('/dist/plugins/lighthouse/index.js'))).toBe(true);
    expect(heavy(urls)).toEqual([]);
  });

  it('validating a config reads only the plugin modules of the types it uses', async () => {
    workspace.write('tcp.yaml', 'monitors:\n  - name: db\n    type: tcp\n    host: 127.0.0.1\n    port: 9\n');
    const urls = await modulesLoadedBy(['validate', '--config', 'tcp.yaml']);
    // (validate imports the module twice: the config's option catalog, then the runtime's registry for preflight checks)
    expect([...new Set(urls.filter((url) => /\/dist\/plugins\/[^/]+\/index\.js$/.test(url)).map((url) => url.split('/').at(-2)))]).toEqual(['tcp']);
  });

  it("the runtime's registry imports only the types a config uses", async () => {
    workspace.write('mixed.yaml', 'monitors:\n  - name: local\n    type: uptime\n    url: http://127.0.0.1:9/\n  - name: mail\n    type: smtp\n    host: 127.0.0.1\n');
    const config = await loadConfig({ configPath: 'mixed.yaml', cwd: workspace.dir, env: {} });
    const registry = new PluginRegistry(config.plugins);
    await registry.pluginsFor(config.monitors);
    expect(registry.loadedTypes().sort()).toEqual(['smtp', 'uptime']);
    await registry.disposeAll();
  });
});
