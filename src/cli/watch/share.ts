/**
 * `s` in watch: share a dashboard from this process. The HTTP server is `trackz serve`'s
 * (src/server); this file is the one place watch meets it, behind a small interface, and imports it
 * only when `s` is pressed: watch without sharing never loads the server.
 *
 * Which dashboard: `--dashboard NAME`, else the config's first dashboard, else an implicit one of
 * every monitor. Where: `--port`, else `serve.host`/`serve.port` of the config, else serve's defaults.
 */
import type { LoadedConfig } from '../../config/load.js';
import { UserError } from '../../core/errors.js';
import type { Storage } from '../../storage/ports/index.js';

/** A dashboard shared from this process: its link, and how to take it back. */
export interface ShareSession {
  url: string;
  /** Revokes the link and stops the server. */
  stop(): Promise<void>;
}

export interface ShareOptions {
  config: LoadedConfig;
  storage: Storage;
  /** `--dashboard NAME`. */
  dashboard?: string;
  /** `--port`. */
  port?: number;
}

/** What watch needs of the server module: the lead's `serve` branch provides `shareDashboard`. */
interface ServerModule {
  shareDashboard(options: { config: LoadedConfig; storage: Storage; dashboard: DashboardChoice; host?: string; port?: number }): Promise<ShareSession>;
}

export type DashboardChoice = { kind: 'named'; name: string } | { kind: 'implicit'; monitors: string[] };

export const SHARING_NOT_BUILT = "sharing needs trackz serve's server (not built in)";

/** The dashboards and serve sections of the config (serve's defaults apply when absent). */
function sections(config: LoadedConfig): { dashboards: { name: string }[]; serve: { host?: string; port?: number } } {
  return { dashboards: config.root.dashboards ?? [], serve: config.root.serve ?? {} };
}

/** The dashboard `s` shares; a name the config does not have is a usage error at start-up. */
export function chooseDashboard(config: LoadedConfig, wanted?: string): DashboardChoice {
  const { dashboards } = sections(config);
  if (wanted !== undefined) {
    if (!dashboards.some((d) => d.name === wanted)) {
      const known = dashboards.map((d) => d.name);
      throw new UserError(`--dashboard ${wanted}: the config has ${known.length ? `no dashboard named "${wanted}" (known: ${known.join(', ')})` : 'no `dashboards:`'}`);
    }
    return { kind: 'named', name: wanted };
  }
  if (dashboards[0]) return { kind: 'named', name: dashboards[0].name };
  return { kind: 'implicit', monitors: config.monitors.map((m) => m.name) };
}

/** The server module: a literal import, so the bundler splits the server into its own chunk, loaded only on `s`. */
async function serverModule(): Promise<ServerModule | undefined> {
  return import('../../server/share-dashboard.js');
}

export async function startShare(options: ShareOptions): Promise<ShareSession> {
  const server = await serverModule();
  if (!server) throw new Error(SHARING_NOT_BUILT);
  const { serve } = sections(options.config);
  return server.shareDashboard({
    config: options.config,
    storage: options.storage,
    dashboard: chooseDashboard(options.config, options.dashboard),
    host: serve.host,
    port: options.port ?? serve.port,
  });
}
