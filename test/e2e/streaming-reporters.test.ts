/**
 * The streaming reporters through the real binary: TAP and JSON Lines write each result while other
 * checks are still running (a target holds its answer until the test has read the first result), and
 * a streamed report to a file appears whole, under its name, only once the run is over.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type ServerResponse, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltFor } from '../helpers/built.js';
import { BIN } from '../helpers/cli.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-stream-');
let server: Server;
const held: ServerResponse[] = [];

beforeAll(async () => {
  ensureBuiltFor(['src', 'plugins']);
  server = createServer((req, res) => {
    if (req.url === '/hold') held.push(res);
    else res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  ws.write('trackz.config.yaml', `monitors:\n  - { name: held, type: uptime, url: "http://127.0.0.1:${port}/hold", timeout: 20s }\n  - { name: fast, type: uptime, url: "http://127.0.0.1:${port}/ok" }\n`);
});
afterAll(async () => {
  for (const res of held.splice(0)) res.end('ok');
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface Running {
  child: ChildProcess;
  stdout(): string;
  /** Resolves with stdout once `pattern` appears in it (bounded). */
  waitFor(pattern: RegExp): Promise<string>;
  exit: Promise<number | null>;
}

function start(args: string[]): Running {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ws.dir, env: { ...process.env, NO_COLOR: '1', TRACKZ_LOG: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr!.resume();
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    async waitFor(pattern) {
      for (let i = 0; i < 300 && !pattern.test(out); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      if (!pattern.test(out)) throw new Error(`no ${pattern} in ${JSON.stringify(out)}`);
      return out;
    },
    exit,
  };
}

/** Answers every held request, once the first has arrived. */
async function release(): Promise<void> {
  for (let i = 0; i < 200 && held.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  for (const res of held.splice(0)) res.end('ok');
}

describe('streaming reporters', () => {
  it('tap: the plan and the first test point are out while another check still runs', async () => {
    const run = start(['check', '--no-store', '--reporter', 'tap']);
    const early = await run.waitFor(/^ok 1 - fast$/m);
    expect(early).toBe('TAP version 14\n1..2\nok 1 - fast\n');
    expect(run.child.exitCode).toBeNull();
    await release();
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toBe('TAP version 14\n1..2\nok 1 - fast\nok 2 - held\n');
  });

  it('jsonl: one result line as each check ends, then a summary line', async () => {
    const run = start(['check', '--no-store', '--reporter', 'jsonl']);
    const early = await run.waitFor(/\n/);
    expect(early.split('\n').filter(Boolean)).toHaveLength(1);
    expect(JSON.parse(early)).toMatchObject({ event: 'result', monitor: 'fast', type: 'uptime', status: 'up', attempts: 1, assertions: [expect.objectContaining({ name: 'status', status: 'up' })] });
    expect(run.child.exitCode).toBeNull();
    await release();
    expect(await run.exit).toBe(0);
    const lines = run.stdout().trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.event, line.monitor])).toEqual([
      ['result', 'fast'],
      ['result', 'held'],
      ['summary', undefined],
    ]);
    expect(lines[2]).toMatchObject({ event: 'summary', version: 1, failOn: 'down', exitCode: 0, summary: { total: 2, up: 2, degraded: 0, down: 0, unknown: 0 } });
    // The same objects as the JSON report's, field for field.
    expect(Object.keys(lines[0]).slice(1)).toEqual(['monitor', 'type', 'tags', 'status', 'message', 'latencyMs', 'startedAt', 'durationMs', 'attempts', 'metrics', 'assertions', 'details']);
  });

  it('a streamed report to a file is built beside it and appears only when complete', async () => {
    const target = ws.path('reports', 'run.tap');
    const run = start(['check', '--no-store', '--reporter', `tap=${target}`, '--reporter', 'jsonl']);
    await run.waitFor(/"monitor":"fast"/);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(ws.path('reports'))).toEqual([expect.stringMatching(/^\.run\.tap\.\d+\.\d+\.tmp$/)]);
    await release();
    expect(await run.exit).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('TAP version 14\n1..2\nok 1 - fast\nok 2 - held\n');
    expect(readdirSync(ws.path('reports'))).toEqual(['run.tap']);
  });
});
