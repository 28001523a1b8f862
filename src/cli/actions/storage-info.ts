/** `trackz storage info`: which backend, where (password hidden), schema version, rows per table, size. */
import { loadConfig } from '../../config/load.js';
import { UserError } from '../../core/errors.js';
import type { StorageInfo } from '../../storage/ports/index.js';
import { colors, useColor } from '../../ui/format.js';
import { renderTable } from '../../ui/table.js';
import { withStorage } from './with-storage.js';

export interface StorageInfoOptions {
  configPath?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  json?: boolean;
  color?: boolean;
}

/** 1536 → "1.5 KiB": binary units, three significant figures at most. */
export function sizeText(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${Number(value.toPrecision(3))} ${units[unit]}`;
}

export const countText = (n: number) => n.toLocaleString('en-US');

export function renderStorageInfo(info: StorageInfo, bold: (text: string) => string = (text) => text): string {
  const total = Object.values(info.rows).reduce((sum, n) => sum + n, 0);
  const facts = [
    ['backend', info.backend === 'sqlite' ? 'sqlite (one file)' : 'postgres'],
    ['location', info.location],
    ['workspace', info.workspace],
    ['schema', `version ${info.schemaVersion}`],
    ['size', info.sizeBytes === null ? '–' : sizeText(info.sizeBytes)],
  ];
  const width = Math.max(...facts.map(([label]) => label!.length));
  const table = renderTable(
    [{ header: 'TABLE' }, { header: 'ROWS' }],
    [...Object.entries(info.rows).map(([name, n]) => [name, countText(n)]), ['total', countText(total)]],
    { header: bold },
  );
  return `${facts.map(([label, value]) => `${label!.padEnd(width)}  ${value}`).join('\n')}\n\n${table}\n`;
}

export async function storageInfo(options: StorageInfoOptions = {}): Promise<string> {
  const config = await loadConfig(options);
  const ifEmpty = (why: string): never => {
    throw new UserError(`nothing is stored yet (${why}); run \`trackz check\` first`);
  };
  return withStorage(config, { readonly: true, ifEmpty }, async (storage) => {
    const info = await storage.info();
    if (options.json) return `${JSON.stringify(info, null, 2)}\n`;
    const c = colors(options.color ?? useColor(process.stdout, options.env ?? process.env));
    return renderStorageInfo(info, c.bold);
  });
}
