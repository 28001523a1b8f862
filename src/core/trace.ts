/**
 * TRACKZ_TRACE=1 prints a timeline of a run's phases on stderr (ms since the process started, RSS),
 * which is how start-up and per-phase costs are measured. Costs one comparison when off.
 */
const enabled = process.env.TRACKZ_TRACE === '1';

export function mark(label: string): void {
  if (enabled) process.stderr.write(`trace ${performance.now().toFixed(1).padStart(8)} ms ${(process.memoryUsage.rss() / 1048576).toFixed(0).padStart(5)} MB  ${label}\n`);
}
