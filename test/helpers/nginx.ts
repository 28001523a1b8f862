/**
 * A real nginx (Debian's nginx-light, installed by scripts/setup-system.sh) on 127.0.0.1 with a
 * throw-away prefix: its own config, pid file, error log and access logs. Two access logs are written
 * for each request: `access.log` in nginx's `combined` format and `access-dnt.log` in combined plus
 * the DNT header ($http_dnt), which trackz reads with a custom format. With `proxyTo`, a second port is
 * a reverse proxy to that port on 127.0.0.1, configured as a README would tell a user (X-Forwarded-For
 * from $proxy_add_x_forwarded_for, X-Forwarded-Proto). The caller stops it: register
 * `afterAll(() => nginx?.stop())` at the top of the test file (hooks added inside beforeAll do not run).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NGINX = '/usr/sbin/nginx';

export interface Nginx {
  port: number;
  /** The reverse proxy's port (with `proxyTo`). */
  proxyPort?: number;
  prefix: string;
  combinedLog: string;
  dntLog: string;
  /** trackz's custom format for access-dnt.log. */
  dntFormat: string;
  /** Sends a GET from `from` (a 127.x.y.z address) with these headers; resolves to the status. */
  get(path: string, options: { from: string; userAgent?: string; dnt?: boolean; referrer?: string }): Promise<number>;
  /** Asks nginx to reopen its logs (what logrotate's postrotate does). */
  reopen(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function proxyServer(port: number, upstream: number): string {
  return `
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://127.0.0.1:${upstream};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }`;
}

function config(prefix: string, port: number, proxy?: { port: number; upstream: number }): string {
  return `
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  log_format combined_dnt '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_dnt"';
  client_body_temp_path ${prefix}/tmp/body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fastcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
  server {
    listen 127.0.0.1:${port};
    access_log ${prefix}/logs/access.log combined;
    access_log ${prefix}/logs/access-dnt.log combined_dnt;
    location = /missing { return 404 "no\\n"; }
    location ~ \\.(css|js|png)$ { return 200 "asset\\n"; }
    location / { return 200 "ok\\n"; }
  }${proxy ? proxyServer(proxy.port, proxy.upstream) : ''}
}
`;
}

export async function startNginx(options: { proxyTo?: number } = {}): Promise<Nginx> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: run scripts/setup-system.sh (Debian package nginx-light)`);
  const prefix = mkdtempSync(join(tmpdir(), 'trackz-nginx-'));
  for (const dir of ['logs', 'tmp']) mkdirSync(join(prefix, dir));
  // Run as root, nginx's workers are `nobody`: they must reach the logs to reopen them after a rotation.
  chmodSync(prefix, 0o755);
  chmodSync(join(prefix, 'logs'), 0o777);
  const port = await freePort();
  const proxyPort = options.proxyTo === undefined ? undefined : await freePort();
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(conf, config(prefix, port, proxyPort === undefined ? undefined : { port: proxyPort, upstream: options.proxyTo! }));
  const child: ChildProcess = spawn(NGINX, ['-p', prefix, '-e', join(prefix, 'error.log'), '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  // Ready when it accepts connections; bounded wait.
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${stderr}${existsSync(join(prefix, 'error.log')) ? readFileSync(join(prefix, 'error.log'), 'utf8') : ''}`);
    const up = await new Promise<boolean>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/health' }, (res) => {
        res.resume();
        res.on('end', () => resolve(true));
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (up) break;
    if (Date.now() > deadline) throw new Error(`nginx did not start on port ${port}: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(prefix, { recursive: true, force: true });
  };
  return {
    port,
    proxyPort,
    prefix,
    combinedLog: join(prefix, 'logs/access.log'),
    dntLog: join(prefix, 'logs/access-dnt.log'),
    dntFormat: '%h %^[%x] "%r" %s %b "%R" "%u" "%{dnt}"',
    get(path, { from, userAgent, dnt, referrer }) {
      return new Promise((resolve, reject) => {
        const headers: Record<string, string> = {};
        if (userAgent !== undefined) headers['user-agent'] = userAgent;
        if (dnt) headers.dnt = '1';
        if (referrer) headers.referer = referrer;
        const req = request({ host: '127.0.0.1', port, path, localAddress: from, headers, agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
    },
    reopen: () =>
      new Promise((resolve, reject) => execFile(NGINX, ['-p', prefix, '-e', join(prefix, 'error.log'), '-c', conf, '-s', 'reopen'], (error) => (error ? reject(error) : resolve()))),
    stop,
  };
}
