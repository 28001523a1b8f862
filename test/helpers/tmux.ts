/**
 * A real terminal for tests: a tmux server of its own (its own socket, no user config), one session
 * at a fixed size running a shell or a command, keys sent with `send-keys`, the screen read with
 * `capture-pane`. Every wait is bounded and says what the screen showed when it gave up.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TmuxOptions {
  cwd: string;
  /** Run in the session; default an interactive shell (bash without rc files). */
  command?: string;
  env?: Record<string, string>;
  columns?: number;
  rows?: number;
}

export interface TmuxSession {
  readonly name: string;
  /** The visible screen as text (`capture-pane -p`); with `escapes`, with colours and attributes (`-e`). */
  capture(options?: { escapes?: boolean }): string;
  /** tmux key names (`Enter`, `Escape`, `C-c`, `Down`) or literal text with `{ literal: true }`. */
  keys(...keys: string[]): void;
  type(text: string): void;
  /** Resolves with the screen once `test` holds for it; throws after `timeoutMs` with the last screen. */
  waitFor(test: RegExp | ((screen: string) => boolean), timeoutMs?: number, what?: string): Promise<string>;
  /** A tmux format value of the pane, e.g. `#{alternate_on}`, `#{pane_dead}`. */
  display(format: string): string;
  /**
   * Waits for the session's command to end and returns its exit status (128+N when killed by signal N),
   * as the shell that ran it wrote it down. Not tmux's `#{pane_dead_status}`: tmux 3.3a now and then
   * marks a pane dead without ever recording its status (seen here in about 1 run of 6).
   */
  exitStatus(timeoutMs?: number): Promise<number>;
  kill(): void;
}

export function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The prompt of the default shell. */
export const SHELL_PROMPT = 'test-prompt$ ';

/** The status the shell wrote once the command ended; undefined while it runs (or is mid-write). */
function readStatus(file: string): number | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    return /^\d+\n$/.test(text) ? Number(text) : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function startTmux(options: TmuxOptions): TmuxSession {
  const socket = `trackz-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const name = 'main';
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const env = { TERM: 'xterm-256color', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', ...options.env };
  const statusFile = options.command ? join(tmpdir(), `${socket}.status`) : undefined;
  const command = options.command ? `${options.command}; echo $? > '${statusFile}'` : 'bash --norc --noprofile -i';
  tmux(
    'new-session', '-d', '-s', name, '-x', String(options.columns ?? 80), '-y', String(options.rows ?? 24), '-c', options.cwd,
    ...Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]),
    command,
  );
  // The pane stays when its command ends, so a test can read what it printed last.
  tmux('set-option', '-t', name, 'remain-on-exit', 'on');
  // bash sets its own prompt whatever the environment says: give it one a test can wait for.
  if (!options.command) tmux('send-keys', '-t', name, '-l', `PS1='${SHELL_PROMPT}'; clear\n`);
  const display = (format: string) => tmux('display-message', '-p', '-t', name, format).trim();
  const capture = ({ escapes = false } = {}) => tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', name);
  return {
    name,
    capture,
    keys: (...keys) => void tmux('send-keys', '-t', name, ...keys),
    type: (text) => void tmux('send-keys', '-t', name, '-l', text),
    async waitFor(test, timeoutMs = 10_000, what) {
      const holds = typeof test === 'function' ? test : (screen: string) => test.test(screen);
      const deadline = Date.now() + timeoutMs;
      let screen = '';
      for (;;) {
        screen = capture();
        if (holds(screen)) return screen;
        if (Date.now() > deadline) break;
        await sleep(100);
      }
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what ?? String(test)}; the screen was:\n${screen}`);
    },
    display,
    async exitStatus(timeoutMs = 15_000) {
      if (!statusFile) throw new Error('exitStatus() needs a session started with a command');
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const status = readStatus(statusFile);
        if (status !== undefined) return status;
        if (Date.now() > deadline) break;
        await sleep(50);
      }
      throw new Error(`timed out after ${timeoutMs} ms waiting for the command to end; the screen was:\n${capture()}`);
    },
    kill: () => {
      if (statusFile) rmSync(statusFile, { force: true });
      try {
        tmux('kill-server');
      } catch {
        // Already gone.
      }
    },
  };
}
