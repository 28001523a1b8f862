/**
 * Config loading, in the order a person would check it by hand: find the file, parse the YAML,
 * fill in ${…} references, validate the shape, read the `plugins:` schemas, validate each monitor's own
 * fields against the catalog of option schemas, then the cross-references (duplicate names, dependsOn).
 * Every problem is collected and reported at once, each at its file:line:column; nothing is opened or
 * written until the whole file is good. What it returns is data: the runtime loads and runs plugins.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as v from 'valibot';
import { ConfigError, UserError, type ConfigIssue } from '../core/errors.js';
import { mark } from '../core/trace.js';
import type { Monitor } from '../core/monitor.js';
import { PluginLoadError } from '../core/plugin-module.js';
import type { RetentionPolicy, StorageTarget } from '../storage/ports/index.js';
import type { InterpolationSources } from './interpolate.js';
import { OptionCatalog, type CatalogEntry, type PluginSource } from './option-catalog.js';
import { configTooLarge, MAX_CONFIG_BYTES, readConfigDocument } from './read-document.js';
import { COMMON_MONITOR_KEYS, monitorCommonSchema } from './schema/monitor.js';
import { rootSchema, SECTION_SCHEMAS, type RootConfig, type SectionKey } from './schema/root.js';
import { registerStorageUrlPassword, storageTarget } from './storage-target.js';
import { didYouMean, foldName } from './suggest.js';
import { PARSE_CONFIG, schemaIssuesToConfigIssues, standardIssuesToConfigIssues } from './schema-issues.js';
import { formatPath, locate, retainedSource, type YamlSource } from './yaml-source.js';

export const CONFIG_FILE_NAMES = [
  'trackz.config.yaml',
  'trackz.config.yml',
  '.trackzrc.yaml',
  '.trackzrc.yml',
  '.trackzrc',
  '.config/trackz.yaml',
  '.config/trackz.yml',
];

export interface LoadedConfig {
  file: string;
  dir: string;
  workspace: string;
  storage: { target: StorageTarget; retention: RetentionPolicy };
  defaults: RootConfig['defaults'];
  monitors: Monitor[];
  /** The third-party types `plugins:` provides, resolved to files: the runtime's registry loads them. */
  plugins: PluginSource[];
  /** The validated document, for sections other boxes read (alerts, sites…). */
  root: RootConfig;
  source: YamlSource;
}

export interface LoadOptions {
  /** `--config PATH`; when absent the file is searched for from `cwd` upwards. */
  configPath?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  secret?: InterpolationSources['secret'];
}

/** Searches from cwd upwards, as cosmiconfig does, for one of CONFIG_FILE_NAMES. */
export async function findConfigFile(cwd: string): Promise<string | undefined> {
  // cosmiconfig is CommonJS: once bundled, its exports sit on `default`.
  const module = (await import('cosmiconfig')) as typeof import('cosmiconfig') & { default?: typeof import('cosmiconfig') };
  const cosmiconfig = module.cosmiconfig ?? module.default!.cosmiconfig;
  const rawLoader = (_file: string, content: string) => ({ content });
  const explorer = cosmiconfig('trackz', {
    searchPlaces: CONFIG_FILE_NAMES,
    searchStrategy: 'global',
    stopDir: '/',
    ignoreEmptySearchPlaces: false,
    cache: false,
    loaders: { '.yaml': rawLoader, '.yml': rawLoader, noExt: rawLoader },
  });
  const found = await explorer.search(cwd);
  return found?.filepath;
}

export async function resolveConfigPath(options: LoadOptions): Promise<string> {
  const cwd = options.cwd ?? process.cwd();
  if (options.configPath) {
    const file = resolve(cwd, options.configPath);
    let isFile = false;
    try {
      isFile = statSync(file).isFile();
    } catch {
      throw new UserError(`config file not found: ${file}`);
    }
    if (!isFile) throw new UserError(`config path is not a file: ${file}`);
    return file;
  }
  const found = await findConfigFile(cwd);
  if (!found) {
    throw new UserError(`no trackz config found in ${cwd} or any parent directory (looked for ${CONFIG_FILE_NAMES.slice(0, 3).join(', ')}, …).\nCreate one with \`trackz init\`, or pass --config PATH.`);
  }
  return found;
}

