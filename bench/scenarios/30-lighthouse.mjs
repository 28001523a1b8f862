/**
 * Lighthouse: five local pages audited by `trackz check` (one Chrome for the run, Lighthouse loaded
 * once) against `lhci collect` from @lhci/cli (a Lighthouse CLI process and a Chrome per URL), both with
 * Debian's Chromium, the same Chrome flags, Lighthouse's default settings and one run per URL.
 * Aim: trackz wall time at most 0.8x lhci's. (lhci bundles its own Lighthouse, 12.6; trackz uses 12.8.)
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

export const name = 'lighthouse';
export const description = '5 local pages: trackz (one Chrome) vs lhci collect, same Chromium, 1 run per URL';

const PAGES = 5;
const CHROMIUM = '/usr/bin/chromium';
// trackz's own flags (plugins/lighthouse/chrome.ts) minus --headless=new, which lhci adds itself.
const CHROME_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function page(i) {
  const items = Array.from({ length: 20 * i }, (_, n) => `<li>item ${n} of page ${i}</li>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page ${i}</title><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="description" content="bench page ${i}"><style>body{font-family:sans-serif}</style></head><body><h1>Page ${i}</h1><ul>${items}</ul><script src="/app${i}.js"></script></body></html>`;
}

async function startPages() {
  const server = createServer((req, res) => {
    const html = /^\/p(\d)$/.exec(req.url ?? '');
    const js = /^\/app(\d)\.js$/.exec(req.url ?? '');
    if (html) return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(Number(html[1])));
    if (js) return res.writeHead(200, { 'content-type': 'text/javascript' }).end(`document.title += ' ready'; window.data = ${JSON.stringify('x'.repeat(5000 * Number(js[1])))};`);
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${server.address().port}` };
}

function timedChild(command, args, options) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 }));
  });
}

export async function run({ root, tmp, log }) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (scripts/setup-system.sh installs chromium)`);
  const lhci = join(root, 'node_modules/@lhci/cli/src/cli.js');
  if (!existsSync(lhci)) throw new Error('@lhci/cli is not installed (npm ci installs the dev dependencies)');
  const { server, base } = await startPages();
  const urls = Array.from({ length: PAGES }, (_, i) => `${base}/p${i + 1}`);
  try {
    writeFileSync(join(tmp, 'trackz.config.yaml'), `monitors:\n${urls.map((url, i) => `  - { name: page${i + 1}, type: lighthouse, url: "${url}" }`).join('\n')}\n`);
    // TMPDIR in the scenario's directory: the Chromium that lhci's Lighthouse kills leaves its singleton directory there.
    const env = { ...process.env, CHROME_PATH: CHROMIUM, NO_COLOR: '1', TMPDIR: tmp };

    log(`lhci collect: ${PAGES} URLs, 1 run each`);
    const peer = await timedChild(process.execPath, [lhci, 'collect', ...urls.map((url) => `--url=${url}`), '--numberOfRuns=1', `--settings.chromeFlags=${CHROME_FLAGS.join(' ')}`], { cwd: tmp, env });
    const reports = existsSync(join(tmp, '.lighthouseci')) ? readdirSync(join(tmp, '.lighthouseci')).filter((f) => /^lhr-.*\.json$/.test(f)).length : 0;
    if (peer.code !== 0 || reports !== PAGES) throw new Error(`lhci collect failed (exit ${peer.code}, ${reports} reports): ${peer.stderr.slice(-500)}`);

    log(`trackz check: ${PAGES} lighthouse monitors`);
    const ours = await timedChild(process.execPath, [join(root, 'bin/run.js'), 'check', '--no-store', '--reporter', 'json'], { cwd: tmp, env });
    const results = JSON.parse(ours.stdout).results;
    const audited = results.filter((r) => r.status === 'up' && typeof r.metrics.performance_score === 'number').length;
    if (audited !== PAGES) throw new Error(`trackz audited ${audited} of ${PAGES} pages: ${results.map((r) => r.message).join('; ')}`);

    const ratio = ours.seconds / peer.seconds;
    return [
      { metric: `wall time, ${PAGES} pages (trackz check, one Chrome)`, value: ours.seconds, unit: 's', peer: { name: 'lhci collect', value: peer.seconds }, ratio, aim: '≤ 0.8× lhci', ok: ratio <= 0.8 },
      { metric: 'per page, trackz', value: ours.seconds / PAGES, unit: 's' },
      { metric: 'per page, lhci collect', value: peer.seconds / PAGES, unit: 's' },
    ];
  } finally {
    server.closeAllConnections();
    server.close();
  }
}
