/**
 * SMTP: 200 checks with STARTTLS (banner, EHLO, STARTTLS, certificate judged, EHLO again, QUIT)
 * against a local smtp-server, in checks per second, by `trackz check` at concurrency 32; the same
 * 200 checks as Nagios runs them — one check_smtp -S process each (monitoring-plugins), 32 at a time —
 * as the reference in the same run. Median of three runs each.
 *
 * With `ca:` every TLS connection currently builds a new SecureContext from the system roots plus the
 * extra CA (src/core/connect.ts trustedCas → tls.connect({ ca })), about 45 ms of CPU each, which caps
 * such checks near 20/s on this machine; that figure is reported separately so it stays visible.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const name = 'smtp';
export const description = '200 SMTP checks with STARTTLS against a local server: checks/s (vs check_smtp -S processes)';

const CHECKS = 200;
const CONCURRENCY = 32;
const REPEATS = 3;
const CHECK_SMTP = '/usr/lib/nagios/plugins/check_smtp';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function exec(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('exit', (code) => resolve({ code, stdout }));
  });
}

async function checkSmtpRound(port) {
  let next = 0;
  let ok = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CHECKS) {
        next++;
        const { code } = await exec(CHECK_SMTP, ['-H', '127.0.0.1', '-p', String(port), '-S', '-t', '10']);
        if (code === 0) ok++;
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, ok };
}

export async function run({ root, tmp, trackz, log }) {
  const { SMTPServer } = await import(pathToFileURL(join(root, 'node_modules/smtp-server/dist/esm/smtp-server.js')).href);
  const pki = await import(pathToFileURL(join(root, 'scripts/lib/pki.mjs')).href);
  const rootCa = pki.issue({ commonName: 'trackz bench CA', isCA: true, notAfterDays: 365 });
  const leaf = pki.issue({ commonName: 'localhost', altNames: ['localhost', '127.0.0.1'], issuer: rootCa, notAfterDays: 200 });
  writeFileSync(join(tmp, 'ca.pem'), rootCa.cert);
  const server = new SMTPServer({ key: leaf.key, cert: leaf.cert, logger: false, disableReverseLookup: true, authOptional: true, closeTimeout: 100, maxClients: 1000 });
  server.on('error', () => {});
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.server.address().port;
  try {
    // The main figure trusts no extra CA (as with a public CA): `insecure` reports the bench CA's chain
    // as untrusted without failing on it, and everything else (handshake, judging the certificate) runs.
    // A second figure with `ca:` shows what a private CA costs today (see the note in the scenario header).
    const write = (file, extra) => {
      const lines = ['monitors:'];
      for (let i = 0; i < CHECKS; i++) lines.push(`  - { name: mail${i}, type: smtp, host: 127.0.0.1, port: ${port}, starttls: required, ehloName: bench.test, ${extra} }`);
      writeFileSync(join(tmp, file), `${lines.join('\n')}\n`);
    };
    write('public.yaml', 'insecure: true');
    write('private-ca.yaml', 'ca: ca.pem');

    const measure = async (config, rounds) => {
      const whole = [];
      const phase = [];
      for (let round = 1; round <= rounds; round++) {
        const started = performance.now();
        const result = await trackz(['check', '--config', config, '--no-store', '--reporter', 'json', '--concurrency', String(CONCURRENCY)], { cwd: tmp });
        const seconds = (performance.now() - started) / 1000;
        const report = JSON.parse(result.stdout);
        const up = report.results.filter((r) => r.status === 'up' && r.metrics.starttls_ms !== undefined).length;
        if (up !== CHECKS) throw new Error(`${config} round ${round}: ${up} of ${CHECKS} SMTP checks up: ${report.results.find((r) => r.status !== 'up')?.message}`);
        whole.push(CHECKS / seconds);
        phase.push(CHECKS / (report.durationMs / 1000));
        log(`trackz ${config} round ${round}: ${seconds.toFixed(2)} s wall, ${(report.durationMs / 1000).toFixed(2)} s checking`);
      }
      return { whole: median(whole), phase: median(phase) };
    };
    const ours = await measure('public.yaml', REPEATS);
    const privateCa = await measure('private-ca.yaml', 1);

    const rows = [];
    if (existsSync(CHECK_SMTP)) {
      const peer = [];
      for (let round = 1; round <= REPEATS; round++) {
        const { seconds, ok } = await checkSmtpRound(port);
        if (ok !== CHECKS) throw new Error(`check_smtp round ${round}: ${ok} of ${CHECKS} OK`);
        peer.push(CHECKS / seconds);
        log(`check_smtp round ${round}: ${seconds.toFixed(2)} s`);
      }
      const theirs = median(peer);
      rows.push({ metric: `${CHECKS} STARTTLS checks, whole trackz check`, value: ours.whole, unit: 'checks/s', peer: { name: `check_smtp -S x${CHECKS}`, value: theirs }, ratio: ours.whole / theirs });
    } else {
      rows.push({ metric: `${CHECKS} STARTTLS checks, whole trackz check`, value: ours.whole, unit: 'checks/s' });
    }
    rows.push({ metric: `${CHECKS} STARTTLS checks, checking phase only`, value: ours.phase, unit: 'checks/s' });
    rows.push({ metric: `same with ca: (private CA), checking phase`, value: privateCa.phase, unit: 'checks/s' });
    return rows;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
