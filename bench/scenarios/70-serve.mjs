/**
 * `trackz serve` under load, beside peers measured in the same run:
 * - wrk against a dashboard's status.json and a badge, and against a bare node:http server answering
 *   a cached JSON body (the same bytes): requests/s (aim ≥ 0.5× the bare server), p99, and the
 *   daemon's RSS before and after (aim: flat);
 * - 1,000 SSE clients on one dashboard: RSS added (aim < 100 MB), and for each update in 4 s, whether
 *   every client got it and the spread of its arrival times over the clients (aim: all, within a second);
 * - 1,000 uptime monitors at 30 s intervals against a local target: the daemon's CPU over one
 *   interval, in % of one core (aim < 10%).
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, createServer, get } from 'node:http';
import { join } from 'node:path';

export const name = 'serve';
export const description = 'trackz serve: wrk on status.json and a badge vs bare node:http; 1,000 SSE clients; 1,000 monitors at 30 s';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const ticks = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
};
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);

function startServe(root, cwd) {
  const child = spawn(process.execPath, [join(root, 'bin/run.js'), 'serve', '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TRACKZ_LOG: 'info' } });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.includes('listening on'));
      if (line) resolve({ child, url: JSON.parse(line).fields.url, stop: () => new Promise((done) => (child.once('exit', done), child.kill('SIGTERM'))) });
    });
    child.once('exit', (code) => reject(new Error(`trackz serve exited ${code}: ${out}`)));
  });
}

function wrk(url, seconds = 8) {
  const result = spawnSync('wrk', ['-t2', '-c64', `-d${seconds}s`, '--latency', url], { encoding: 'utf8' });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(result.stdout)?.[1]);
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s)/m.exec(result.stdout);
  const p99Ms = p99 ? Number(p99[1]) * { us: 0.001, ms: 1, s: 1000 }[p99[2]] : NaN;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(result.stdout)?.[1] ?? 0);
  return { rps, p99Ms, non2xx };
}

async function bareServer(body) {
  const script = `const b=Buffer.from(${JSON.stringify(body)});require('node:http').createServer((q,s)=>{s.writeHead(200,{'content-type':'application/json','content-length':b.length});s.end(b)}).listen(0,'127.0.0.1',function(){console.log(this.address().port)})`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

export async function run({ root, tmp, trackz, log }) {
  const rows = [];
  // A local target for the monitors: answers 200 at once.
  const target = createServer((req, res) => res.end('ok'));
  await new Promise((resolve) => target.listen(0, '127.0.0.1', resolve));
  const targetUrl = `http://127.0.0.1:${target.address().port}`;

  // --- HTTP: 20 monitors on a dashboard, 2 s intervals (results keep arriving while wrk runs).
  const http = join(tmp, 'http');
  spawnSync('mkdir', ['-p', http]);
  const names = Array.from({ length: 20 }, (_, i) => `m${i}`);
  writeFileSync(join(http, 'trackz.config.yaml'), `workspace: bench\nstorage: { path: bench.db }\nmonitors:\n${names.map((n) => `  - { name: ${n}, type: uptime, url: "${targetUrl}/${n}", interval: 2s }`).join('\n')}\ndashboards:\n  - { name: status, title: Bench, monitors: [${names.join(', ')}] }\n`);
  const share = await trackz(['dashboard', 'share', 'status'], { cwd: http });
  const link = share.stdout.trim();
  const serve = await startServe(root, http);
  const base = link.replace(/^http:\/\/[^/]+/, serve.url);
  await sleep(5_000);
  const body = await (await fetch(`${base}/status.json`)).text();
  const bare = await bareServer(body);
  const rssCold = rssMb(serve.child.pid);
  // A warm-up of both routes first: V8's heap grows once to its working size under 64 connections; flat means no growth after that.
  wrk(`${base}/status.json`, 3);
  wrk(`${base}/badge/m0.svg`, 3);
  const rssBefore = rssMb(serve.child.pid);
  const peer = wrk(bare.url);
  const status = wrk(`${base}/status.json`);
  const badge = wrk(`${base}/badge/m0.svg`);
  const peer2 = wrk(bare.url);
  const rssAfter = rssMb(serve.child.pid);
  bare.stop();
  const peerRps = Math.max(peer.rps, peer2.rps);
  log(`bare node:http ${peer.rps.toFixed(0)}/${peer2.rps.toFixed(0)} req/s; status.json ${status.rps.toFixed(0)} (p99 ${status.p99Ms} ms, non-2xx ${status.non2xx}); badge ${badge.rps.toFixed(0)} (p99 ${badge.p99Ms} ms, non-2xx ${badge.non2xx})`);
  rows.push({ metric: 'status.json requests/s', value: Math.round(status.rps), unit: 'req/s', peer: { name: 'bare node:http, cached JSON', value: Math.round(peerRps) }, ratio: status.rps / peerRps, aim: '≥ 0.5×', ok: status.rps / peerRps >= 0.5 && status.non2xx === 0 });
  rows.push({ metric: 'status.json p99', value: status.p99Ms, unit: 'ms', peer: { name: 'bare node:http', value: peer.p99Ms } });
  rows.push({ metric: 'badge requests/s', value: Math.round(badge.rps), unit: 'req/s', peer: { name: 'bare node:http, cached JSON', value: Math.round(peerRps) }, ratio: badge.rps / peerRps, aim: '≥ 0.5×', ok: badge.rps / peerRps >= 0.5 && badge.non2xx === 0 });
  rows.push({ metric: 'badge p99', value: badge.p99Ms, unit: 'ms' });
  rows.push({ metric: 'RSS cold → warmed up → after 16 s more wrk', value: `${rssCold.toFixed(0)} → ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)}`, unit: 'MB', aim: 'flat after warm-up (< +10 MB)', ok: rssAfter - rssBefore < 10 });

  // --- 1,000 SSE clients on the same dashboard; each batch of results pushes an update to all.
  const CLIENTS = 1000;
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS + 10 });
  const rssSseBefore = rssMb(serve.child.pid);
  // Per update event (its `id:`), when each client had all of it: the spread of one event from its
  // first to its last client is what "every client gets each update within a second" means.
  const arrivals = new Map();
  const streams = [];
  let watchingSince = Infinity;
  await Promise.all(
    Array.from({ length: CLIENTS }, (_, i) =>
      new Promise((resolve, reject) => {
        const req = get(`${base}/events`, { agent }, (res) => {
          res.setEncoding('utf8');
          let pending = '';
          res.on('data', (chunk) => {
            pending += chunk;
            let end;
            while ((end = pending.indexOf('\n\n')) !== -1) {
              const event = pending.slice(0, end);
              pending = pending.slice(end + 2);
              if (!event.includes('event: update')) continue;
              const id = /^id: (.*)$/m.exec(event)?.[1];
              const at = performance.now();
              if (id === undefined || at < watchingSince) continue;
              const times = arrivals.get(id) ?? new Map();
              if (!times.has(i)) times.set(i, at);
              arrivals.set(id, times);
            }
          });
          resolve();
        });
        req.on('error', reject);
        streams.push(req);
      }),
    ),
  );
  await sleep(2_000);
  const rssSse = rssMb(serve.child.pid);
  watchingSince = performance.now();
  await sleep(5_000);
  // Events whose first arrival came well after watching began (an event half-delivered at that moment
  // is left out); each should reach every client, and its spread is first to last client.
  const events = [...arrivals.values()].filter((times) => Math.min(...times.values()) > watchingSince + 100 && Math.max(...times.values()) < watchingSince + 4_000);
  const spreads = events.map((times) => Math.max(...times.values()) - Math.min(...times.values()));
  const complete = events.filter((times) => times.size === CLIENTS).length;
  const worstSpread = spreads.length ? Math.max(...spreads) : NaN;
  const medianSpread = spreads.length ? spreads.sort((a, b) => a - b)[spreads.length >> 1] : NaN;
  log(`SSE: ${CLIENTS} clients, RSS ${rssSseBefore.toFixed(0)} → ${rssSse.toFixed(0)} MB; ${events.length} updates, ${complete} reached every client; spread median ${medianSpread?.toFixed(0)} ms, worst ${worstSpread.toFixed(0)} ms`);
  rows.push({ metric: `RSS added by ${CLIENTS} SSE clients`, value: Math.round(rssSse - rssSseBefore), unit: 'MB', aim: '< 100 MB', ok: rssSse - rssSseBefore < 100 });
  rows.push({ metric: 'SSE updates that reached every client', value: `${complete} of ${events.length}`, unit: 'updates', aim: 'all', ok: events.length > 0 && complete === events.length });
  rows.push({ metric: 'SSE update spread, first to last client (worst update)', value: Math.round(worstSpread), unit: 'ms', aim: '< 1,000 ms', ok: worstSpread < 1000 });
  rows.push({ metric: 'SSE update spread (median update)', value: Math.round(medianSpread), unit: 'ms' });
  for (const req of streams) req.destroy();
  agent.destroy();
  await serve.stop();

  // --- 1,000 monitors at 30 s: CPU over one interval once the first round has settled.
  const many = join(tmp, 'many');
  spawnSync('mkdir', ['-p', many]);
  writeFileSync(join(many, 'trackz.config.yaml'), `workspace: bench\nstorage: { path: bench.db }\nmonitors:\n${Array.from({ length: 1000 }, (_, i) => `  - { name: c${i}, type: uptime, url: "${targetUrl}/c/${i}", interval: 30s }`).join('\n')}\n`);
  const daemon = await startServe(root, many);
  await sleep(35_000);
  const t0 = ticks(daemon.child.pid);
  const w0 = performance.now();
  await sleep(30_000);
  const cpu = ((ticks(daemon.child.pid) - t0) / CLK_TCK / ((performance.now() - w0) / 1000)) * 100;
  const rssMany = rssMb(daemon.child.pid);
  await daemon.stop();
  target.close();
  log(`1,000 monitors at 30 s: ${cpu.toFixed(1)}% of one core over 30 s, RSS ${rssMany.toFixed(0)} MB`);
  rows.push({ metric: 'CPU, 1,000 monitors at 30 s', value: Number(cpu.toFixed(1)), unit: '% of one core', aim: '< 10%', ok: cpu < 10 });
  rows.push({ metric: 'RSS, 1,000 monitors at 30 s', value: Math.round(rssMany), unit: 'MB' });
  return rows;
}
