/**
 * A one-line progress indicator on stderr, only when stderr is a terminal: data on stdout stays clean
 * and CI logs get no carriage-return noise.
 */
import type { Status } from '../core/result.js';

export interface Progress {
  started(): void;
  finished(status: Status): void;
  stop(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function createProgress(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || total === 0) return { started() {}, finished() {}, stop() {} };
  let done = 0;
  let failing = 0;
  let frame = 0;
  let lastDraw = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - lastDraw < 80) return;
    lastDraw = now;
    frame = (frame + 1) % FRAMES.length;
    const failed = failing ? ` · ${failing} failing` : '';
    stream.write(`\r\x1b[2K${FRAMES[frame]} checking ${done}/${total}${failed}`);
  };
  const timer = setInterval(() => draw(true), 120);
  timer.unref();
  return {
    started: () => draw(),
    finished(status) {
      done++;
      if (status === 'down' || status === 'unknown') failing++;
      draw();
    },
    stop() {
      clearInterval(timer);
      stream.write('\r\x1b[2K');
    },
  };
}
