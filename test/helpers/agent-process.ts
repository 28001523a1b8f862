/**
 * The real `trackz agent` binary as a subprocess: started with `--port 0`, ready once it prints the
 * address it listens on; stopped with SIGTERM, or killed with SIGKILL to test what survives a crash.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from './cli.js';

export interface AgentProcess {
  child: ChildProcess;
  port: number;
  base: string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** SIGTERM, then waits for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL, then waits until it is gone. */
  kill9(): Promise<void>;
}

export async function startAgentProcess(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<AgentProcess> {
  const child = spawn(process.execPath, [BIN, 'agent', '--port', '0', ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', TRACKZ_LOG: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`trackz agent did not start in 30 s:\n${stderr}`)), 30_000);
    const onData = () => {
      const match = /API on http:\/\/[^\s]*:(\d+)\//.exec(stderr);
      if (!match) return;
      clearTimeout(timer);
      child.stderr!.off('data', onData);
      resolve(Number(match[1]));
    };
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`trackz agent exited with ${code} before it listened:\n${stderr}`));
    });
  });
  return {
    child,
    port,
    base: `http://127.0.0.1:${port}`,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
