/**
 * The one door to the TUI (Shopify CLI's `renderX` style): the watch command builds a WatchStore,
 * answers WatchActions, and calls renderWatch; it never builds an Ink tree itself. Only `watch`
 * imports this module (dynamically), so Ink and React never load on any other command's path.
 *
 * renderWatch owns the terminal while it runs: the alternate screen, a hidden cursor, raw input.
 * It gives all three back exactly as it found them when the screen ends, however it ends: `q`,
 * Ctrl-C, the host calling `unmount()`, a render error, or the process exiting under it.
 */
// Order matters: Ink decides at import whether it runs in CI mode (see ./ci-mode.ts).
import './ci-mode.js';
import { render } from 'ink';
import './ci-mode-restore.js';
import { createElement } from 'react';
import { useColor } from '../ui/format.js';
import { WatchApp } from './components/WatchApp.js';
import { assertInteractive } from '../ui/interactive.js';
import type { WatchActions } from './model.js';
import type { WatchStore } from './watch-store.js';

export type * from './model.js';
export { assertInteractive } from '../ui/interactive.js';
export { keyFigure } from './key-figure.js';
export { SPARK_POINTS, WatchStore, type MonitorSeed, type ResultUpdate, type WatchStoreOptions } from './watch-store.js';

export const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h\u001B[H';
export const LEAVE_ALTERNATE_SCREEN = '\u001B[?1049l';
export const HIDE_CURSOR = '\u001B[?25l';
export const SHOW_CURSOR = '\u001B[?25h';

type Input = NodeJS.ReadStream & { isRaw?: boolean };

export interface RenderWatchOptions {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  /** Default: on for a terminal, off with NO_COLOR or TERM=dumb. */
  color?: boolean;
  env?: Record<string, string | undefined>;
}

export interface WatchScreen {
  /** Resolves when the screen has ended and the terminal is restored; rejects with a render error. */
  waitUntilExit(): Promise<void>;
  /** Ends the screen from outside (SIGTERM, the scheduler failing). */
  unmount(): void;
}

export function renderWatch(store: WatchStore, actions: WatchActions, options: RenderWatchOptions = {}): WatchScreen {
  const stdin = (options.stdin ?? process.stdin) as Input;
  const stdout = options.stdout ?? process.stdout;
  assertInteractive(stdin, stdout);
  const color = options.color ?? useColor(stdout, options.env ?? process.env);

  const wasRaw = Boolean(stdin.isRaw);
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    process.off('exit', restore);
    if (stdin.isTTY && typeof stdin.setRawMode === 'function' && Boolean(stdin.isRaw) !== wasRaw) stdin.setRawMode(wasRaw);
    // TTY writes are synchronous, so this also lands from an 'exit' handler.
    stdout.write(SHOW_CURSOR + LEAVE_ALTERNATE_SCREEN);
  };
  // The process may end under the screen (an uncaught exception in the host): restore on the way out.
  process.on('exit', restore);
  stdout.write(ENTER_ALTERNATE_SCREEN + HIDE_CURSOR);
  // Raw input now, not when Ink's input hook mounts: keys typed meanwhile would otherwise wait in the
  // terminal's line buffer and arrive together as one line.
  if (typeof stdin.setRawMode === 'function') stdin.setRawMode(true);

  let instance: ReturnType<typeof render>;
  try {
    // The first frame shows what the host has put in the store so far, not the state before it.
    store.flush();
    instance = render(createElement(WatchApp, { store, actions, color }), {
      stdin,
      stdout,
      stderr: options.stderr ?? process.stderr,
      exitOnCtrlC: false,
      patchConsole: true,
    });
  } catch (error) {
    restore();
    throw error;
  }
  const ended = instance.waitUntilExit().then(
    () => {
      instance.cleanup();
      restore();
    },
    (error: unknown) => {
      instance.cleanup();
      restore();
      throw error;
    },
  );
  return {
    waitUntilExit: () => ended,
    unmount: () => instance.unmount(),
  };
}
