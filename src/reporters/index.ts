/**
 * `--reporter name` or `name=path`: which reporters exist and how a flag value is read.
 * Each reporter is imported only when asked for: `--reporter json` never loads cli-table3.
 */
import { UserError } from '../core/errors.js';
import { didYouMean } from '../config/suggest.js';
import type { ReporterFactory } from './reporter.js';

const LOADERS: Record<string, () => Promise<ReporterFactory>> = {
  table: async () => (await import('./table.js')).tableReporter,
  json: async () => (await import('./json.js')).jsonReporter,
  jsonl: async () => (await import('./jsonl.js')).jsonlReporter,
  junit: async () => (await import('./junit.js')).junitReporter,
  github: async () => (await import('./github.js')).githubReporter,
  tap: async () => (await import('./tap.js')).tapReporter,
};

export const REPORTER_NAMES = Object.keys(LOADERS);

export function loadReporter(name: string): Promise<ReporterFactory> {
  const load = LOADERS[name];
  if (!load) throw new UserError(`unknown reporter "${name}"`);
  return load();
}

export interface ReporterSpec {
  name: string;
  /** Absent: stdout. */
  path?: string;
}

export function parseReporterSpec(value: string): ReporterSpec {
  const [name, ...rest] = value.split('=');
  const path = rest.join('=');
  if (!name || !(name in LOADERS)) {
    const hint = name ? didYouMean(name, REPORTER_NAMES) : undefined;
    throw new UserError(`unknown reporter "${name}"${hint ? ` (${hint})` : ''}; expected one of ${REPORTER_NAMES.join(', ')}, optionally as name=path`);
  }
  if (rest.length && !path) throw new UserError(`--reporter ${value}: missing file path after "="`);
  return path ? { name, path } : { name };
}

/** Two reports on stdout would interleave into something no tool can read: all but one go to a file. */
export function checkReporterSpecs(specs: readonly ReporterSpec[]): void {
  const toStdout = specs.filter((spec) => spec.path === undefined);
  if (toStdout.length < 2) return;
  const [, ...moved] = toStdout.map((spec) => spec.name);
  const files = moved.map((name) => `--reporter ${name}=PATH`).join(' ');
  if (toStdout.length === 2) throw new UserError(`--reporter ${toStdout[0]!.name} and --reporter ${toStdout[1]!.name} both write to stdout; give one of them a file: ${files}`);
  throw new UserError(`--reporter ${toStdout.map((spec) => spec.name).join(', ')} all write to stdout; keep one there and give the others a file: ${files}`);
}
