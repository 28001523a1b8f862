/**
 * Beacon ingestion: wrk (Debian's) POSTs beacons of EVENTS page views each to /collect of the
 * standalone collect server (dist/src/server/collect/standalone.js, SQLite, DB-IP country lookup) on
 * loopback. Two runs: a steady one (events accepted per second and stored per second, counted in the
 * database), then one where the server gets SIGTERM mid-load: every event answered 202 must be
 * stored (202s counted by wrk's Lua, rows counted in SQLite after the server exits). Aim ≥ 10,000/s.
 * All requests come from one address and User-Agent (one visitor): the rate limit is raised for it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const name = 'collect';
export const description = 'POST /collect under wrk on loopback: events accepted and stored per second; none lost on SIGTERM';

const EVENTS = 10;
const ORIGIN = 'http://bench.example';

function luaScript(counts) {
  const events = Array.from({ length: EVENTS }, (_, i) => `{\\"kind\\":\\"pageview\\",\\"url\\":\\"/page/${i}\\"}`).join(',');
  return `
wrk.method = "POST"
wrk.body = "{\\"site\\":\\"bench\\",\\"width\\":1280,\\"events\\":[${events}]}"
wrk.headers["Content-Type"] = "text/plain"
wrk.headers["Origin"] = "${ORIGIN}"
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) accepted = 0 end
function response(status, headers, body) if status == 202 then accepted = accepted + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("accepted") end
  local f = io.open("${counts}", "w")
  f:write(total .. " " .. summary.requests .. " " .. summary.duration .. "\\n")
  f:close()
end
`;
}

function startServer(root, tmp, config) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'dist/src/server/collect/standalone.js'), '--config', config, '--port', '0', '--rate', '100000000'], { cwd: tmp, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const port = /listening (\d+)/.exec(out)?.[1];
      if (port) resolve({ child, port, output: () => out });
    });
    child.on('exit', (code) => reject(new Error(`collect server exited (${code}) before listening`)));
  });
}

const exited = (child) => new Promise((resolve) => child.on('exit', (code) => resolve(code)));

function wrk(tmp, port, seconds, counts) {
  const script = join(tmp, 'post.lua');
  writeFileSync(script, luaScript(counts));
  return spawn('wrk', ['-t2', '-c32', `-d${seconds}s`, '-s', script, `http://127.0.0.1:${port}/collect`], { stdio: ['ignore', 'ignore', 'ignore'] });
}

function readCounts(file) {
  const [accepted, requests, micros] = spawnSync('cat', [file], { encoding: 'utf8' }).stdout.trim().split(' ').map(Number);
  return { accepted, requests, seconds: micros / 1e6 };
}

export async function run({ root, tmp, log, which }) {
  if (!which('wrk')) throw new Error('wrk is missing: run scripts/setup-system.sh');
  const Database = createRequire(join(root, 'package.json'))('better-sqlite3');
  const rows = (db) => {
    const handle = new Database(join(tmp, db), { readonly: true });
    try {
      return handle.prepare('SELECT COUNT(*) FROM site_page_views').pluck().get();
    } finally {
      handle.close();
    }
  };
  const results = [];
  for (const [label, stopAfterMs] of [['steady', 0], ['sigterm', 2500]]) {
    const db = `${label}.db`;
    const config = join(tmp, `${label}.yaml`);
    writeFileSync(config, `storage: { path: ${db} }\nsites:\n  - name: bench\n    collect: { origins: ["${ORIGIN}"] }\n    privacy: { maxSessions: 100000000 }\n`);
    const server = await startServer(root, tmp, config);
    const counts = join(tmp, `${label}.counts`);
    const load = wrk(tmp, server.port, 5, counts);
    const started = performance.now();
    if (stopAfterMs) {
      await new Promise((resolve) => setTimeout(resolve, stopAfterMs));
      server.child.kill('SIGTERM');
      await exited(server.child);
      await exited(load);
    } else {
      await exited(load);
      server.child.kill('SIGTERM');
      await exited(server.child);
    }
    const wall = (performance.now() - started) / 1000;
    const { accepted, requests, seconds } = readCounts(counts);
    const stored = rows(db);
    log(`${label}: ${requests} requests, ${accepted} answered 202 (${accepted * EVENTS} events), ${stored} rows stored; server said "${server.output().trim().split('\n').pop()}"`);
    results.push({ label, acceptedEvents: accepted * EVENTS, stored, seconds: stopAfterMs ? stopAfterMs / 1000 : seconds, wall });
  }
  const [steady, sigterm] = results;
  return [
    { metric: 'events accepted per second (202, steady)', value: steady.acceptedEvents / steady.seconds, unit: 'events/s', aim: '≥ 10,000/s', ok: steady.acceptedEvents / steady.seconds >= 10_000 },
    { metric: 'events stored per second (rows, incl. the final flush)', value: steady.stored / steady.wall, unit: 'events/s', aim: '≥ 10,000/s', ok: steady.stored / steady.wall >= 10_000 },
    // wrk stops counting when its time is up, while its last in-flight requests (≤ one per connection) are still answered and stored.
    { metric: 'steady: rows stored beyond the 202s wrk counted (in flight at its end)', value: steady.stored - steady.acceptedEvents, unit: 'events', aim: '0 ≤ n ≤ 32 × events', ok: steady.stored >= steady.acceptedEvents && steady.stored - steady.acceptedEvents <= 32 * EVENTS },
    { metric: 'SIGTERM mid-load: events accepted (202)', value: sigterm.acceptedEvents, unit: 'events' },
    { metric: 'SIGTERM mid-load: accepted but not stored', value: sigterm.acceptedEvents - sigterm.stored, unit: 'events', aim: '0', ok: sigterm.acceptedEvents === sigterm.stored },
  ];
}
