/**
 * Nagios performance data, per the plugin development guidelines
 * (https://nagios-plugins.org/doc/guidelines.html#AEN200):
 *
 *   'label'=value[UOM];[warn];[crit];[min];[max]   (space separated; quote labels with spaces, '' is a quote)
 *
 * and the plugin output layout it sits in: perfdata after `|` on the first line, and after the first
 * `|` on a later line, everything that follows is perfdata too (multi-line output).
 */

export interface PerfItem {
  label: string;
  /** null when the plugin reported `U` (value undetermined). */
  value: number | null;
  uom: string;
  warn?: string;
  crit?: string;
  min?: number;
  max?: number;
}

export interface PluginOutput {
  /** The first line without its perfdata: the check's message. */
  message: string;
  /** Lines 2..n without perfdata. */
  longText: string[];
  perfdata: PerfItem[];
  /** Perfdata tokens that do not follow the format, kept for the details view. */
  invalid: string[];
}

/** Splits plugin output into message, long text and perfdata (which may span several lines). */
export function parsePluginOutput(stdout: string): PluginOutput {
  const lines = stdout.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  const [first = '', ...rest] = lines;
  const bar = first.indexOf('|');
  const message = (bar === -1 ? first : first.slice(0, bar)).trim();
  const perfTexts = bar === -1 ? [] : [first.slice(bar + 1)];
  const longText: string[] = [];
  let inPerf = false;
  for (const line of rest) {
    if (inPerf) {
      perfTexts.push(line);
      continue;
    }
    const at = line.indexOf('|');
    if (at === -1) {
      longText.push(line);
      continue;
    }
    if (line.slice(0, at).trim()) longText.push(line.slice(0, at));
    perfTexts.push(line.slice(at + 1));
    inPerf = true;
  }
  const perfdata: PerfItem[] = [];
  const invalid: string[] = [];
  for (const text of perfTexts) {
    const parsed = parsePerfdata(text);
    perfdata.push(...parsed.items);
    invalid.push(...parsed.invalid);
  }
  return { message, longText, perfdata, invalid };
}

const NUMBER = String.raw`[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?`;
const VALUE_RE = new RegExp(`^(${NUMBER}|U)([A-Za-z%]*)$`);
const toNumber = (text: string | undefined) => (text === undefined || text === '' ? undefined : Number(text.replace(',', '.')));

/** Parses one perfdata string (`time=0.01s;1;2;0 'free space'=12MB;;;0;100`). */
export function parsePerfdata(text: string): { items: PerfItem[]; invalid: string[] } {
  const items: PerfItem[] = [];
  const invalid: string[] = [];
  let i = 0;
  const n = text.length;
  // Each pass consumes at least one character, so the loop ends.
  while (i < n) {
    while (i < n && /\s/.test(text[i]!)) i++;
    if (i >= n) break;
    const start = i;
    let label = '';
    if (text[i] === "'") {
      i++;
      for (; i < n; i++) {
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            label += "'";
            i++;
            continue;
          }
          break;
        }
        label += text[i];
      }
      i++; // the closing quote
    } else {
      while (i < n && text[i] !== '=' && !/\s/.test(text[i]!)) label += text[i++];
    }
    if (text[i] !== '=' || label === '') {
      while (i < n && !/\s/.test(text[i]!)) i++;
      invalid.push(text.slice(start, i));
      continue;
    }
    i++; // '='
    const valueStart = i;
    while (i < n && !/\s/.test(text[i]!)) i++;
    const [valueText = '', warn, crit, min, max] = text.slice(valueStart, i).split(';');
    const match = VALUE_RE.exec(valueText);
    if (!match) {
      invalid.push(text.slice(start, i));
      continue;
    }
    const item: PerfItem = { label, value: match[1] === 'U' ? null : Number(match[1]!.replace(',', '.')), uom: match[2] ?? '' };
    if (warn) item.warn = warn;
    if (crit) item.crit = crit;
    const minValue = toNumber(min);
    const maxValue = toNumber(max);
    if (minValue !== undefined && Number.isFinite(minValue)) item.min = minValue;
    if (maxValue !== undefined && Number.isFinite(maxValue)) item.max = maxValue;
    items.push(item);
  }
  return { items, invalid };
}

// Time becomes milliseconds and sizes bytes, so the names and units match trackz's own metrics.
// The guidelines do not say whether KB is 1000 or 1024; check_disk and friends mean 1024.
const TIME_UNITS: Record<string, number> = { s: 1000, ms: 1, us: 0.001 };
const BYTE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 };

const withSuffix = (label: string, suffix: string) => (label.endsWith(suffix) ? label : `${label}${suffix}`);

/**
 * A label as a metric name that reads well in every view and query: letters, digits and `_`.
 * A path is a mount point (check_disk and friends label by it): `/` → `disk_root`, `/var/log` →
 * `disk_var_log`. Anything else keeps its letters and digits: `'free space'` → `free_space`.
 */
export function metricName(label: string): string {
  const words = (text: string) => text.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (label.startsWith('/')) return `disk_${words(label) || 'root'}`;
  return words(label) || 'value';
}

/** A perf item as a trackz metric: `time=0.5s` → `time_ms: 500`, `/=10MB` → `disk_root_bytes: 10485760`, `load1=0.3` → `load1: 0.3`. */
export function perfMetric(item: PerfItem): [name: string, value: number] | undefined {
  if (item.value === null || !Number.isFinite(item.value)) return undefined;
  const uom = item.uom;
  const name = metricName(item.label);
  if (uom in TIME_UNITS) return [withSuffix(name, '_ms'), item.value * TIME_UNITS[uom]!];
  const bytes = BYTE_UNITS[uom.toLowerCase()];
  if (bytes !== undefined) return [withSuffix(name, '_bytes'), item.value * bytes];
  if (uom === '%') return [withSuffix(name, '_pct'), item.value];
  return [name, item.value];
}

export function perfMetrics(items: readonly PerfItem[]): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const item of items) {
    const metric = perfMetric(item);
    if (metric) metrics[metric[0]] = metric[1];
  }
  return metrics;
}