export async function loadConfig(options: LoadOptions = {}): Promise<LoadedConfig> {
  const file = await resolveConfigPath(options);
  let text: string;
  try {
    // Refused before it is read: a 1 GB file given by mistake must not be loaded to find out.
    const bytes = statSync(file).size;
    if (bytes > MAX_CONFIG_BYTES) throw configTooLarge(file, bytes);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot read config file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return loadConfigText(file, text, options);
}

export async function loadConfigText(file: string, text: string, options: LoadOptions = {}): Promise<LoadedConfig> {
  const dir = dirname(file);
  const fail = (issues: ConfigIssue[]): never => {
    throw new ConfigError(issues.sort((a, b) => a.line - b.line || a.column - b.column));
  };

  if (onlyCommentsAndBlanks(text)) {
    fail([{ file, line: 1, column: 1, message: 'the config file is empty; expected a mapping with at least `monitors:`', hint: 'run `trackz init` for a commented starter' }]);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  // ${secret:NAME} reads the encrypted store in the storage, once, before interpolation; only a file that uses it pays for opening it.
  if (!options.secret && text.includes('${secret:')) options = { ...options, secret: await (await import('../secrets/config-resolver.js')).loadSecretResolver(file, text, options.env ?? process.env) };
  const { source, data, interpolationIssues } = readConfigDocument(file, text, { env: options.env ?? process.env, secret: options.secret });
  // A value whose ${…} could not be filled in has been reported once; its schema errors would only repeat it.
  const positionKey = (issue: ConfigIssue) => `${issue.line}:${issue.column}`;
  const interpolated = new Set(interpolationIssues.map(positionKey));
  const notInterpolated = (issue: ConfigIssue) => !interpolated.has(positionKey(issue));
  const issues: ConfigIssue[] = [...interpolationIssues];

  registerStorageUrlPassword(data.storage);
  const parsed = v.safeParse(rootSchema, data, PARSE_CONFIG);
  mark('config: schema checked');
  if (!parsed.success) {
    issues.push(...schemaIssuesToConfigIssues(parsed.issues, { source, data, schema: rootSchema, extraKeys: (path) => (path.length === 2 && path[0] === 'monitors' ? COMMON_MONITOR_KEYS : []) }).filter(notInterpolated));
  }

  // Plugins named in the config: read before monitors, since they add types.
  const catalog = new OptionCatalog();
  const pluginSpecs = Array.isArray(data.plugins) ? data.plugins : [];
  const failedPlugins: string[] = [];
  for (const [index, spec] of pluginSpecs.entries()) {
    if (typeof spec !== 'string' || spec === '') continue;
    try {
      await catalog.addPlugin(spec, dir);
    } catch (error) {
      if (!(error instanceof PluginLoadError)) throw error;
      failedPlugins.push(`plugins[${index}] (line ${locate(source, ['plugins', index]).line})`);
      issues.push({ file, ...locate(source, ['plugins', index]), message: `plugins[${index}]: cannot load plugin "${spec}": ${error.message}` });
    }
  }

  const rawMonitors = Array.isArray(data.monitors) ? data.monitors : [];
  const monitors: Monitor[] = [];
  const firstByName = new Map<string, number>();
  // Names become file names and URLs, where case may not count: `Homepage` and `homepage` are one name.
  const firstByFoldedName = new Map<string, number>();
  for (const [index, raw] of rawMonitors.entries()) {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) continue;
    const entry = raw as Record<string, unknown>;
    const common = v.safeParse(monitorCommonSchema, entry, PARSE_CONFIG);
    if (typeof entry.name === 'string') {
      const first = firstByFoldedName.get(foldName(entry.name));
      if (first !== undefined) {
        const firstName = (rawMonitors[first] as { name: string }).name;
        const where = `monitors[${first}] (line ${locate(source, ['monitors', first, 'name']).line})`;
        issues.push({
          file,
          ...locate(source, ['monitors', index, 'name']),
          message:
            firstName === entry.name
              ? `monitors[${index}].name: duplicate monitor name "${entry.name}"`
              : `monitors[${index}].name: duplicate monitor name "${entry.name}": ${where} is "${firstName}", which differs only in case`,
          hint: firstName === entry.name ? `${where} already uses it; names must be unique` : 'names must be unique whatever their case (they become file names and URLs); rename one of them',
        });
      } else {
        firstByName.set(entry.name, index);
        firstByFoldedName.set(foldName(entry.name), index);
      }
    }
    if (typeof entry.type !== 'string') continue;
    const plugin = await catalog.entry(entry.type);
    if (!plugin) {
      issues.push({
        file,
        ...locate(source, ['monitors', index, 'type']),
        message: `monitors[${index}].type: unknown check type "${entry.type}"`,
        hint:
          didYouMean(entry.type, catalog.knownTypes()) ??
          (failedPlugins.length
            ? `${failedPlugins.join(', ')} failed to load and may be the plugin that provides it`
            : `known types: ${catalog.knownTypes().join(', ')}; add others under \`plugins:\``),
      });
      continue;
    }
    const ownFields = Object.fromEntries(Object.entries(entry).filter(([key]) => !COMMON_MONITOR_KEYS.includes(key)));
    const validated = await validatePluginOptions(plugin, ownFields, source, ['monitors', index], entry);
    if (validated.issues.length) {
      issues.push(...validated.issues.filter(notInterpolated));
      continue;
    }
    if (!common.success || !parsed.success) continue;
    const defaults = parsed.output.defaults;
    const location = { file, ...locate(source, ['monitors', index]) };
    monitors.push({
      name: common.output.name,
      type: common.output.type,
      description: common.output.description,
      tags: common.output.tags,
      enabled: common.output.enabled,
      intervalMs: common.output.interval ?? defaults.interval,
      timeoutMs: common.output.timeout ?? Math.max(defaults.timeout, plugin.defaultTimeoutMs ?? 0),
      retries: common.output.retries ?? defaults.retries,
      retryDelayMs: common.output.retryDelay ?? defaults.retryDelay,
      dependsOn: common.output.dependsOn,
      options: validated.value,
      location,
    });
  }

  mark('config: monitors checked');
  const sections = await validateSections(data, source);
  issues.push(...sections.issues.filter(notInterpolated));
  const root = parsed.success && sections.issues.length === 0 ? ({ ...parsed.output, ...sections.values } as RootConfig) : undefined;
  // sites: and agents: become `activity` checks (site:<name>, agent:<name>); only files that have them load that code.
  if (Array.isArray(data.sites) || Array.isArray(data.agents)) {
    const { addActivityMonitors } = await import('../activity/config/activity-monitors.js');
    issues.push(...(await addActivityMonitors({ data, root, source, file, dir, catalog, monitors, monitorNames: firstByName })));
  }
  for (const [index, raw] of rawMonitors.entries()) {
    const dependsOn = (raw as { dependsOn?: unknown } | null)?.dependsOn;
    const name = (raw as { name?: unknown } | null)?.name;
    if (!Array.isArray(dependsOn)) continue;
    for (const [j, parent] of dependsOn.entries()) {
      if (typeof parent !== 'string') continue;
      if (parent === name) {
        issues.push({ file, ...locate(source, ['monitors', index, 'dependsOn', j]), message: `monitors[${index}].dependsOn[${j}]: a monitor cannot depend on itself` });
      } else if (!firstByName.has(parent)) {
        issues.push({
          file,
          ...locate(source, ['monitors', index, 'dependsOn', j]),
          message: `monitors[${index}].dependsOn[${j}]: no monitor named "${parent}"`,
          hint: didYouMean(parent, firstByName.keys()),
        });
      }
    }
  }

  if (data.alerts !== undefined) {
    const { alertsConfigIssues } = await import('./schema/alerts.js');
    issues.push(...alertsConfigIssues(source, data.alerts, firstByName.keys()));
  }

  if (data.dashboards !== undefined) {
    const { dashboardsConfigIssues, knownNames } = await import('./schema/dashboards.js');
    issues.push(...dashboardsConfigIssues(source, data.dashboards, knownNames(data, firstByName.keys(), monitors)));
  }

  if (issues.length || !root) fail(issues);
  const valid = root as RootConfig;
  return {
    file,
    dir,
    workspace: valid.workspace,
    storage: {
      target: storageTarget(valid.storage, dir),
      retention: { resultsMs: valid.storage.retention.results, rollupsMs: valid.storage.retention.rollups },
    },
    defaults: valid.defaults,
    monitors,
    plugins: catalog.plugins(),
    root: valid,
    source: retainedSource(file, text),
  };
}

/**
 * Every line blank or a comment. Line by line on purpose: the regular expression this replaces,
 * /^(\s*#.*\n?)*\s*$/, backtracked exponentially (a file of 28 comment lines and then a key took 40 s).
 */
function onlyCommentsAndBlanks(text: string): boolean {
  for (let at = 0; ; ) {
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end < 0 ? text.length : end).trimStart();
    if (line !== '' && !line.startsWith('#')) return false;
    if (end < 0) return true;
    at = end + 1;
  }
}

