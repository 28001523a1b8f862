/** `trackz validate`: the whole config checked, nothing run or written. */
import { relative } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { targetLocation } from '../../storage/target.js';

export async function validate(options: { configPath?: string; cwd?: string; env?: Record<string, string | undefined> }): Promise<string> {
  const config = await loadConfig(options);
  const byType = new Map<string, number>();
  for (const monitor of config.monitors) byType.set(monitor.type, (byType.get(monitor.type) ?? 0) + 1);
  const types = [...byType].map(([type, n]) => `${n} ${type}`).join(', ');
  const disabled = config.monitors.filter((m) => !m.enabled).length;
  const shown = relative(options.cwd ?? process.cwd(), config.file) || config.file;
  const lines = [
    `✔ ${shown} is valid`,
    `  workspace: ${config.workspace}`,
    `  monitors:  ${config.monitors.length}${types ? ` (${types})` : ''}${disabled ? `, ${disabled} disabled` : ''}`,
    `  storage:   ${targetLocation(config.storage.target)}`,
  ];
  const external = config.root.plugins;
  if (external.length) lines.push(`  plugins:   ${external.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
