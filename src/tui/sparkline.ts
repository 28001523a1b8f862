/**
 * A sparkline of recent latencies: one cell per result, bar height proportional to latency from zero
 * (so steady reads steady, not noise blown up), `·` where a result had no latency (it failed). Pure.
 */
const BARS = '▁▂▃▄▅▆▇█';
export const NO_VALUE = '·';

/** The newest `width` points, right-aligned (blank cells on the left until there are enough). */
export function sparkline(values: readonly (number | null)[], width: number): string {
  if (width <= 0) return '';
  const shown = values.slice(-width);
  const max = Math.max(0, ...shown.filter((v): v is number => v !== null));
  const cells = shown.map((value) => {
    if (value === null) return NO_VALUE;
    if (max === 0) return BARS[0]!;
    return BARS[Math.min(BARS.length - 1, Math.floor((value / max) * (BARS.length - 1) + 0.5))]!;
  });
  return ' '.repeat(width - cells.length) + cells.join('');
}
