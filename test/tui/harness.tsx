/**
 * Renders the watch screen into a FakeStdout of a given size and drives it with key presses: the
 * component tests' terminal. Ink runs in debug mode, so every write is one whole frame.
 */
import { render, type Instance } from 'ink';
import { WatchApp } from '../../src/tui/components/WatchApp.js';
import type { ActivitySummary, MonitorDetail, WatchActions } from '../../src/tui/model.js';
import { WatchStore, type MonitorSeed } from '../../src/tui/watch-store.js';
import { FakeStdin, FakeStdout } from './fake-terminal.js';

/** Lets Ink read the input, flush a lone Esc (it waits one setImmediate for more bytes) and render. */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 15));
/** Waits (up to 2 s) for a condition, e.g. an action the screen calls from an effect. */
export async function until(condition: () => boolean, what = 'the condition'): Promise<void> {
  for (const end = Date.now() + 2000; !condition(); ) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await settle();
  }
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 2));

export interface RecordingActions extends WatchActions {
  calls: string[];
}

/** Actions that record each call and answer from the given detail / activity. */
export function recordingActions(answers: { detail?: (name: string) => MonitorDetail; activity?: ActivitySummary; fail?: string } = {}): RecordingActions {
  const calls: string[] = [];
  let sharing = false;
  let paused = new Set<string>();
  const maybeFail = async () => {
    if (answers.fail) throw new Error(answers.fail);
  };
  return {
    calls,
    async runNow(name) {
      calls.push(`runNow ${name}`);
      await maybeFail();
    },
    async togglePause(name) {
      calls.push(`togglePause ${name}`);
      await maybeFail();
      paused = new Set(paused);
      if (paused.has(name)) paused.delete(name);
      else paused.add(name);
      return paused.has(name);
    },
    async silence(name, ms) {
      calls.push(`silence ${name} ${ms}`);
      await maybeFail();
    },
    async toggleShare() {
      calls.push('toggleShare');
      await maybeFail();
      sharing = !sharing;
      return sharing ? 'http://127.0.0.1:4848/d/Jq3vX9cT0kLmN2pQrS7uWy' : undefined;
    },
    async loadDetail(name) {
      calls.push(`loadDetail ${name}`);
      await maybeFail();
      if (!answers.detail) throw new Error('no detail in this test');
      return answers.detail(name);
    },
    async loadActivity() {
      calls.push('loadActivity');
      await maybeFail();
      if (!answers.activity) throw new Error('no activity in this test');
      return answers.activity;
    },
    quit() {
      calls.push('quit');
    },
  };
}

export interface Screen {
  stdout: FakeStdout;
  stdin: FakeStdin;
  store: WatchStore;
  actions: RecordingActions;
  instance: Instance;
  frame(): string;
  lines(): string[];
  /** Sends keys one press at a time, letting the screen settle after each. */
  press(...keys: string[]): Promise<void>;
  /** Publishes the store's pending changes and lets the screen render them. */
  update(): Promise<void>;
  /** Waits (up to 2 s) for a frame that contains the text (or passes the test); throws with the last frame when none does. */
  waitFor(text: string | ((frame: string) => boolean)): Promise<string>;
}

export interface ScreenOptions {
  columns?: number;
  rows?: number;
  color?: boolean;
  workspace?: string;
  monitors?: MonitorSeed[];
  store?: WatchStore;
  actions?: RecordingActions;
  clock?: () => number;
}

export const NOW = Date.UTC(2026, 2, 14, 12, 0, 0);

export async function renderScreen(options: ScreenOptions = {}): Promise<Screen> {
  const stdout = new FakeStdout(options.columns ?? 80, options.rows ?? 24);
  const stdin = new FakeStdin();
  const store = options.store ?? new WatchStore({ workspace: options.workspace ?? 'acme', monitors: options.monitors ?? [] });
  const actions = options.actions ?? recordingActions();
  const instance = render(<WatchApp store={store} actions={actions} color={options.color ?? false} clock={options.clock ?? (() => NOW)} />, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: stdout as unknown as NodeJS.WriteStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  await settle();
  const screen: Screen = {
    stdout,
    stdin,
    store,
    actions,
    instance,
    frame: () => stdout.lastFrame(),
    lines: () => stdout.lastFrame().split('\n'),
    async press(...keys) {
      for (const key of keys) {
        const before = stdout.frames.length;
        stdin.write(key);
        // React may render a little later on a busy machine: wait for the frame the key causes (a key
        // that changes nothing causes none, hence the bound), then for what its effects cause.
        for (const until = Date.now() + 250; stdout.frames.length === before && Date.now() < until; ) await tick();
        await settle();
      }
    },
    async update() {
      store.flush();
      await settle();
    },
    async waitFor(text) {
      const until = Date.now() + 2000;
      const wanted = typeof text === 'string' ? (frame: string) => frame.includes(text) : text;
      while (!wanted(stdout.lastFrame())) {
        if (Date.now() > until) throw new Error(`no frame with ${typeof text === 'string' ? JSON.stringify(text) : 'that'}; the last one:\n${stdout.lastFrame()}`);
        await settle();
      }
      return stdout.lastFrame();
    },
  };
  return screen;
}
