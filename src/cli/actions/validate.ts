/**
 * `trackz validate`: the whole config checked, nothing run or written. Beyond what `check` checks,
 * each type's preflight looks at this machine (a command's program exists and is executable, a
 * `ca:` file can be read), and what it finds is reported like any config error, at file:line:column.
 */
import { relative } from 'node:path';
import { loadConfig, type LoadedConfig } from '../../config/load.js';
import { formatPath, locate } from '../../config/yaml-source.js';
import { ConfigError, type ConfigIssue } from '../../core/errors.js';
import { PluginRegistry } from '../../runtime/plugin-registry.js';
import { targetLocation } from '../../storage/target.js';

/** What each monitor's plugin finds missing on this machine (a program, a CA file), at the monitor's line. */
async function preflightIssues(config: LoadedConfig, registry: PluginRegistry, env: Record<string, string | undefined>): Promise<ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  const indexByName = new Map(config.root.monitors.map((monitor, index) => [monitor.name, index]));
  for (const monitor of config.monitors) {
    const plugin = await registry.get(monitor.type);
    const index = indexByName.get(monitor.name);
    if (!plugin?.preflight || index === undefined) continue;
    for (const problem of plugin.preflight(monitor, { configDir: config.dir, env })) {
      const path = ['monitors', index, ...problem.path];
      issues.push({ file: config.file, ...locate(config.source, path), message: `${formatPath(path)}: ${problem.message}`, hint: problem.hint });
    }
  }
  return issues.sort((a, b) => a.line - b.line || a.column - b.column);
}

export async function validate(options: { configPath?: string; cwd?: string; env?: Record<string, string | undefined> }): Promise<string> {
  const config = await loadConfig(options);
  const registry = new PluginRegistry(config.plugins);
  try {
    const problems = await preflightIssues(config, registry, options.env ?? process.env);
    if (problems.length) throw new ConfigError(problems);
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
  } finally {
    await registry.disposeAll();
  }
}
