/**
 * Lighthouse with Debian's real Chromium, through the built trackz binary (run `node scripts/build.mjs`
 * first; `npm test` does). Audits are slow (seconds each), so this file runs a handful: one `trackz check`
 * with several lighthouse monitors, the report command on what it stored, and a Ctrl-C in mid-audit.
 * Chrome gets TMPDIR inside the workspace, so its processes are recognisable in /proc.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { execa } from 'execa';
import { createServer as createHttpsServer } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullChain, makeTestPki } from '../helpers/certs.js';
import { BIN, trackz } from '../helpers/cli.js';
import { closedPort } from '../helpers/ports.js';
import { startPagesServer, type PagesServer } from '../helpers/pages-server.js';
import { processesMatching, waitUntilGone, waitUntilRunning } from '../helpers/processes.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace('trackz-lighthouse-');
const tmp = workspace.path('tmp');
const chromeMarker = `${tmp}/trackz-chrome-`;
let pages: PagesServer;

interface JsonResult {
  monitor: string;
  status: string;
  message: string;
  metrics: Record<string, number>;
  assertions: { name: string; status: string; message: string }[];
  details: Record<string, unknown> | null;
}

beforeAll(async () => {
  mkdirSync(tmp, { recursive: true });
  pages = await startPagesServer();
});
afterAll(async () => {
  await pages?.close();
});

describe('lighthouse through the trackz binary, with real Chromium', () => {
  it('audits every monitor in one Chrome, one at a time; budgets are JUnit cases; a 500 page is down; no Chrome is left', { timeout: 300_000 }, async () => {
    workspace.write(
      'trackz.config.yaml',
      `monitors:
  - name: home
    type: lighthouse
    url: ${pages.url}/
    runs: 2
    budgets:
      performance: 0.5
      largest-contentful-paint: { degraded: 1ms, down: 60s }
  - name: heavy
    type: lighthouse
    url: ${pages.url}/heavy
    categories: [performance]
    budgets:
      resources: { script: 10KiB }
  - name: broken
    type: lighthouse
    url: ${pages.url}/500
    categories: [performance]
  - name: api
    type: uptime
    url: ${pages.url}/
`,
    );
    const result = await trackz(['check', '--reporter', 'json', '--reporter', 'junit=report.xml'], { cwd: workspace.dir, env: { TRACKZ_TRACE: '1', TMPDIR: tmp }, timeout: 280_000 });
    expect(result.exitCode, result.stderr).toBe(1);
    const results = Object.fromEntries((JSON.parse(result.stdout) as { results: JsonResult[] }).results.map((r) => [r.monitor, r]));

    const home = results.home!;
    expect(home.status, home.message).toBe('degraded');
    expect(home.message).toMatch(/^largest-contentful-paint [\d.]+m?s is at or above the degraded budget 1ms \(by [\d.]+m?s\)$/);
    for (const metric of ['performance_score', 'accessibility_score', 'best_practices_score', 'seo_score', 'lcp_ms', 'cls', 'tbt_ms', 'fcp_ms', 'speed_index_ms', 'ttfb_ms']) {
      expect(home.metrics[metric], metric).toBeTypeOf('number');
    }
    expect(home.metrics.runs).toBe(2);
    expect((home.details as { runs: unknown[] }).runs).toHaveLength(2);

    expect(results.heavy).toMatchObject({ status: 'down' });
    expect(results.heavy!.message).toMatch(/^script transfer size 19\.\d KiB is at or above the down budget 10 KiB \(by 9\.\d KiB\)$/);
    expect(results.broken).toMatchObject({ status: 'down' });
    expect(results.broken!.message).toMatch(/^the page failed to load: ERRORED_DOCUMENT_REQUEST: .*\(Status code: 500\)$/);
    expect(results.api!.status).toBe('up');

    const junit = readFileSync(workspace.path('report.xml'), 'utf8');
    expect(junit).toMatch(/<testcase name="budget\.performance" classname="trackz\.lighthouse\.home" time="[\d.]+"\/>/);
    expect(junit).toMatch(/<testcase name="budget\.largest-contentful-paint" classname="trackz\.lighthouse\.home"[^>]*>\s*<system-out>degraded: largest-contentful-paint .* \(by /);
    expect(junit).toMatch(/<testcase name="budget\.resource\.script" classname="trackz\.lighthouse\.heavy"[^>]*>\s*<failure message="script transfer size 19\.\d KiB is at or above the down budget 10 KiB \(by 9\.\d KiB\)" type="down">/);
    expect(junit).toMatch(/<testcase name="page" classname="trackz\.lighthouse\.broken"[^>]*>\s*<failure message="the page failed to load: ERRORED_DOCUMENT_REQUEST/);

    // One Chrome for the run, and audits strictly one after another.
    const trace = result.stderr.split('\n');
    expect(trace.filter((line) => line.includes('lighthouse: chrome launched'))).toHaveLength(1);
    const audits = trace.map((line) => /lighthouse: audit (start|end) (\S+) run (\d+)/.exec(line)).filter((m): m is RegExpExecArray => m !== null);
    expect(audits.map((m) => m[1])).toEqual(['start', 'end', 'start', 'end', 'start', 'end', 'start', 'end']);
    expect(audits.filter((m) => m[1] === 'start').map((m) => `${m[2]}#${m[3]}`)).toEqual(['home#1', 'home#2', 'heavy#1', 'broken#1']);
    expect(trace.some((line) => line.includes('lighthouse: chrome killed'))).toBe(true);

    expect(await waitUntilGone(chromeMarker)).toEqual([]);
    expect(readdirSync(tmp).filter((name) => name.startsWith('trackz-chrome-') || name.startsWith('org.chromium'))).toEqual([]);
  });

  it("`trackz lighthouse report` writes Lighthouse's own HTML report from what the check stored", { timeout: 60_000 }, async () => {
    const summary = await trackz(['lighthouse', 'report', 'home'], { cwd: workspace.dir });
    expect(summary.exitCode, summary.stderr).toBe(0);
    expect(summary.stdout).toMatch(new RegExp(`^home: Lighthouse 12\\.\\d+\\.\\d+ report of ${pages.url}/, \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\n  performance \\d\\.\\d\\d · accessibility`));

    const html = await trackz(['lighthouse', 'report', 'home', '--html', 'out/home.html'], { cwd: workspace.dir });
    expect(html.exitCode, html.stderr).toBe(0);
    expect(html.stderr).toContain(`wrote Lighthouse's HTML report to ${workspace.path('out/home.html')}`);
    const page = readFileSync(workspace.path('out/home.html'), 'utf8');
    expect(page).toContain('<title>Lighthouse Report</title>');
    expect(page).toContain(`"requestedUrl":"${pages.url}/"`);

    const json = await trackz(['lighthouse', 'report', 'broken', '--json', '-'], { cwd: workspace.dir });
    expect(json.exitCode, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).runtimeError.code).toBe('ERRORED_DOCUMENT_REQUEST');

    const typo = await trackz(['lighthouse', 'report', 'hom'], { cwd: workspace.dir });
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toBe('trackz: no monitor named "hom" (did you mean `home`?)');
    const notLighthouse = await trackz(['lighthouse', 'report', 'api'], { cwd: workspace.dir });
    expect(notLighthouse.exitCode).toBe(2);
    expect(notLighthouse.stderr).toBe('trackz: "api" is an uptime monitor; only lighthouse monitors have a Lighthouse report');
  });

  it('Ctrl-C during an audit stops the run and leaves no Chrome behind', { timeout: 120_000 }, async () => {
    workspace.write('hang.yaml', `monitors:\n  - name: slow\n    type: lighthouse\n    url: ${pages.url}/hang\n`);
    const child = execa(process.execPath, [BIN, 'check', '--config', 'hang.yaml', '--no-store'], {
      cwd: workspace.dir,
      env: { NO_COLOR: '1', TRACKZ_TRACE: '1', TMPDIR: tmp },
      reject: false,
      stdin: 'ignore',
      timeout: 110_000,
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Bounded waits: until Lighthouse has asked for the page (an audit in flight) and Chrome is up.
    const deadline = Date.now() + 60_000;
    while (!pages.requests.includes('/hang') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pages.requests).toContain('/hang');
    expect((await waitUntilRunning(chromeMarker, 5000)).length).toBeGreaterThan(0);

    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode, stderr).toBe(130);
    expect(String(result.stdout)).toMatch(/slow\s+│ lighthouse │ –\s+│ cancelled during the audit/);
    expect(stderr).toContain('lighthouse: chrome killed');
    expect(await waitUntilGone(chromeMarker)).toEqual([]);
    expect(processesMatching(chromeMarker)).toEqual([]);
    expect(readdirSync(tmp).filter((name) => name.startsWith('trackz-chrome-'))).toEqual([]);
  });

  it('a timeout during an audit is down, ends the run promptly and leaves no Chrome behind', { timeout: 120_000 }, async () => {
    workspace.write('timeout.yaml', `monitors:\n  - name: slow\n    type: lighthouse\n    url: ${pages.url}/hang\n    timeout: 3s\n`);
    const started = performance.now();
    const result = await trackz(['check', '--config', 'timeout.yaml', '--no-store', '--reporter', 'json'], { cwd: workspace.dir, env: { TMPDIR: tmp }, timeout: 100_000 });
    const seconds = (performance.now() - started) / 1000;
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stderr).toBe('');
    const [slow] = (JSON.parse(result.stdout) as { results: JsonResult[] }).results;
    expect(slow).toMatchObject({ status: 'down', message: 'timeout after 3s during the audit' });
    // Lighthouse would wait up to 45 s for the page; the abandoned audit must not hold the process.
    expect(seconds).toBeLessThan(30);
    expect(await waitUntilGone(chromeMarker)).toEqual([]);
  });

  it('ca: and insecure: as uptime has them; an unreachable page is down in uptime’s words, without Chrome', { timeout: 180_000 }, async () => {
    const pki = makeTestPki();
    const page = '<!doctype html><html lang="en"><head><title>tls</title><meta name="viewport" content="width=device-width"></head><body><h1>hello</h1></body></html>';
    const servers = [
      createHttpsServer({ key: pki.good.key, cert: fullChain(pki.good, pki.intermediate) }, (_req, res) => res.end(page)),
      createHttpsServer({ key: pki.selfSigned.key, cert: pki.selfSigned.cert }, (_req, res) => res.end(page)),
    ];
    const [privateCa, selfSigned] = await Promise.all(servers.map((server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)))));
    workspace.write('tls/root.pem', pki.root.cert);
    const refused = await closedPort();
    workspace.write(
      'tls/trackz.config.yaml',
      `monitors:
  - { name: refused, type: lighthouse, url: "http://127.0.0.1:${refused}/", categories: [seo] }
  - { name: untrusted, type: lighthouse, url: "https://localhost:${privateCa}/", categories: [seo] }
  - { name: private-ca, type: lighthouse, url: "https://localhost:${privateCa}/", ca: root.pem, categories: [seo] }
  - { name: self-signed, type: lighthouse, url: "https://localhost:${selfSigned}/", insecure: true, categories: [seo] }
`,
    );
    try {
      const result = await trackz(['check', '--no-store', '--reporter', 'json'], { cwd: workspace.path('tls'), env: { TRACKZ_TRACE: '1', TMPDIR: tmp }, timeout: 170_000 });
      const results = Object.fromEntries((JSON.parse(result.stdout) as { results: JsonResult[] }).results.map((r) => [r.monitor, r]));
      expect(results.refused).toMatchObject({ status: 'down', message: `connection refused by 127.0.0.1:${refused}` });
      expect(results.untrusted).toMatchObject({ status: 'down', message: 'TLS: unknown CA: the chain the server sent ends at a CA that is not trusted (a private CA? trust it with ca:)' });
      // Chrome does not know the test root: these audits ran only because trackz told it which certificate to accept.
      expect(results['private-ca']!.status, results['private-ca']!.message).toBe('up');
      expect(results['private-ca']!.metrics.seo_score).toBeTypeOf('number');
      expect(results['self-signed']!.status, results['self-signed']!.message).toBe('up');
      // No Chrome for pages that cannot be reached; one per certificate setting for the others.
      const trace = result.stderr.split('\n');
      const starts = trace.map((line) => /lighthouse: audit start (\S+)/.exec(line)?.[1]).filter(Boolean);
      expect(starts).toEqual(['private-ca', 'self-signed']);
      expect(trace.filter((line) => line.includes('lighthouse: chrome launched'))).toHaveLength(2);
      expect(await waitUntilGone(chromeMarker)).toEqual([]);
    } finally {
      for (const server of servers) server.close();
    }
  });

  it('without a browser, the check is unknown and says what to install or fix', { timeout: 60_000 }, async () => {
    workspace.write('nochrome.yaml', `monitors:\n  - name: home\n    type: lighthouse\n    url: ${pages.url}/\n`);
    const result = await trackz(['check', '--config', 'nochrome.yaml', '--no-store', '--reporter', 'json'], { cwd: workspace.dir, env: { CHROME_PATH: '/nonexistent/chrome', TMPDIR: tmp } });
    expect(result.exitCode).toBe(1);
    const [home] = (JSON.parse(result.stdout) as { results: JsonResult[] }).results;
    expect(home).toMatchObject({ status: 'unknown', message: 'CHROME_PATH is set to /nonexistent/chrome, which does not exist' });
  });
});
