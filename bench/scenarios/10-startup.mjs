/**
 * Start-up: `trackz --version` and a one-monitor `trackz check` against bare `node -e 0`,
 * measured by hyperfine in the same run. Aim: within 3× bare node.
 */
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const name = 'startup';
export const description = 'trackz --version and a one-monitor check vs bare node (hyperfine)';

export async function run({ root, tmp, hyperfine, which }) {
  if (!which('hyperfine')) throw new Error('hyperfine is not installed (scripts/setup-system.sh bench)');
  // Find a free port, then serve from a child process: hyperfine blocks this one.
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = probe.address().port;
  await new Promise((resolve) => probe.close(resolve));
  writeFileSync(join(tmp, 'trackz.config.yaml'), `monitors:\n  - name: local\n    type: uptime\n    url: http://127.0.0.1:${port}/\n`);
  const bin = join(root, 'bin/run.js');
  const node = process.execPath;
  const commands = [`${node} -e 0`, `${node} ${bin} --version`, `${node} ${bin} check`, `${node} ${bin} check --no-store`];
  const { spawn } = await import('node:child_process');
  const child = spawn(node, ['-e', `require('http').createServer((q,s)=>s.end('ok')).listen(${port},'127.0.0.1')`], { stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  try {
    const times = hyperfine(commands, { cwd: tmp, runs: 30, warmup: 5 });
    const base = times[commands[0]].mean * 1000;
    const row = (metric, command) => {
      const ms = times[command].mean * 1000;
      const ratio = ms / base;
      return { metric, value: ms, unit: 'ms', peer: { name: 'node -e 0', value: base }, ratio, aim: '≤ 3× bare node', ok: ratio <= 3 };
    };
    return [row('trackz --version', commands[1]), row('trackz check (1 monitor, stored)', commands[2]), row('trackz check --no-store (1 monitor)', commands[3])];
  } finally {
    child.kill();
  }
}
