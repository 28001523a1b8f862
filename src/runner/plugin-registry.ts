/**
 * Which module implements which check type. Built-ins are imported lazily, only when a config uses
 * their type, so an uptime-only `trackz check` never loads Lighthouse or a browser.
 * Third-party plugins come from the config's `plugins:` list and meet exactly the same contract.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PLUGIN_TYPE_RE, type Plugin } from '../core/plugin.js';

type PluginModule = { default?: unknown };

/** The built-in check types. Each entry is a dynamic import: nothing is loaded until asked for. */
const BUILTIN_LOADERS: Record<string, () => Promise<PluginModule>> = {
  uptime: () => import('../../plugins/uptime/index.js'),
  ssl: () => import('../../plugins/ssl/index.js'),
  tcp: () => import('../../plugins/tcp/index.js'),
  smtp: () => import('../../plugins/smtp/index.js'),
  command: () => import('../../plugins/command/index.js'),
  lighthouse: () => import('../../plugins/lighthouse/index.js'),
  // Made from `sites:` and `agents:`, not written under `monitors:` (see src/activity/config/activity-monitors.ts).
  activity: () => import('../../plugins/activity/index.js'),
};

export const BUILTIN_TYPES = Object.keys(BUILTIN_LOADERS);

export class PluginLoadError extends Error {}

/** What is wrong with a module that claims to be a plugin; empty when it fits the contract. */
export function contractProblems(candidate: unknown): string[] {
  if (candidate === null || typeof candidate !== 'object') return ['its default export is not an object (export default definePlugin({ … }))'];
  const plugin = candidate as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof plugin.type !== 'string' || !PLUGIN_TYPE_RE.test(plugin.type)) problems.push('`type` must be a lower-case name such as "dns-check"');
  const options = plugin.options as Record<string, unknown> | undefined;
  const standard = options?.['~standard'] as Record<string, unknown> | undefined;
  if (!standard || typeof standard.validate !== 'function') problems.push('`options` must be a Standard Schema (a zod, valibot or arktype schema, or an object with ~standard.validate)');
  if (typeof plugin.run !== 'function') problems.push('`run(monitor, ctx)` must be a function returning a CheckResult');
  if (plugin.dispose !== undefined && typeof plugin.dispose !== 'function') problems.push('`dispose`, when present, must be a function');
  if (plugin.preflight !== undefined && typeof plugin.preflight !== 'function') problems.push('`preflight`, when present, must be a function');
  if (plugin.concurrency !== undefined && !(Number.isInteger(plugin.concurrency) && (plugin.concurrency as number) > 0)) problems.push('`concurrency`, when present, must be a positive integer');
  if (plugin.writesStore !== undefined && typeof plugin.writesStore !== 'boolean') problems.push('`writesStore`, when present, must be true or false');
  if (plugin.defaultTimeoutMs !== undefined && !(typeof plugin.defaultTimeoutMs === 'number' && plugin.defaultTimeoutMs > 0)) problems.push('`defaultTimeoutMs`, when present, must be a positive number');
  return problems;
}

/** Finds the file a `plugins:` entry names: a path relative to the config, or a package name. */
export function resolvePluginSpec(spec: string, configDir: string): string {
  if (spec.startsWith('.') || isAbsolute(spec)) {
    const file = resolve(configDir, spec);
    if (!existsSync(file)) throw new PluginLoadError(`no file at ${file}`);
    if (statSync(file).isDirectory()) throw new PluginLoadError(`${file} is a directory; name the plugin's module file (e.g. ${join(spec, 'index.js')})`);
    return file;
  }
  const require = createRequire(join(configDir, 'noop.js'));
  try {
    return require.resolve(spec);
  } catch (error) {
    // ESM-only packages export no "require" condition: read their package.json ourselves.
    const manifest = findPackageJson(spec, configDir);
    if (!manifest) throw new PluginLoadError(`package "${spec}" is not installed (looked in node_modules from ${configDir} upwards)`);
    let pkg: { exports?: unknown; module?: string; main?: string };
    try {
      pkg = JSON.parse(readFileSync(manifest, 'utf8')) as typeof pkg;
    } catch (cause) {
      throw new PluginLoadError(`package "${spec}" has an unreadable ${manifest}: ${(cause as Error).message}`, { cause });
    }
    const entry = pickExport(pkg.exports) ?? pkg.module ?? pkg.main ?? 'index.js';
    const file = resolve(dirname(manifest), entry);
    if (!existsSync(file)) throw new PluginLoadError(`package "${spec}" names ${entry} as its entry, which does not exist`, { cause: error });
    return file;
  }
}

