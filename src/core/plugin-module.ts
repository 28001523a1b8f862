/**
 * How a module becomes a Plugin: find the file a `plugins:` entry names (a path relative to the config,
 * or a package name), import it, and check its default export against the contract. Config uses it to
 * read a third-party type's options schema; the runtime's registry uses it to load the plugin it runs.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PLUGIN_TYPE_RE, type Plugin } from './plugin.js';

export class PluginLoadError extends Error {}

type PluginModule = { default?: unknown };

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
  if (plugin.preflight !== undefined && typeof plugin.preflight !== 'function') problems.push('`preflight`, when present, must be a function');
  if (plugin.concurrency !== undefined && !(Number.isInteger(plugin.concurrency) && (plugin.concurrency as number) > 0)) problems.push('`concurrency`, when present, must be a positive integer');
  if (plugin.writesStore !== undefined && typeof plugin.writesStore !== 'boolean') problems.push('`writesStore`, when present, must be true or false');
  if (plugin.defaultTimeoutMs !== undefined && !(typeof plugin.defaultTimeoutMs === 'number' && plugin.defaultTimeoutMs > 0)) problems.push('`defaultTimeoutMs`, when present, must be a positive number');
  return problems;
}

/** Imports a plugin module and checks it against the contract. Throws PluginLoadError with a reason. */
export async function importPlugin(file: string): Promise<Plugin<unknown>> {
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
  return candidate as Plugin<unknown>;
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
