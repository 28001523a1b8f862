/**
 * The real, built `trackz serve` as a subprocess: its JSON-line log parsed as it comes, a bounded
 * wait for a line, the URL it says it listens on, and a signal with the exit code it ends with.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from './cli.js';

export interface LogLine {
  time: string;
  level: string;
  msg: string;
  fields?: Record<string, unknown>;
}

export interface ServeProcess {
  child: ChildProcess;
  /** http://127.0.0.1:PORT, from its "listening" line. */
  url: string;
  lines: LogLine[];
  /** Lines that were not JSON (there should be none). */
  other: string[];
  stderr(): string;
  waitFor(match: (line: LogLine) => boolean, timeoutMs?: number, what?: string): Promise<LogLine>;
  /** Sends the signal and resolves with the exit code (null if killed by a signal). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

export async function startServe(cwd: string, args: string[] = [], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', ...(args.includes('--port') ? [] : ['--port', '0']), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', TRACKZ_LOG: 'debug', ...env } });
  const lines: LogLine[] = [];
  const other: string[] = [];
  let err = '';
  let rest = '';
  const waiters = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    rest += chunk;
    const parts = rest.split('\n');
    rest = parts.pop()!;
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as LogLine);
      } catch {
        other.push(part);
      }
    }
    for (const wake of waiters) wake();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let ended = false;
  void exited.then(() => {
    ended = true;
    for (const wake of waiters) wake();
  });

  const waitFor = (match: (line: LogLine) => boolean, ms = 30_000, what = 'a log line'): Promise<LogLine> =>
    new Promise((resolve, reject) => {
      let from = 0;
      const check = () => {
        for (; from < lines.length; from++) {
          if (match(lines[from]!)) {
            done();
            resolve(lines[from]!);
            return;
          }
        }
        if (ended) {
          done();
          reject(new Error(`trackz serve exited before ${what}; stderr: ${err}; stdout: ${other.join('\n')}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${what} within ${ms} ms; log so far:\n${lines.map((l) => l.msg).join('\n')}\nstderr: ${err}`));
      }, ms);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  const listening = await waitFor((line) => line.msg.includes('listening on'), timeoutMs, 'the listening line');
  return {
    child,
    url: String(listening.fields!.url),
    lines,
    other,
    stderr: () => err,
    waitFor,
    stop: async (signal = 'SIGTERM', ms = 60_000) => {
      if (ended) return exited;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
