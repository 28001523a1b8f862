/**
 * The Prometheus text exposition format (version 0.0.4), just what /metrics needs: metric families
 * with HELP and TYPE lines, label values escaped (backslash, double quote, newline), values in Go's
 * float syntax (NaN, +Inf, -Inf).
 */
import { wellFormed } from './escape.js';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type Labels = Readonly<Record<string, string>>;
export type Sample = readonly [labels: Labels, value: number];

export interface MetricFamily {
  name: string;
  type: 'gauge' | 'counter';
  help: string;
  samples: readonly Sample[];
}

const NEEDS_ESCAPE = /[\\"\n\uD800-\uDFFF]/;

export function escapeLabelValue(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return wellFormed(value).replace(/[\\"\n]/g, (c: string) => (c === '\n' ? '\\n' : `\\${c}`));
}

function escapeHelp(help: string): string {
  return help.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'));
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function labelText(labels: Labels): string {
  let out = '';
  for (const name in labels) out += `${out ? ',' : '{'}${name}="${escapeLabelValue(labels[name]!)}"`;
  return out ? `${out}}` : '';
}

export function renderFamily(family: MetricFamily): string {
  let out = `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
  for (const [labels, value] of family.samples) out += `${family.name}${labelText(labels)} ${formatValue(value)}\n`;
  return out;
}
