/** `--reporter name` or `name=path`: which reporters exist and how a flag value is read. */
import { UserError } from '../core/errors.js';
import { didYouMean } from '../config/suggest.js';
import { githubReporter } from './github.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import type { ReporterFactory } from './reporter.js';
import { tableReporter } from './table.js';
import { tapReporter } from './tap.js';

export const REPORTERS: Record<string, ReporterFactory> = {
  table: tableReporter,
  json: jsonReporter,
  junit: junitReporter,
  github: githubReporter,
  tap: tapReporter,
};

export interface ReporterSpec {
  name: string;
  /** Absent: stdout. */
  path?: string;
}

export function parseReporterSpec(value: string): ReporterSpec {
  const [name, ...rest] = value.split('=');
  const path = rest.join('=');
  if (!name || !(name in REPORTERS)) {
    const hint = name ? didYouMean(name, Object.keys(REPORTERS)) : undefined;
    throw new UserError(`unknown reporter "${name}"${hint ? ` (${hint})` : ''}; expected one of ${Object.keys(REPORTERS).join(', ')}, optionally as name=path`);
  }
  if (rest.length && !path) throw new UserError(`--reporter ${value}: missing file path after "="`);
  return path ? { name, path } : { name };
}
