/** Runs the real, built `trackz` binary as a subprocess, the way a user or a CI job does. */
import { execa, type Options } from 'execa';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url));
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function trackz(args: string[], options: Options & { cwd: string }): Promise<CliResult> {
  const result = await execa(process.execPath, [BIN, ...args], {
    reject: false,
    stdin: 'ignore',
    timeout: 60_000,
    ...options,
    env: { NO_COLOR: '1', TRACKZ_LOG: 'warn', ...options.env },
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
}
