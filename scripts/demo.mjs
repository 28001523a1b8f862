#!/usr/bin/env node
/**
 * `npm run demo`: the main job end to end, on this machine only. Starts local targets on 127.0.0.1
 * (an HTTP server and a TLS server with a certificate made here), writes a config into .demo/
 * inside the checkout, runs `trackz check` twice against them, then shows `trackz history`.
 * One target is broken on purpose, so the check exits 1: that is what a failing check looks like.
 * Then it shares a dashboard of the targets and prints its link and the command that serves it;
 * `npm run demo -- --serve [--port N]` also runs `trackz serve` (the targets stay up) until Ctrl-C.
 *
 * `npm run demo -- --watch` opens `trackz watch` on the same targets instead (q quits); the targets
 * stay up as long as it runs. scripts/screenshot-watch.mjs uses `--serve-only` (targets and config, no run).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fullChain, issue } from './lib/pki.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const mode = args.includes('--watch') ? 'watch' : args.includes('--serve-only') ? 'serve-only' : 'check';
const keepServing = args.includes('--serve');
const portFlag = args.indexOf('--port');
const servePort = portFlag >= 0 ? Number(args[portFlag + 1]) : 8787;
const demo = process.env.TRACKZ_DEMO_DIR ?? join(root, '.demo');
rmSync(demo, { recursive: true, force: true });
mkdirSync(demo, { recursive: true });

const bold = process.stderr.isTTY && !process.env.NO_COLOR ? (t) => `\x1b[1m${t}\x1b[0m` : (t) => t;
const say = (text) => process.stderr.write(`\n${bold(`» ${text}`)}\n`);

// A small private PKI: a root the demo trusts, an intermediate, a leaf for localhost.
const ca = issue({ commonName: 'trackz Demo Root', isCA: true, notAfterDays: 3650 });
const intermediate = issue({ commonName: 'trackz Demo Intermediate', isCA: true, issuer: ca, notAfterDays: 1000 });
const leaf = issue({ commonName: 'localhost', altNames: ['localhost', '127.0.0.1'], issuer: intermediate, notAfterDays: 20 });
writeFileSync(join(demo, 'demo-ca.pem'), ca.cert);

const routes = (req, res) => {
  const send = (status, body, type = 'text/html') => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  if (req.url === '/') return send(200, '<h1>Welcome to the trackz demo</h1>');
  if (req.url === '/api/health') return send(200, JSON.stringify({ status: 'ok', db: 'up', queue: 3 }), 'application/json');
  if (req.url === '/slow') return setTimeout(() => send(200, 'eventually'), 700);
  if (req.url === '/old') return res.writeHead(301, { location: '/' }).end();
  return send(503, 'maintenance');
};
const http = createServer(routes);
const https = createHttpsServer({ key: leaf.key, cert: fullChain(leaf, intermediate) }, routes);
const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
const httpPort = await listen(http);
const httpsPort = await listen(https);

const config = `# Written by npm run demo: local targets on 127.0.0.1, data in .demo/trackz.db
workspace: demo
storage: { path: trackz.db }
defaults: { timeout: 3s, interval: 10s }
monitors:
  - name: homepage
    type: uptime
    url: http://127.0.0.1:${httpPort}/
    expect: { status: 200, body: { contains: Welcome } }
    tags: [web]
  - name: api-health
    type: uptime
    url: http://127.0.0.1:${httpPort}/api/health
    expect:
      json: [{ path: $.status, equals: ok }, { path: $.queue, lt: 100 }]
    tags: [api]
  - name: slow-page
    type: uptime
    url: http://127.0.0.1:${httpPort}/slow
    expect: { latency: { degraded: 500ms, down: 2s } }
    tags: [web]
  - name: moved-page
    type: uptime
    url: http://127.0.0.1:${httpPort}/old
    tags: [web]
  - name: checkout
    type: uptime
    url: http://127.0.0.1:${httpPort}/checkout
    tags: [web]
  - name: secure-site
    type: uptime
    url: https://localhost:${httpsPort}/
    ca: demo-ca.pem
    tags: [tls]
  - name: secure-cert
    type: ssl
    host: localhost
    port: ${httpsPort}
    ca: demo-ca.pem
    expect: { daysLeft: { degraded: 30, down: 7 } }
    tags: [tls]
  - name: https-port
    type: tcp
    host: 127.0.0.1
    port: ${httpsPort}
dashboards:
  - name: demo
    title: trackz demo
    description: The demo's local targets, checked every 10 seconds by trackz serve.
    monitors: [homepage, api-health, slow-page, moved-page, checkout, secure-site, secure-cert, https-port]
serve: { port: ${servePort} }
`;
writeFileSync(join(demo, 'trackz.config.yaml'), config);

// The servers live in this process, so the CLI must run asynchronously (spawnSync would block them).
const trackz = (...args) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/run.js'), ...args], { cwd: demo, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
const trackzOutput = (...args) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/run.js'), ...args], { cwd: demo, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', () => resolve(out));
  });

if (mode === 'watch') {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write('npm run demo -- --watch needs a terminal (run it in one, not through a pipe)\n');
    process.exit(2);
  }
  const code = await trackz('watch');
  http.close();
  https.close();
  process.exit(code);
}
if (mode === 'serve-only') {
  // For scripts that drive the CLI themselves: the targets stay up until this process is told to stop.
  process.stdout.write(`${demo}\n`);
  await new Promise((resolve) => process.once('SIGTERM', resolve));
  http.close();
  https.close();
  process.exit(0);
}

say('trackz validate');
await trackz('validate');
say('trackz check   (first run)');
await trackz('check');
say('trackz check --reporter table --reporter junit=report.xml   (second run, with a JUnit file)');
const code = await trackz('check', '--reporter', 'table', '--reporter', 'junit=report.xml');
say('trackz history homepage');
await trackz('history', 'homepage');
say('trackz history secure-cert --json   (first lines)');
const stdout = await trackzOutput('history', 'secure-cert', '--json');
process.stdout.write(`${stdout.split('\n').slice(0, 14).join('\n')}\n  …\n`);

say('trackz dashboard share demo   (a read-only link; only its hash is stored)');
const link = (await trackzOutput('dashboard', 'share', 'demo')).trim();
process.stdout.write(`Dashboard: ${link}\n`);

if (!keepServing) {
  http.close();
  https.close();
  say(`Done. The last check exited ${code}: "checkout" answers 503 on purpose, so the run fails like a real outage would.`);
  process.stderr.write('  Files: .demo/trackz.config.yaml, .demo/trackz.db, .demo/report.xml\n  Try: cd .demo && ../bin/run.js check --reporter json | head -40\n');
  process.stderr.write(`  Serve the dashboard (with the targets up): npm run demo -- --serve\n  or, against the targets' last state: cd .demo && ../bin/run.js serve --log-format text\n`);
} else {
  say(`trackz serve --log-format text   (open ${link}; Ctrl-C stops)`);
  const child = spawn(process.execPath, [join(root, 'bin/run.js'), 'serve', '--log-format', 'text'], { cwd: demo, stdio: 'inherit' });
  // Ctrl-C reaches the whole process group; a SIGTERM to this script is passed on. The targets stay up until serve has stopped.
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', () => {});
  process.on('SIGTERM', forward);
  const served = await new Promise((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)));
  http.close();
  https.close();
  process.exitCode = served;
}
