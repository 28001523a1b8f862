/**
 * A dashboard shared from another command's process (`s` in `trackz watch`): the same server
 * `trackz serve` runs, started here, with a fresh link that is revoked again when sharing stops.
 * The link is stored under its own name, `watch` (a copy of the chosen dashboard, or one of every
 * monitor when the config has none), never under the chosen dashboard's name: sharing from watch
 * must not rotate the link a team already uses. The `watch` dashboard exists only in this process's
 * copy of the config, so no other server serves its link.
 */
import { dashboardUrl, DEFAULT_HOST, DEFAULT_PORT, serverBaseUrl } from '../access/dashboard-url.js';
import { hashToken, newDashboardToken } from '../access/tokens.js';
import type { LoadedConfig } from '../config/load.js';
import { createLogger } from '../core/log.js';
import type { Storage } from '../storage/ports/index.js';
import type { DashboardChoice, ShareSession } from '../cli/watch/share.js';
import { createTrackzServer, type ServerRuntime } from './create-server.js';

/** The name an implicit dashboard gets: one that shows every monitor. */
export const IMPLICIT_DASHBOARD = 'watch';

export interface ShareDashboardOptions {
  config: LoadedConfig;
  storage: Storage;
  dashboard: DashboardChoice;
  host?: string;
  port?: number;
  runtime?: ServerRuntime;
}

function withDashboard(config: LoadedConfig, choice: DashboardChoice): { config: LoadedConfig; name: string } {
  const dashboards = (config.root.dashboards ?? []).filter((d) => d.name !== IMPLICIT_DASHBOARD);
  const chosen = choice.kind === 'named' ? dashboards.find((d) => d.name === choice.name) : undefined;
  const shared = chosen ? { ...chosen, name: IMPLICIT_DASHBOARD } : { name: IMPLICIT_DASHBOARD, title: config.workspace, monitors: choice.kind === 'implicit' ? choice.monitors : config.monitors.map((m) => m.name), sites: [], agents: [] };
  return { config: { ...config, root: { ...config.root, dashboards: [...dashboards, shared] } } as LoadedConfig, name: IMPLICIT_DASHBOARD };
}

export async function shareDashboard(options: ShareDashboardOptions): Promise<ShareSession> {
  const { config, name } = withDashboard(options.config, options.dashboard);
  // Quiet: the TUI owns the terminal; the server's log lines would tear its frame.
  const server = createTrackzServer({ config, storage: options.storage, log: createLogger('trackz', 'silent'), runtime: options.runtime });
  const host = options.host ?? config.root.serve?.host ?? DEFAULT_HOST;
  const address = await server.listen(options.port ?? config.root.serve?.port ?? DEFAULT_PORT, host);
  const token = newDashboardToken();
  try {
    await options.storage.access.shareDashboard(name, hashToken(token), Date.now());
  } catch (error) {
    await server.close();
    throw error;
  }
  const base = serverBaseUrl({ ...config.root.serve, host, port: address.port });
  return {
    url: dashboardUrl(base, token),
    async stop() {
      await options.storage.access.revokeDashboard(name, Date.now());
      await server.close();
    },
  };
}
