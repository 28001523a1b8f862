/**
 * How the command check runs a plugin: in a process group of its own (src/core/process-group.ts),
 * killed whole when the check's signal aborts (timeout or Ctrl-C), with trackz's own secrets left out
 * of its environment (src/core/child-env.ts). The verdict comes from the exit status: output that a
 * background child still holds open after the plugin exited is read for EXIT_GRACE_MS, then cut.
 */
import { childEnv } from '../../src/core/child-env.js';
import { runInGroup, type GroupOutcome } from '../../src/core/process-group.js';

/** Output beyond this is cut off and the process killed: a monitoring plugin prints a few lines. */
export const MAX_OUTPUT_BYTES = 1024 * 1024;
/** After the plugin exits, output still held open (by `sleep 60 &`, say) is read this long. */
export const EXIT_GRACE_MS = 250;

export type ProcessOutcome = GroupOutcome;

export interface RunRequest {
  file: string;
  args: string[];
  shell: boolean;
  cwd: string;
  env: Record<string, string>;
  signal: AbortSignal;
}

export function runProcess(request: RunRequest): Promise<ProcessOutcome> {
  return runInGroup({
    file: request.file,
    args: request.args,
    shell: request.shell,
    cwd: request.cwd,
    env: childEnv(process.env, request.env),
    signal: request.signal,
    maxOutputBytes: MAX_OUTPUT_BYTES,
    exitGraceMs: EXIT_GRACE_MS,
  });
}
