/**
 * Throughput: 1,000 uptime monitors against a local nginx, trackz vs prometheus-blackbox-exporter
 * probing the same targets at the same concurrency, in one run. Peak RSS at 10,000 monitors.
 * Aims: ≥ 1,000 checks/s; at least as fast as blackbox_exporter; peak RSS < 200 MB at 10,000.
 *
 * blackbox_exporter probes one target per HTTP request to /probe (the way Prometheus drives it);
 * the driver here keeps its connections to the exporter alive, so what is measured is the
 * exporter's probing: a fresh connection to the target, GET, status check — as trackz does.
 */
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { freePort, median, startNginxTarget, timed, waitForPort } from '../lib/peers.mjs';

export const name = 'throughput';
export const description = '1,000 uptime checks vs blackbox_exporter at the same concurrency; RSS at 10,000';

const CONCURRENCY = 64;
const MONITORS = 1000;
const REPEATS = 3;

function writeConfig(dir, port, count) {
  const lines = ['defaults: { timeout: 5s }', 'storage: { path: bench.db }', 'monitors:'];
  for (let i = 0; i < count; i++) lines.push(`  - { name: m${i}, type: uptime, url: "http://127.0.0.1:${port}/m/${i}" }`);
  const file = join(dir, `trackz-${count}.yaml`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function probeAll(exporterPort, targetPort, count, concurrency) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  let ok = 0;
  const one = (i) =>
    new Promise((resolve, reject) => {
      const path = `/probe?module=http_2xx&target=${encodeURIComponent(`http://127.0.0.1:${targetPort}/m/${i}`)}`;
      request({ host: '127.0.0.1', port: exporterPort, path, agent }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => {
          if (/^probe_success 1$/m.test(body)) ok++;
          resolve();
        });
      })
        .on('error', reject)
        .end();
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await one(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { seconds, ok };
}

export async function run({ root, tmp, which, log }) {
  if (!which('prometheus-blackbox-exporter')) throw new Error('prometheus-blackbox-exporter is not installed (scripts/setup-system.sh bench)');
  const target = await startNginxTarget(tmp);
  const bin = join(root, 'bin/run.js');
  const exporterPort = await freePort();
  writeFileSync(join(tmp, 'blackbox.yml'), 'modules:\n  http_2xx:\n    prober: http\n    timeout: 5s\n    http:\n      preferred_ip_protocol: ip4\n');
  const exporter = spawn('prometheus-blackbox-exporter', [`--config.file=${join(tmp, 'blackbox.yml')}`, `--web.listen-address=127.0.0.1:${exporterPort}`], { stdio: 'ignore' });
  try {
    await waitForPort(exporterPort);
    const config = writeConfig(tmp, target.port, MONITORS);
    const runTrackz = async (extra) => {
      const result = await timed(process.execPath, [bin, 'check', '--config', config, '--concurrency', String(CONCURRENCY), '--reporter', 'json', ...extra], { cwd: tmp, stdout: 'pipe' });
      const report = JSON.parse(result.stdout);
      if (report.summary.up !== MONITORS) throw new Error(`trackz: only ${report.summary.up}/${MONITORS} up`);
      // The checking itself, from the first check's start to the last one's end: comparable with a
      // warm exporter, which pays no start-up or config parsing per batch.
      const starts = report.results.map((r) => Date.parse(r.startedAt));
      const ends = report.results.map((r) => Date.parse(r.startedAt) + r.durationMs);
      result.checkingSeconds = (Math.max(...ends) - Math.min(...starts)) / 1000;
      return result;
    };
    // Warm both up once (page cache, JIT of the exporter's first requests).
    await runTrackz(['--no-store']);
    await probeAll(exporterPort, target.port, 200, CONCURRENCY);

    const trackzRuns = [];
    const storedRuns = [];
    const blackboxRuns = [];
    for (let i = 0; i < REPEATS; i++) {
      trackzRuns.push(await runTrackz(['--no-store']));
      storedRuns.push(await runTrackz([]));
      const bb = await probeAll(exporterPort, target.port, MONITORS, CONCURRENCY);
      if (bb.ok !== MONITORS) throw new Error(`blackbox_exporter: only ${bb.ok}/${MONITORS} probes succeeded`);
      blackboxRuns.push(bb);
    }
    const trackzRate = MONITORS / median(trackzRuns.map((r) => r.seconds));
    const checkingRate = MONITORS / median(trackzRuns.map((r) => r.checkingSeconds));
    const storedRate = MONITORS / median(storedRuns.map((r) => r.seconds));
    const blackboxRate = MONITORS / median(blackboxRuns.map((r) => r.seconds));
    log(`trackz ${trackzRate.toFixed(0)}/s (stored ${storedRate.toFixed(0)}/s), blackbox_exporter ${blackboxRate.toFixed(0)}/s`);

    const big = writeConfig(tmp, target.port, 10_000);
    const bigRun = await timed(process.execPath, [bin, 'check', '--config', big, '--concurrency', String(CONCURRENCY), '--reporter', 'json'], { cwd: tmp, stdout: 'pipe' });
    const bigUp = JSON.parse(bigRun.stdout).summary.up;
    log(`10,000 monitors: ${bigUp} up in ${bigRun.seconds.toFixed(1)} s, peak RSS ${bigRun.rssMb.toFixed(0)} MB`);

    return [
      { metric: `checks/s while checking, 1,000 monitors, concurrency ${CONCURRENCY}`, value: checkingRate, unit: 'checks/s', peer: { name: 'blackbox_exporter', value: blackboxRate }, ratio: checkingRate / blackboxRate, aim: '≥ 1,000/s and ≥ 1× blackbox', ok: checkingRate >= 1000 && checkingRate >= blackboxRate },
      { metric: 'checks/s, whole process (start-up, config, report)', value: trackzRate, unit: 'checks/s', peer: { name: 'blackbox_exporter', value: blackboxRate }, ratio: trackzRate / blackboxRate },
      { metric: 'checks/s, same, results stored in SQLite', value: storedRate, unit: 'checks/s', peer: { name: 'blackbox_exporter', value: blackboxRate }, ratio: storedRate / blackboxRate },
      { metric: 'peak RSS, 1,000 monitors', value: median(trackzRuns.map((r) => r.rssMb)), unit: 'MB' },
      { metric: `peak RSS, 10,000 monitors stored (${(10_000 / bigRun.seconds).toFixed(0)} checks/s)`, value: bigRun.rssMb, unit: 'MB', aim: '< 200 MB', ok: bigRun.rssMb < 200 && bigUp === 10_000 },
    ];
  } finally {
    exporter.kill();
    target.stop();
  }
}
