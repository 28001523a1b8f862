/**
 * A one-line progress indicator on stderr, only when stderr is a terminal: data on stdout stays clean
 * and CI logs get no carriage-return noise.
 */
import type { Status } from '../core/result.js';
import type { EventStream } from '../runtime/event-stream.js';

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

/** The progress line fed from the runtime's events: it clears itself when the cycle finishes, before the reports. */
export function followProgress(events: EventStream, total: number, stream: NodeJS.WriteStream = process.stderr): () => void {
  const progress = createProgress(total, stream);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    unsubscribe();
    progress.stop();
  };
  const unsubscribe = events.subscribe((event) => {
    if (event.type === 'check.started') progress.started();
    else if (event.type === 'check.result') progress.finished(event.record.status);
    else if (event.type === 'cycle.finished') stop();
  });
  return stop;
}
