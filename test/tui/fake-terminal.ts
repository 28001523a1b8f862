/**
 * A fake terminal for Ink: a stdout with a size that can be resized and that keeps every frame, and
 * a stdin that records raw mode and takes key presses. Like ink-testing-library's, plus rows,
 * resizing and raw-mode bookkeeping, which the 80×24 and restore tests need.
 */
import { EventEmitter } from 'node:events';

export class FakeStdout extends EventEmitter {
  isTTY = true;
  readonly frames: string[] = [];
  /** Everything written, escapes included (for the alternate screen and cursor tests). */
  written = '';
  constructor(
    public columns = 80,
    public rows = 24,
  ) {
    super();
  }
  write = (chunk: string): boolean => {
    this.frames.push(chunk);
    this.written += chunk;
    return true;
  };
  lastFrame = (): string => this.frames.at(-1) ?? '';
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

export class FakeStdin extends EventEmitter {
  isTTY = true;
  isRaw = false;
  /** Every setRawMode call, in order. */
  readonly rawModes: boolean[] = [];
  private chunk: string | null = null;
  setEncoding(): void {}
  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    this.rawModes.push(mode);
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  read = (): string | null => {
    const chunk = this.chunk;
    this.chunk = null;
    return chunk;
  };
  write(data: string): void {
    this.chunk = data;
    this.emit('readable');
  }
}

/** What a terminal sends for each key. */
export const KEY = {
  up: '\u001B[A',
  down: '\u001B[B',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  enter: '\r',
  escape: '\u001B',
  ctrlC: '\u0003',
  backspace: '\u007F',
} as const;
