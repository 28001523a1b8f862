/**
 * `trackz dashboard share|revoke|list`: the links of the config's dashboards. A share mints a new token
 * (the link before it stops working), prints the whole URL on stdout, alone on its line, and stores only
 * the token's hash; nothing can show the token again. A running `trackz serve` sees a share or revoke
 * within a second.
 */
import { dashboardUrl, serverBaseUrl } from '../../access/dashboard-url.js';
import { hashToken, newDashboardToken } from '../../access/tokens.js';
import { loadConfig, type LoadedConfig, type LoadOptions } from '../../config/load.js';
import { didYouMean } from '../../config/suggest.js';
import { UserError } from '../../core/errors.js';
import { formatTimestamp } from '../../core/timestamp.js';
import { renderTable } from '../../ui/table.js';
import { outputWidth } from '../../ui/width.js';
import type { Printed } from '../printed.js';
import { withStorage } from './with-storage.js';

export interface DashboardOptions extends LoadOptions {
  now?: number;
}

function configuredNames(config: LoadedConfig): string[] {
  return (config.root.dashboards ?? []).map((d) => d.name);
}

function requireDashboard(config: LoadedConfig, name: string): void {
  const names = configuredNames(config);
  if (names.includes(name)) return;
  const hint = didYouMean(name, names) ?? (names.length ? `dashboards: ${names.join(', ')}` : 'the config has no `dashboards:` section; add one first');
  throw new UserError(`no dashboard named "${name}" (${hint})`);
}

export async function dashboardShare(options: DashboardOptions & { name: string; baseUrl?: string }): Promise<Printed> {
  const config = await loadConfig(options);
  requireDashboard(config, options.name);
  const base = serverBaseUrl(config.root.serve, options.baseUrl);
  return withStorage(config, {}, async (storage) => {
    const token = newDashboardToken();
    const outcome = await storage.access.shareDashboard(options.name, hashToken(token), options.now ?? Date.now());
    const what = outcome === 'rotated' ? `New link for dashboard ${options.name}; the previous link no longer works.` : `Shared dashboard ${options.name}.`;
    return {
      stdout: `${dashboardUrl(base, token)}\n`,
      stderr: `${what} Anyone with the link can see it (read-only); it is shown only now. \`trackz dashboard revoke ${options.name}\` ends it.\n`,
    };
  });
}

export async function dashboardRevoke(options: DashboardOptions & { name: string }): Promise<Printed> {
  const config = await loadConfig(options);
  return withStorage(config, {}, async (storage) => {
    if (await storage.access.revokeDashboard(options.name, options.now ?? Date.now())) {
      return { stdout: '', stderr: `Revoked the link of dashboard ${options.name}: it stops working within a second, also on a running \`trackz serve\`.\n` };
    }
    // Nothing live under that name: a dashboard never shared, or a typo.
    const known = new Set([...configuredNames(config), ...(await storage.access.dashboardLinks()).map((l) => l.dashboard)]);
    if (!known.has(options.name)) requireDashboard(config, options.name);
    return { stdout: '', stderr: `Dashboard ${options.name} has no live link; nothing to revoke.\n` };
  });
}

export async function dashboardList(options: DashboardOptions & { json?: boolean; width?: number }): Promise<Printed> {
  const config = await loadConfig(options);
  const dashboards = config.root.dashboards ?? [];
  const links = await withStorage(config, { ifEmpty: () => [] }, (storage) => storage.access.dashboardLinks());
  const byName = new Map(links.map((link) => [link.dashboard, link]));
  const rows = [
    ...dashboards.map((d) => ({ name: d.name, title: d.title ?? d.name, configured: true, link: byName.get(d.name) })),
    ...links.filter((l) => !dashboards.some((d) => d.name === l.dashboard)).map((l) => ({ name: l.dashboard, title: null, configured: false, link: l })),
  ];
  const state = (row: (typeof rows)[number]) => (!row.link ? 'not shared' : row.link.revokedAt !== null ? 'revoked' : row.configured ? 'shared' : 'shared, not in the config');
  if (options.json) {
    const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
    const json = rows.map((row) => ({ name: row.name, title: row.title, link: state(row), createdAt: iso(row.link?.createdAt), lastUsedAt: iso(row.link?.lastUsedAt), revokedAt: iso(row.link?.revokedAt) }));
    return { stdout: `${JSON.stringify(json, null, 2)}\n`, stderr: '' };
  }
  if (rows.length === 0) return { stdout: '', stderr: 'No dashboards: add a `dashboards:` section to the config, then `trackz dashboard share NAME`.\n' };
  const time = (ms: number | null | undefined) => (ms === null || ms === undefined ? '–' : formatTimestamp(ms, 'minutes'));
  const table = renderTable(
    [{ header: 'DASHBOARD', fit: 'name' }, { header: 'TITLE', fit: 'cut' }, { header: 'LINK' }, { header: 'CREATED (UTC)' }, { header: 'LAST USED' }],
    rows.map((row) => [row.name, row.title ?? '–', state(row), time(row.link?.createdAt), time(row.link?.lastUsedAt)]),
    { width: options.width ?? outputWidth(process.stdout, process.env) },
  );
  return { stdout: `${table}\n`, stderr: '' };
}
