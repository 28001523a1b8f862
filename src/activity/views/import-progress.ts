/**
 * `trackz import`'s progress line on stderr, only on a terminal (data on stdout stays clean, CI logs
 * get no carriage returns): lines or events so far and the rate.
 */
import type { ImportStats } from '../import-stats.js';

export interface ImportProgress {
  update(stats: ImportStats): void;
  stop(): void;
}

export function importProgress(stream: NodeJS.WriteStream = process.stderr): ImportProgress {
  if (!stream.isTTY) return { update() {}, stop() {} };
  const started = performance.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(stats) {
      const now = performance.now();
      if (now - lastDraw < 200) return;
      lastDraw = now;
      drawn = true;
      const rate = Math.round(stats.lines / Math.max(0.001, (now - started) / 1000));
      stream.write(`\r\x1b[2K  importing ${stats.name}: ${stats.lines.toLocaleString('en-US')} ${stats.kind === 'site' ? 'lines' : 'events'} (${rate.toLocaleString('en-US')}/s)`);
    },
    stop() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
