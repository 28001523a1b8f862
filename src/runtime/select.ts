/** Which monitors a command runs: by name arguments, --type and --tag. */
import { UserError } from '../core/errors.js';
import type { Monitor } from '../core/monitor.js';
import { didYouMean, noMonitorNamed } from '../config/suggest.js';
import type { PluginRegistry } from './plugin-registry.js';

export interface Selection {
  names?: string[];
  types?: string[];
  tags?: string[];
  /** Every check type there is (built-in and plugins'): a --type that is none of them gets a did-you-mean. */
  knownTypes?: Iterable<string>;
}

export function selectMonitors(monitors: readonly Monitor[], selection: Selection): Monitor[] {
  const names = selection.names ?? [];
  const byName = new Map(monitors.map((m) => [m.name, m]));
  const unknown = names.filter((name) => !byName.has(name));
  if (unknown.length) {
    throw new UserError(unknown.map((name) => noMonitorNamed(name, byName.keys())).join('\n'));
  }
  const types = new Set([...(selection.knownTypes ?? []), ...monitors.map((m) => m.type)]);
  const unknownTypes = (selection.types ?? []).filter((type) => !types.has(type));
  if (unknownTypes.length) {
    throw new UserError(unknownTypes.map((type) => `--type ${type}: no such check type (${didYouMean(type, types) ?? `types: ${[...types].sort().join(', ')}`})`).join('\n'));
  }
  return monitors.filter((monitor) => {
    // A monitor named explicitly runs even when disabled: the person asked for it.
    if (names.length && !names.includes(monitor.name)) return false;
    if (!names.length && !monitor.enabled) return false;
    if (selection.types?.length && !selection.types.includes(monitor.type)) return false;
    if (selection.tags?.length && !selection.tags.some((tag) => monitor.tags.includes(tag))) return false;
    return true;
  });
}

/**
 * The monitors whose check writes into the store (activity imports), which a run without storage
 * (`--no-store`) must leave out. Looks at the plugins' own declaration, importing each type once.
 */
export async function storeWriters(monitors: readonly Monitor[], registry: Pick<PluginRegistry, 'get'>): Promise<Set<string>> {
  const writers = new Set<string>();
  for (const monitor of monitors) if ((await registry.get(monitor.type))?.writesStore) writers.add(monitor.name);
  return writers;
}
