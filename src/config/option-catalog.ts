/**
 * The catalog of option schemas config validates monitors against: what each check type accepts.
 * Built-in types are read from their plugin's small index module (never its heavy parts), only when a
 * file uses the type; third-party types are read from the modules the `plugins:` list names. The catalog
 * keeps schemas and a few facts; it never runs, holds open or disposes a plugin: the runtime does that.
 */
import { importPlugin, PluginLoadError, resolvePluginSpec } from '../core/plugin-module.js';
import type { StandardSchemaV1 } from '../core/standard-schema.js';
import { BUILTIN_PLUGINS, BUILTIN_TYPES, isBuiltinType } from '../../plugins/builtins.js';

/** What config needs to know about a check type. */
export interface CatalogEntry {
  type: string;
  description?: string;
  /** Validates a monitor's own fields (everything but the common ones). */
  options: StandardSchemaV1<unknown, unknown>;
  /** The type's timeout when a monitor sets none, if longer than `defaults.timeout`. */
  defaultTimeoutMs?: number;
}

/** A third-party type as the config names it: data the runtime loads the plugin from. */
export interface PluginSource {
  /** As written under `plugins:`. */
  spec: string;
  /** The module file it resolved to. */
  file: string;
  type: string;
}

export class OptionCatalog {
  private readonly entries = new Map<string, CatalogEntry>();
  private readonly sources = new Map<string, PluginSource>();

  knownTypes(): string[] {
    return [...BUILTIN_TYPES, ...this.sources.keys()];
  }

  /** Reads a `plugins:` entry's schema. Throws PluginLoadError with a reason. */
  async addPlugin(spec: string, configDir: string): Promise<PluginSource> {
    const file = resolvePluginSpec(spec, configDir);
    const plugin = await importPlugin(file);
    if (isBuiltinType(plugin.type)) throw new PluginLoadError(`it declares type "${plugin.type}", which is a built-in type; choose another name`);
    const previous = this.sources.get(plugin.type);
    if (previous && previous.spec !== spec) throw new PluginLoadError(`type "${plugin.type}" is already provided by ${previous.spec}`);
    const source = { spec, file, type: plugin.type };
    this.sources.set(plugin.type, source);
    this.entries.set(plugin.type, entryOf(plugin));
    return source;
  }

  /** The schema for a type, reading a built-in's module on first use; undefined for an unknown type. */
  async entry(type: string): Promise<CatalogEntry | undefined> {
    const known = this.entries.get(type);
    if (known) return known;
    if (!isBuiltinType(type)) return undefined;
    const entry = entryOf((await BUILTIN_PLUGINS[type]!()).default);
    this.entries.set(type, entry);
    return entry;
  }

  /** The third-party types read so far, in the order the file lists them. */
  plugins(): PluginSource[] {
    return [...this.sources.values()];
  }

  /** Types whose modules have been read so far (for tests of lazy loading). */
  loadedTypes(): string[] {
    return [...this.entries.keys()];
  }
}

function entryOf(plugin: CatalogEntry): CatalogEntry {
  return { type: plugin.type, description: plugin.description, options: plugin.options, defaultTimeoutMs: plugin.defaultTimeoutMs };
}
