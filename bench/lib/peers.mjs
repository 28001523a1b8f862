/** Real peers for the benchmarks: an nginx target and a free-port helper. Everything runs on 127.0.0.1. */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function waitForPort(port, timeoutMs = 10_000) {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listening on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

/** nginx answering 200 "ok" on every path: a target fast enough never to be the bottleneck. */
export async function startNginxTarget(dir) {
  const port = await freePort();
  const prefix = join(dir, 'nginx');
  for (const sub of ['logs', 'tmp']) mkdirSync(join(prefix, sub), { recursive: true });
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path ${prefix}/tmp/body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fastcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
  server {
    listen 127.0.0.1:${port} backlog=4096;
    location / { default_type text/plain; return 200 "ok\\n"; }
  }
}
`,
  );
  const child = spawn('/usr/sbin/nginx', ['-p', prefix, '-c', conf], { stdio: 'ignore' });
  await waitForPort(port);
  return { port, stop: () => child.kill('SIGQUIT') };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs a command and returns wall seconds and peak RSS (MB) via GNU time. */
export function timed(command, args, { cwd, env, stdout = 'ignore' } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M', command, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', stdout, 'pipe'] });
    let stderr = '';
    let out = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout?.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const rssKb = Number(stderr.trim().split('\n').pop());
      resolve({ code, seconds, rssMb: rssKb / 1024, stdout: out, stderr });
    });
  });
}
