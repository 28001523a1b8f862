/**
 * From the text of a config to its data with every `${…}` filled in, and a source that can place
 * any path at its file:line:column. Plain files are read by js-yaml (fast-yaml.ts: a fraction of the
 * memory on large files); files with anchors, tags and the like, and any file js-yaml refuses, by
 * the `yaml` package, which also words every syntax error. Either way the data is the same.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import { ConfigError, UserError, type ConfigIssue } from '../core/errors.js';
import { mark } from '../core/trace.js';
import { readFast, sliceLocator } from './fast-yaml.js';
import { AmbiguousReferenceError, interpolate, interpolateData, type InterpolationSources } from './interpolate.js';
import { describeFound } from './schema-issues.js';
import { locate, parseYamlSource, positionOf, retainedSource, type YamlSource } from './yaml-source.js';

/**
 * The largest config file trackz reads (README "Configuration reference"). A 100,000-monitor file is
 * about 12 MB; past this size a file is far more likely a mistake (a log, a dump) than a config, and
 * reading it would cost memory out of all proportion.
 */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

export function configTooLarge(file: string, bytes: number): UserError {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB`;
  return new UserError(`the config file ${file} is ${mib(bytes)}; trackz reads config files of at most ${mib(MAX_CONFIG_BYTES)} (split the monitors across several files and run trackz once per file)`);
}

export interface ConfigDocument {
  source: YamlSource;
  data: Record<string, unknown>;
  /** Problems filling in `${…}`, already placed. */
  interpolationIssues: ConfigIssue[];
}

const fail = (issues: ConfigIssue[]): never => {
  throw new ConfigError(issues.sort((a, b) => a.line - b.line || a.column - b.column));
};

export function readConfigDocument(file: string, text: string, sources: InterpolationSources): ConfigDocument {
  if (Buffer.byteLength(text) > MAX_CONFIG_BYTES) throw configTooLarge(file, Buffer.byteLength(text));
  const fast = readFast(text);
  if (fast && fast.data !== null && typeof fast.data === 'object' && !Array.isArray(fast.data)) {
    mark('config: yaml read (js-yaml)');
    const source = retainedSource(file, text, sliceLocator(file, text, fast));
    try {
      const interpolationIssues = interpolateData(fast.data, sources, (value) => fast.referenceStyles.get(value), (path) => locate(source, path), file);
      return { source, data: fast.data as Record<string, unknown>, interpolationIssues };
    } catch (error) {
      // The same `${X}` written plain in one place and quoted in another: let the exact parser tell them apart.
      if (!(error instanceof AmbiguousReferenceError)) throw error;
    }
  }

  const { source, issues: syntaxIssues } = parseYamlSource(file, text);
  mark('config: yaml parsed');
  if (syntaxIssues.length) fail(syntaxIssues);
  if (!isMap(source.doc.contents)) {
    const contents = source.doc.contents;
    fail([
      {
        file,
        ...positionOf(source, contents?.range?.[0]),
        message: 'the top level must be a mapping (key: value pairs) with keys such as `monitors:`',
        found: contents === null || (isScalar(contents) && contents.value === null) ? 'nothing' : describeFound(contents.toJSON()),
        hint: isSeq(contents) ? 'put the list under a key: `monitors:` followed by the items' : undefined,
      },
    ]);
  }
  const interpolationIssues = interpolate(source, sources);
  try {
    return { source, data: source.doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>, interpolationIssues };
  } catch (error) {
    // Aliases that expand too far (a "billion laughs" file) are refused by the yaml package.
    return fail([{ file, line: 1, column: 1, message: `YAML syntax: ${(error as Error).message}`, hint: 'use fewer aliases (*name), or repeat the values' }]);
  }
}
