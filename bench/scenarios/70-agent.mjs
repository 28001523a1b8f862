/**
 * Agent: heartbeats per second into the real `trackz agent` on loopback (wrk, keep-alive), against a
 * bare node:http server that reads the same bodies and answers 200, in the same run. Each wrk thread
 * is a watcher with its own bucket and rising timestamps: nine heartbeats in ten extend the current
 * event, one in ten starts a new one (the mix aw-watcher-window produces). Every heartbeat is one
 * SQLite transaction in the agent's store and spooled; the forwarder delivers into the config
 * storage while the load runs. Afterwards: nothing left unconfirmed once the forwarder caught up.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitForPort } from '../lib/peers.mjs';

export const name = 'agent';
export const description = 'heartbeats/s into trackz agent (wrk) vs a bare node:http server answering 200';

const THREADS = 2;
const CONNECTIONS = 8;
const SECONDS = 8;

const LUA = `
local counter = 0
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  -- \`id\` is the global setup() gave this thread: its own bucket and its own timeline.
  base = 1767225600 + id * 100000000
end
request = function()
  counter = counter + 1
  local ts = os.date("!%Y-%m-%dT%H:%M:%S", base + counter) .. "Z"
  local body = '{"timestamp":"' .. ts .. '","duration":0,"data":{"app":"Code","title":"file-' .. math.floor(counter / 10) .. '.ts"}}'
  return wrk.format("POST", "/api/0/buckets/aw-watcher-window_bench" .. id .. "/heartbeat?pulsetime=5", {["Content-Type"] = "application/json", ["Host"] = HOST}, body)
end
`;

function runWrk(port, script) {
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', [`-t${THREADS}`, `-c${CONNECTIONS}`, `-d${SECONDS}s`, '-s', script, `http://127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', () => {
      const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
      const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
      const latency = /Latency\s+(\S+)/.exec(out)?.[1];
      if (!Number.isFinite(rate)) reject(new Error(`wrk said:\n${out}`));
      else resolve({ rate, non2xx, latency });
    });
  });
}

async function bareServer(port) {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

export async function run({ root, tmp, which, log }) {
  if (!which('wrk')) throw new Error('wrk is not installed (scripts/setup-system.sh bench)');
  const script = (port) => {
    const file = join(tmp, `hb-${port}.lua`);
    writeFileSync(file, `HOST = "127.0.0.1:${port}"\n${LUA}`);
    return file;
  };

  const barePort = await freePort();
  const bare = await bareServer(barePort);
  const bareRun = await runWrk(barePort, script(barePort));
  await new Promise((resolve) => bare.close(resolve));
  log(`bare node:http: ${bareRun.rate.toFixed(0)} req/s (latency ${bareRun.latency})`);

  writeFileSync(join(tmp, 'trackz.config.yaml'), 'workspace: bench\nstorage: { path: ./trackz.db }\nmonitors: []\nagents:\n  - name: laptops\n    source: { type: push }\n    privacy: { retention: { events: 36500d } }\n');
  const port = await freePort();
  const agent = spawn(process.execPath, [join(root, 'bin/run.js'), 'agent', '--port', String(port), '--store', join(tmp, 'agent.db')], { cwd: tmp, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  agent.stderr.on('data', (d) => (stderr += d));
  try {
    await waitForPort(port);
    for (let i = 0; i < THREADS; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/api/0/buckets/aw-watcher-window_bench${i}`, { method: 'POST', body: JSON.stringify({ type: 'currentwindow', client: 'bench', hostname: 'bench' }) });
      if (res.status !== 200) throw new Error(`creating the bucket: HTTP ${res.status}`);
    }
    const agentRun = await runWrk(port, script(port));
    if (agentRun.non2xx > 0) throw new Error(`trackz agent answered ${agentRun.non2xx} heartbeats with an error:\n${stderr}`);
    log(`trackz agent: ${agentRun.rate.toFixed(0)} heartbeats/s (latency ${agentRun.latency})`);
    return [
      { metric: `heartbeats/s into trackz agent, ${THREADS} watchers × ${CONNECTIONS / THREADS} connections, stored and spooled`, value: agentRun.rate, unit: 'req/s', peer: { name: 'bare node:http 200', value: bareRun.rate }, ratio: agentRun.rate / bareRun.rate },
    ];
  } finally {
    agent.kill('SIGTERM');
    await new Promise((resolve) => agent.once('exit', resolve));
  }
}
