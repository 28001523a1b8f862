/**
 * The plugins a runtime runs. Created from a loaded config (the built-in types, and the third-party
 * ones its `plugins:` list resolved to), it imports each plugin the first time one of its monitors
 * runs, so an uptime-only `trackz check` never loads Lighthouse or a browser, and disposes every
 * plugin it loaded when the runtime is done with them.
 */
import type { Monitor } from '../core/monitor.js';
import type { Plugin } from '../core/plugin.js';
import { importPlugin, PluginLoadError } from '../core/plugin-module.js';
import type { PluginSource } from '../config/option-catalog.js';
import { BUILTIN_PLUGINS, BUILTIN_TYPES, isBuiltinType } from '../../plugins/builtins.js';

export class PluginRegistry {
  private readonly plugins = new Map<string, Plugin<unknown>>();
  private external: ReadonlyMap<string, PluginSource>;
  /** Plugins a reload replaced: disposed with the rest, since a check may still be using one. */
  private readonly retired: Plugin<unknown>[] = [];

  /** `sources` is `LoadedConfig.plugins`. */
  constructor(sources: readonly PluginSource[] = []) {
    this.external = new Map(sources.map((source) => [source.type, source]));
  }

  knownTypes(): string[] {
    return [...BUILTIN_TYPES, ...this.external.keys()];
  }

  has(type: string): boolean {
    return isBuiltinType(type) || this.external.has(type);
  }

  /** The plugin for a type, imported on first use; undefined for a type nobody provides. */
  async get(type: string): Promise<Plugin<unknown> | undefined> {
    const cached = this.plugins.get(type);
    if (cached) return cached;
    let plugin: Plugin<unknown>;
    if (isBuiltinType(type)) plugin = (await BUILTIN_PLUGINS[type]!()).default;
    else {
      const source = this.external.get(type);
      if (!source) return undefined;
      plugin = await importPlugin(source.file);
      // The config read this file a moment ago; a module that now says otherwise is not the one validated.
      if (plugin.type !== type) throw new PluginLoadError(`${source.file} now declares type "${plugin.type}", not "${type}"`);
    }
    this.plugins.set(type, plugin);
    return plugin;
  }

  /** The plugins a set of monitors needs, by type. Throws for a type nobody provides. */
  async pluginsFor(monitors: readonly Monitor[]): Promise<Map<string, Plugin<unknown>>> {
    const plugins = new Map<string, Plugin<unknown>>();
    for (const type of new Set(monitors.map((m) => m.type))) {
      const plugin = await this.get(type);
      if (!plugin) throw new Error(`no plugin for type ${type}`);
      plugins.set(type, plugin);
    }
    return plugins;
  }

  /**
   * A reloaded config's `plugins:`. A type that is new, gone or now in another file is imported afresh
   * when next used. Returns the types that changed.
   */
  update(sources: readonly PluginSource[]): string[] {
    const next = new Map(sources.map((source) => [source.type, source]));
    const changed = [...new Set([...this.external.keys(), ...next.keys()])].filter((type) => this.external.get(type)?.file !== next.get(type)?.file);
    for (const type of changed) {
      const plugin = this.plugins.get(type);
      if (plugin) this.retired.push(plugin);
      this.plugins.delete(type);
    }
    this.external = next;
    return changed;
  }

  /** Types whose modules have been imported so far (for tests of lazy loading). */
  loadedTypes(): string[] {
    return [...this.plugins.keys()];
  }

  /** Lets every loaded plugin release what it holds (a browser, a worker). Never throws. */
  async disposeAll(): Promise<void> {
    await Promise.allSettled([...new Set([...this.retired, ...this.plugins.values()])].map(async (plugin) => plugin.dispose?.()));
  }
}
