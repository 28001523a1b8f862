/**
 * Runs a program trackz starts on a user's behalf (a command check, a command alert channel) in a
 * process group of its own, so that whatever it starts — a shell's `curl`, a `sleep &` — ends with it:
 * - when the signal aborts (a timeout, a delivery budget, Ctrl-C) the whole group is killed
 *   (SIGTERM, then SIGKILL after `termGraceMs`), not only the program;
 * - when the program exits, its exit status is the outcome: output that something it left behind
 *   still holds open is read for `exitGraceMs` more, then cut, and that group is killed too. A
 *   background child can no longer turn an exit 0 into a timeout, or keep trackz from exiting.
 * Output is bounded (`maxOutputBytes` per stream). node:child_process directly: execa waits for every
 * holder of the pipes to close, which is the very thing that must not be waited for.
 */
import { spawn } from 'node:child_process';

export interface GroupRequest {
  file: string;
  args: readonly string[];
  /** Run `file` as a command line through /bin/sh -c. */
  shell?: boolean;
  cwd: string;
  /** The complete environment (see child-env.ts). */
  env: Record<string, string>;
  /** Written to stdin, which is then closed; without it stdin is /dev/null. */
  input?: string;
  signal: AbortSignal;
  maxOutputBytes: number;
  /** How long output is still read after the program exited. */
  exitGraceMs: number;
  /** On abort: SIGTERM, then SIGKILL this much later; 0 kills at once. */
  termGraceMs?: number;
  /** false: stdout goes to /dev/null. */
  captureStdout?: boolean;
}

export interface GroupOutcome {
  stdout: string;
  stderr: string;
  exitCode?: number;
  /** Set when the program was killed by a signal (SIGSEGV…). */
  signal?: string;
  durationMs: number;
  /** Set when the program could not be started (ENOENT, EACCES…). */
  spawnError?: { code: string; message: string };
  /** The signal aborted the run and the group was killed. */
  killed: boolean;
  /** A stream passed maxOutputBytes; the group was killed. */
  outputTooLarge: boolean;
  /** Output was still held open `exitGraceMs` after the program exited, and was cut. */
  outputCut: boolean;
}

/** Signals a whole process group; false when it is already gone. */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals = 'SIGKILL'): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

export function runInGroup(request: GroupRequest): Promise<GroupOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const outcome: GroupOutcome = { stdout: '', stderr: '', durationMs: 0, killed: false, outputTooLarge: false, outputCut: false };
    const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    const sizes = { stdout: 0, stderr: 0 };
    const timers: NodeJS.Timeout[] = [];
    let finished = false;
    let exitedAt: number | undefined;

    const child = spawn(request.file, request.args, {
      cwd: request.cwd,
      env: request.env,
      shell: request.shell ? '/bin/sh' : false,
      // A group of its own (setsid): -pid reaches everything the program starts.
      detached: true,
      stdio: [request.input === undefined ? 'ignore' : 'pipe', request.captureStdout === false ? 'ignore' : 'pipe', 'pipe'],
    });

    const finish = () => {
      if (finished) return;
      finished = true;
      for (const timer of timers) clearTimeout(timer);
      request.signal.removeEventListener('abort', onAbort);
      outcome.stdout = Buffer.concat(chunks.stdout).toString('utf8').replace(/\r?\n$/, '');
      outcome.stderr = Buffer.concat(chunks.stderr).toString('utf8').replace(/\r?\n$/, '');
      // Output cut after the exit: the program's own time is up to its exit, not the grace after it.
      outcome.durationMs = (outcome.outputCut && exitedAt !== undefined ? exitedAt : performance.now()) - started;
      resolve(outcome);
    };
    const cut = () => {
      child.stdout?.destroy();
      child.stderr?.destroy();
      killGroup(child.pid);
      finish();
    };
    const onAbort = () => {
      if (finished || outcome.killed) return;
      outcome.killed = true;
      const grace = request.termGraceMs ?? 0;
      if (grace > 0 && killGroup(child.pid, 'SIGTERM')) timers.push(setTimeout(() => killGroup(child.pid), grace));
      else killGroup(child.pid);
      // Whatever escaped the group and holds the pipes is not waited for past the grace.
      timers.push(setTimeout(cut, grace + request.exitGraceMs));
    };

    for (const name of ['stdout', 'stderr'] as const) {
      child[name]?.on('data', (chunk: Buffer) => {
        if (sizes[name] + chunk.length > request.maxOutputBytes) {
          chunks[name].push(chunk.subarray(0, request.maxOutputBytes - sizes[name]));
          sizes[name] = request.maxOutputBytes;
          outcome.outputTooLarge = true;
          cut();
          return;
        }
        chunks[name].push(chunk);
        sizes[name] += chunk.length;
      });
      child[name]?.on('error', () => {});
    }
    if (request.input !== undefined && child.stdin) {
      // A program that does not read its stdin closes the pipe: that is its business, not an error.
      child.stdin.on('error', () => {});
      child.stdin.end(request.input);
    }
    child.on('error', (error: NodeJS.ErrnoException) => {
      // Failed to start: there is no process and no group.
      if (child.pid === undefined) outcome.spawnError = { code: error.code ?? 'ERROR', message: error.message };
      finish();
    });
    child.on('exit', (code, signal) => {
      exitedAt = performance.now();
      outcome.exitCode = code ?? undefined;
      outcome.signal = signal ?? undefined;
      if (finished) return;
      const holdOut = () => {
        outcome.outputCut = true;
        cut();
      };
      timers.push(setTimeout(holdOut, request.exitGraceMs));
    });
    child.on('close', finish);
    if (request.signal.aborted) onAbort();
    else request.signal.addEventListener('abort', onAbort, { once: true });
  });
}
