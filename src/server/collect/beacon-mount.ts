/**
 * The beacon inside `trackz serve`'s server: /t.js, /t-heat.js and /collect answer only when some site
 * of the config has `collect:`, and the collector (its routes, the country database, isbot) is built
 * on the first such request, so a server without beacon sites never loads any of it. A reloaded
 * config with other sites builds a new collector after flushing the old one; close() flushes
 * everything accepted (SIGTERM).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { geoDatabasePath } from '../../activity/geo/country-lookup.js';
import type { LoadedConfig } from '../../config/load.js';
import type { Storage } from '../../storage/ports/index.js';
import type { ProxyTrust } from '../http/proxy-trust.js';
import type { CollectRoutes } from './collect-routes.js';

const BEACON_PATHS = new Set(['/t.js', '/t-heat.js', '/collect']);

export interface BeaconMount {
  /** Answers a beacon path when the config has beacon sites; false when the request is not the beacon's. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>;
  setConfig(config: LoadedConfig): Promise<void>;
  close(): Promise<void>;
}

export function beaconMount(storage: Storage, initial: LoadedConfig, proxies: () => ProxyTrust): BeaconMount {
  let config = initial;
  let routes: Promise<CollectRoutes> | undefined;
  const wanted = () => (config.root.sites ?? []).some((site) => site.collect);
  const build = () =>
    import('./collect-routes.js').then((m) => m.createCollectRoutes({ storage, sites: config.root.sites ?? [], geoDatabase: geoDatabasePath(config.root.geo, config.dir), proxies }));
  const closeRoutes = async () => {
    const open = routes;
    routes = undefined;
    if (open) await (await open).close();
  };
  return {
    async handle(req, res, path) {
      if (!BEACON_PATHS.has(path) || !wanted()) return false;
      routes ??= build();
      return (await routes).handle(req, res);
    },
    async setConfig(next) {
      const changed = JSON.stringify(next.root.sites ?? []) !== JSON.stringify(config.root.sites ?? []) || JSON.stringify(next.root.geo) !== JSON.stringify(config.root.geo);
      config = next;
      if (changed) await closeRoutes();
    },
    close: closeRoutes,
  };
}
