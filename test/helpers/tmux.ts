/**
 * A real terminal for tests: a tmux server of its own (its own socket, no user config), one session
 * at a fixed size running a shell or a command, keys sent with `send-keys`, the screen read with
 * `capture-pane`. Every wait is bounded and says what the screen showed when it gave up.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function startTmux(options: TmuxOptions): TmuxSession {
  const socket = `trackz-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const name = 'main';
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const env = { TERM: 'xterm-256color', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', ...options.env };
  const command = options.command ?? 'bash --norc --noprofile -i';
  tmux(
    'new-session', '-d', '-s', name, '-x', String(options.columns ?? 80), '-y', String(options.rows ?? 24), '-c', options.cwd,
    ...Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]),
    command,
  );
  // The pane stays when its command ends, so a test can read what it printed last.
  tmux('set-option', '-t', name, 'remain-on-exit', 'on');
  // bash sets its own prompt whatever the environment says: give it one a test can wait for.
  if (!options.command) tmux('send-keys', '-t', name, '-l', `PS1='${SHELL_PROMPT}'; clear\n`);
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
    display: (format) => tmux('display-message', '-p', '-t', name, format).trim(),
    kill: () => {
      try {
        tmux('kill-server');
      } catch {
        // Already gone.
      }
    },
  };
}