function findPackageJson(name: string, from: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function pickExport(exportsField: unknown): string | undefined {
  if (typeof exportsField === 'string') return exportsField;
  if (!exportsField || typeof exportsField !== 'object') return undefined;
  const map = exportsField as Record<string, unknown>;
  const root = '.' in map ? map['.'] : map;
  if (typeof root === 'string') return root;
  if (root && typeof root === 'object') {
    const conditions = root as Record<string, unknown>;
    for (const key of ['import', 'node', 'default']) {
      const value = conditions[key];
      if (typeof value === 'string') return value;
      const nested = pickExport(value);
      if (nested) return nested;
    }
  }
  return undefined;
}

export class PluginRegistry {
  private readonly plugins = new Map<string, Plugin<unknown>>();
  private readonly externalSpecs = new Map<string, string>();

  knownTypes(): string[] {
    return [...new Set([...BUILTIN_TYPES, ...this.externalSpecs.keys()])];
  }

  has(type: string): boolean {
    return type in BUILTIN_LOADERS || this.externalSpecs.has(type);
  }

  /** Imports a third-party plugin and checks it against the contract. Throws PluginLoadError with a reason. */
  async loadExternal(spec: string, configDir: string): Promise<Plugin<unknown>> {
    const file = resolvePluginSpec(spec, configDir);
    let module: PluginModule;
    try {
      module = (await import(pathToFileURL(file).href)) as PluginModule;
    } catch (error) {
      // A module may throw anything, not only an Error.
      const reason = error instanceof Error ? error.message : String(error);
      throw new PluginLoadError(`importing ${file} failed: ${reason.split('\n')[0]}`, { cause: error });
    }
    const candidate = module.default ?? module;
    const problems = contractProblems(candidate);
    if (problems.length && module.default === undefined && !('type' in module)) {
      throw new PluginLoadError(`${file} has no default export; expected \`export default definePlugin({ type, options, run })\``);
    }
    if (problems.length) throw new PluginLoadError(`${file} does not fit the plugin contract: ${problems.join('; ')}`);
    const plugin = candidate as Plugin<unknown>;
    if (plugin.type in BUILTIN_LOADERS) throw new PluginLoadError(`it declares type "${plugin.type}", which is a built-in type; choose another name`);
    const previous = this.externalSpecs.get(plugin.type);
    if (previous && previous !== spec) throw new PluginLoadError(`type "${plugin.type}" is already provided by ${previous}`);
    this.externalSpecs.set(plugin.type, spec);
    this.plugins.set(plugin.type, plugin);
    return plugin;
  }

  /** The plugin for a type, importing a built-in on first use. */
  async get(type: string): Promise<Plugin<unknown> | undefined> {
    const cached = this.plugins.get(type);
    if (cached) return cached;
    const loader = BUILTIN_LOADERS[type];
    if (!loader) return undefined;
    const plugin = (await loader()).default as Plugin<unknown>;
    this.plugins.set(type, plugin);
    return plugin;
  }

  /** Types whose modules have been imported so far (for tests of lazy loading). */
  loadedTypes(): string[] {
    return [...this.plugins.keys()];
  }

  /** Lets every loaded plugin release what it holds. Never throws. */
  async disposeAll(): Promise<void> {
    await Promise.allSettled([...this.plugins.values()].map(async (plugin) => plugin.dispose?.()));
  }
}