/** Validates the optional sections the file has, each with its own box's schema (see SECTION_SCHEMAS). */
async function validateSections(data: Record<string, unknown>, source: YamlSource): Promise<{ values: Partial<Record<SectionKey, unknown>>; issues: ConfigIssue[] }> {
  const values: Partial<Record<SectionKey, unknown>> = {};
  const issues: ConfigIssue[] = [];
  for (const [key, load] of Object.entries(SECTION_SCHEMAS) as [SectionKey, () => Promise<v.GenericSchema>][]) {
    if (data[key] === undefined) continue;
    const schema = await load();
    const result = v.safeParse(schema, data[key], PARSE_CONFIG);
    if (result.success) values[key] = result.output;
    else issues.push(...schemaIssuesToConfigIssues(result.issues, { source, basePath: [key], data: data[key], schema }));
  }
  return { values, issues };
}

function isValibot(schema: unknown): schema is v.GenericSchema {
  return typeof schema === 'object' && schema !== null && (schema as { '~standard'?: { vendor?: string } })['~standard']?.vendor === 'valibot' && 'kind' in schema;
}

/** Validates a monitor's type-specific fields with its type's schema (valibot gets the richer path). */
export async function validatePluginOptions(
  plugin: CatalogEntry,
  fields: Record<string, unknown>,
  source: YamlSource,
  basePath: (string | number)[],
  /** The whole entry the fields came from, so "found" describes what is really written there. */
  entry: Record<string, unknown> = fields,
): Promise<{ value: unknown; issues: ConfigIssue[] }> {
  try {
    if (isValibot(plugin.options)) {
      const result = v.safeParse(plugin.options, fields, PARSE_CONFIG);
      if (result.success) return { value: result.output, issues: [] };
      return {
        value: undefined,
        issues: schemaIssuesToConfigIssues(result.issues, {
          source,
          basePath,
          data: entry,
          schema: plugin.options,
          extraKeys: (path) => (path.length === 0 ? COMMON_MONITOR_KEYS : []),
        }),
      };
    }
    const result = await plugin.options['~standard'].validate(fields);
    if (!result.issues) return { value: result.value, issues: [] };
    return { value: undefined, issues: standardIssuesToConfigIssues(result.issues, source, basePath, entry) };
  } catch (error) {
    // A bug in a plugin's validator is reported against the monitor, not as a crash.
    return {
      value: undefined,
      issues: [
        {
          file: source.file,
          ...locate(source, basePath),
          message: `${formatPath(basePath)}: the "${plugin.type}" plugin's options validator threw: ${error instanceof Error ? error.message : String(error)}`,
          hint: 'this is a bug in the plugin, not in the config; report it to its author',
        },
      ],
    };
  }
}
