/**
 * The runtime's registry, made from what config returns (data: spec, file, type), and the runOne built
 * on it: lazy imports, third-party modules, dispose of what was loaded, per-type lanes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { createLogger } from '../../src/core/log.js';
import type { Monitor } from '../../src/core/monitor.js';
import { createMonitorRunner } from '../../src/runtime/monitor-runner.js';
import { PluginRegistry } from '../../src/runtime/plugin-registry.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace('trackz-registry-');
const plugin = (type: string, extra = '') => `export default {
  type: '${type}',
  options: { '~standard': { version: 1, vendor: 'test', validate: (value) => ({ value }) } },
  async run(monitor) { return { status: 'up', message: 'ran ' + monitor.name, metrics: {} }; },
  ${extra}
};
`;
workspace.write('audit.mjs', plugin('audit', `concurrency: 1, async dispose() { (await import('node:fs')).appendFileSync(${JSON.stringify(workspace.path('disposed.log'))}, 'audit\\n'); },`));
workspace.write('never.mjs', plugin('never', `async dispose() { (await import('node:fs')).appendFileSync(${JSON.stringify(workspace.path('disposed.log'))}, 'never\\n'); },`));
const load = () => loadConfigText(workspace.path('trackz.config.yaml'), 'plugins: [./audit.mjs, ./never.mjs]\nmonitors:\n  - { name: a, type: audit }\n  - { name: b, type: audit }\n', { env: {} });

describe('PluginRegistry', () => {
  it('knows the built-ins and the types config resolved; imports only what is asked for', async () => {
    const config = await load();
    expect(config.plugins.map((p) => p.type)).toEqual(['audit', 'never']);
    const registry = new PluginRegistry(config.plugins);
    expect(registry.has('uptime') && registry.has('audit') && registry.has('never')).toBe(true);
    expect(registry.has('nope')).toBe(false);
    expect(await registry.get('nope')).toBeUndefined();
    await expect(registry.pluginsFor([{ type: 'nope' } as Monitor])).rejects.toThrow('no plugin for type nope');
    const plugins = await registry.pluginsFor(config.monitors);
    expect([...plugins.keys()]).toEqual(['audit']);
    expect(registry.loadedTypes()).toEqual(['audit']);
  });

  it('disposes exactly the plugins it loaded', async () => {
    const config = await load();
    writeFileSync(workspace.path('disposed.log'), '');
    const registry = new PluginRegistry(config.plugins);
    await registry.get('audit');
    await registry.disposeAll();
    expect(readFileSync(workspace.path('disposed.log'), 'utf8')).toBe('audit\n');
  });

  it('refuses a file that no longer declares the type config read from it', async () => {
    const file = workspace.write('changing.mjs', plugin('other'));
    const registry = new PluginRegistry([{ spec: './changing.mjs', file, type: 'changing' }]);
    await expect(registry.get('changing')).rejects.toThrow(`${file} now declares type "other", not "changing"`);
  });
});

describe('createMonitorRunner', () => {
  it('runs a monitor through its plugin and gives a type with `concurrency` its own lane', async () => {
    const config = await load();
    const runner = createMonitorRunner({ plugins: config.plugins, configDir: config.dir, log: createLogger('test', 'silent') });
    await runner.prepare(config.monitors);
    const [a, b] = config.monitors;
    expect(runner.laneOf(a!)).toBeDefined();
    expect(runner.laneOf(a!)).toBe(runner.laneOf(b!));
    expect(runner.laneOf({ ...a!, type: 'uptime' })).toBeUndefined();
    await expect(runner.runOne(a!, new AbortController().signal)).resolves.toMatchObject({ monitor: 'a', type: 'audit', status: 'up', message: 'ran a', attempts: 1 });
    await runner.dispose();
  });
});
