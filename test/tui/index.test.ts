/**
 * The one door: renderWatch takes the terminal (alternate screen, hidden cursor, raw input) and gives
 * it back exactly as it found it, however the screen ends; assertInteractive refuses pipes politely.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { assertInteractive, ENTER_ALTERNATE_SCREEN, HIDE_CURSOR, LEAVE_ALTERNATE_SCREEN, renderWatch, SHOW_CURSOR, WatchStore } from '../../src/tui/index.js';
import { FakeStdin, FakeStdout, KEY } from './fake-terminal.js';
import { MIXED } from './fixtures.js';
import { recordingActions, settle, until } from './harness.js';

const RESTORED = SHOW_CURSOR + LEAVE_ALTERNATE_SCREEN;

function terminal() {
  const stdout = new FakeStdout(80, 24);
  const stdin = new FakeStdin();
  return { stdout, stdin, io: { stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream, stderr: stdout as unknown as NodeJS.WriteStream } };
}

const exitListeners = () => process.listeners('exit');
let leftover: (() => void) | undefined;
afterEach(() => leftover?.());

describe('assertInteractive', () => {
  it('passes for a terminal', () => {
    expect(() => assertInteractive({ isTTY: true }, { isTTY: true })).not.toThrow();
  });

  it('refuses a pipe with a usage error (exit 2) that points to check and serve', () => {
    const refused = (stdin: boolean, stdout: boolean) => {
      try {
        assertInteractive({ isTTY: stdin }, { isTTY: stdout });
      } catch (error) {
        return error as UserError;
      }
      throw new Error('did not refuse');
    };
    const error = refused(false, true);
    expect(error).toBeInstanceOf(UserError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      'trackz watch needs a terminal, but stdin is not a TTY. For one run with a report, use `trackz check`; to keep checking without a terminal, use `trackz serve`.',
    );
    expect(refused(true, false).message).toContain('but stdout is not a TTY');
    expect(refused(false, false).message).toContain('but stdin and stdout are not TTYs.');
  });

  it('renderWatch refuses before touching the terminal', () => {
    const { stdout, stdin, io } = terminal();
    stdin.isTTY = false;
    expect(() => renderWatch(new WatchStore({ workspace: 'w', monitors: [] }), recordingActions(), io)).toThrow(UserError);
    expect(stdout.written).toBe('');
    expect(stdin.rawModes).toEqual([]);
  });
});

describe('renderWatch', () => {
  it('enters the alternate screen with a hidden cursor and raw input; q restores all three', async () => {
    const { stdout, stdin, io } = terminal();
    const actions = recordingActions();
    const screen = renderWatch(new WatchStore({ workspace: 'acme', monitors: MIXED }), actions, { ...io, color: false });
    leftover = () => screen.unmount();
    expect(stdout.written.startsWith(ENTER_ALTERNATE_SCREEN + HIDE_CURSOR)).toBe(true);
    await until(() => stdout.written.includes('homepage'), 'the first frame');
    expect(stdin.isRaw).toBe(true);
    stdin.write('q');
    await screen.waitUntilExit();
    expect(actions.calls).toEqual(['quit']);
    expect(stdout.written.endsWith(RESTORED)).toBe(true);
    expect(stdin.isRaw).toBe(false);
  });

  it('Ctrl-C restores the terminal too, and leaves a terminal that was already raw raw', async () => {
    const { stdout, stdin, io } = terminal();
    stdin.isRaw = true;
    const screen = renderWatch(new WatchStore({ workspace: 'acme', monitors: MIXED }), recordingActions(), io);
    leftover = () => screen.unmount();
    await until(() => stdout.written.includes('homepage'), 'the first frame');
    stdin.write(KEY.ctrlC);
    await screen.waitUntilExit();
    expect(stdout.written.endsWith(RESTORED)).toBe(true);
    expect(stdin.isRaw).toBe(true);
  });

  it('the host can end it (SIGTERM, a failing scheduler)', async () => {
    const { stdout, stdin, io } = terminal();
    const screen = renderWatch(new WatchStore({ workspace: 'acme', monitors: MIXED }), recordingActions(), io);
    await until(() => stdout.written.includes('homepage'), 'the first frame');
    screen.unmount();
    await screen.waitUntilExit();
    expect(stdout.written.endsWith(RESTORED)).toBe(true);
    expect(stdin.isRaw).toBe(false);
  });

  it('a render error ends the screen, restores the terminal, and reaches the host', async () => {
    const { stdout, stdin, io } = terminal();
    const store = new WatchStore({ workspace: 'acme', monitors: MIXED });
    let broken = false;
    const snapshot = store.getSnapshot;
    Object.assign(store, {
      getSnapshot: () => {
        if (broken) throw new Error('the model is broken');
        return snapshot();
      },
    });
    const screen = renderWatch(store, recordingActions(), io);
    leftover = () => screen.unmount();
    await until(() => stdout.written.includes('homepage'), 'the first frame');
    broken = true;
    store.setShareLink('http://x');
    store.flush();
    await expect(screen.waitUntilExit()).rejects.toThrow('the model is broken');
    expect(stdout.written.endsWith(RESTORED)).toBe(true);
    expect(stdin.isRaw).toBe(false);
  });

  it('restores the terminal if the process exits under it, once', async () => {
    const { stdout, io } = terminal();
    const before = exitListeners();
    const screen = renderWatch(new WatchStore({ workspace: 'acme', monitors: MIXED }), recordingActions(), io);
    leftover = () => screen.unmount();
    const added = exitListeners().filter((listener) => !before.includes(listener));
    expect(added.length).toBeGreaterThan(0);
    await settle();
    for (const listener of added) (listener as (code: number) => void)(1);
    expect(stdout.written.endsWith(RESTORED)).toBe(true);
    screen.unmount();
    await screen.waitUntilExit();
    expect(stdout.written.split(LEAVE_ALTERNATE_SCREEN)).toHaveLength(2);
    expect(exitListeners()).toEqual(before);
  });
});
