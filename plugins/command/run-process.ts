/**
 * Runs a plugin process with execa and, when the check's signal aborts (timeout or Ctrl-C), kills its
 * whole process group: the child is spawned detached, so it leads a group of its own, and every
 * process it started (a shell's children, a plugin's helpers) goes with it.
 */
import type { ProcessEnd } from './nagios-status.js';

/** Output beyond this is cut off and the process killed: a monitoring plugin prints a few lines. */
export const MAX_OUTPUT_BYTES = 1024 * 1024;

export interface ProcessOutcome extends ProcessEnd {
  stdout: string;
  stderr: string;
  durationMs: number;
  /** Set when the process could not be started (ENOENT, EACCES…). */
  spawnError?: { code: string; message: string };
  /** True when the signal aborted the run and the group was killed. */
  killed: boolean;
  outputTooLarge: boolean;
}

export interface RunRequest {
  file: string;
  args: string[];
  shell: boolean;
  cwd: string;
  env: Record<string, string>;
  signal: AbortSignal;
}

export async function runProcess(request: RunRequest): Promise<ProcessOutcome> {
  const { execa } = await import('execa');
  const started = performance.now();
  const child = execa(request.file, request.args, {
    shell: request.shell ? '/bin/sh' : false,
    cwd: request.cwd,
    env: request.env,
    extendEnv: true,
    stdin: 'ignore',
    detached: true,
    reject: false,
    maxBuffer: MAX_OUTPUT_BYTES,
    stripFinalNewline: true,
  });
  let killed = false;
  const killGroup = () => {
    if (child.pid === undefined) return;
    killed = true;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  };
  if (request.signal.aborted) killGroup();
  request.signal.addEventListener('abort', killGroup, { once: true });
  try {
    const result = await child;
    const code = (result as { code?: string }).code;
    const spawnError = result.failed && result.exitCode === undefined && !result.signal && code ? { code, message: result.originalMessage ?? result.shortMessage ?? code } : undefined;
    return {
      stdout: String(result.stdout ?? ''),
      stderr: String(result.stderr ?? ''),
      exitCode: result.exitCode,
      signal: result.signal,
      durationMs: performance.now() - started,
      spawnError,
      killed,
      outputTooLarge: Boolean(result.isMaxBuffer),
    };
  } finally {
    request.signal.removeEventListener('abort', killGroup);
  }
}
