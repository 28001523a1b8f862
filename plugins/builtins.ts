/**
 * The built-in check types, one folder each beside this file. Each entry is a dynamic import, so nothing
 * is loaded until a config uses the type; each plugin's index.ts is cheap to import (it loads its heavy
 * parts, Lighthouse and Chrome say, inside run()), so config can read a type's options schema from it.
 * Config validation (src/config/option-catalog.ts) and the runtime's registry both read this one list.
 */
import type { Plugin } from '../src/core/plugin.js';

type PluginModule = { default: Plugin<unknown> };

export const BUILTIN_PLUGINS: Record<string, () => Promise<PluginModule>> = {
  uptime: () => import('./uptime/index.js') as Promise<PluginModule>,
  ssl: () => import('./ssl/index.js') as Promise<PluginModule>,
  tcp: () => import('./tcp/index.js') as Promise<PluginModule>,
  smtp: () => import('./smtp/index.js') as Promise<PluginModule>,
  command: () => import('./command/index.js') as Promise<PluginModule>,
  lighthouse: () => import('./lighthouse/index.js') as Promise<PluginModule>,
  // Made from `sites:` and `agents:`, not written under `monitors:` (see src/activity/config/activity-monitors.ts).
  activity: () => import('./activity/index.js') as Promise<PluginModule>,
};

export const BUILTIN_TYPES = Object.keys(BUILTIN_PLUGINS);

export function isBuiltinType(type: string): boolean {
  return Object.hasOwn(BUILTIN_PLUGINS, type);
}
