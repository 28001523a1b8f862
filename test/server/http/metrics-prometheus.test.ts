/**
 * /metrics of the real server: `promtool check metrics` accepts it, a token-protected /metrics refuses
 * a scrape without the Bearer (even from loopback), and a real Prometheus (Debian's package) with the
 * token in its scrape config scrapes it and answers a query for trackz's series.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { record } from '../../storage/contract/factory.js';
import { closedPort } from '../../helpers/ports.js';
import { useWorkspace } from '../../helpers/workspace.js';
import { call, SECRETS, startFixture, type Fixture } from './serve-fixture.js';

const ws = useWorkspace('trackz-serve-metrics-');
const TOKEN = 'metrics-token-0123456789abcdef';
let f: Fixture;
let prometheus: ChildProcess | undefined;
let log = '';

beforeAll(async () => {
  f = await startFixture(ws, { metricsToken: TOKEN });
  await f.storage.results.saveResults([record('web', Date.now() - 1000, 'up', { latencyMs: 42 }), record('api', Date.now() - 1000, 'down')]);
});
afterAll(async () => {
  if (prometheus && prometheus.exitCode === null) {
    const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
    prometheus.kill('SIGTERM');
    await exited;
  }
  await f.app.close();
  await f.storage.close();
});

describe('/metrics of trackz serve', () => {
  it('wants the Bearer token once one is configured, and passes promtool check metrics', async () => {
    expect((await call(f.base, '/metrics')).status).toBe(404);
    expect((await call(f.base, '/metrics', { headers: { Authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(404);
    const answer = await call(f.base, '/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('trackz_monitor_status{monitor="web"');
    for (const secret of [...Object.values(SECRETS), TOKEN]) expect(answer.body).not.toContain(secret);
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: answer.body, encoding: 'utf8' });
    expect(`${lint.stdout}${lint.stderr}`.trim()).toBe('');
    expect(lint.status).toBe(0);
  });

  it('is scraped by a real Prometheus that answers a query for trackz series', { timeout: 60_000 }, async () => {
    const target = new URL(f.base).host;
    const config = ws.write('prometheus.yml', `global: { scrape_interval: 1s }\nscrape_configs:\n  - job_name: trackz\n    authorization: { credentials: ${TOKEN} }\n    static_configs: [{ targets: ['${target}'] }]\n`);
    const port = await closedPort();
    prometheus = spawn('/usr/bin/prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${ws.path('data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
    prometheus.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
    const deadline = Date.now() + 30_000;
    let result: { metric: Record<string, string>; value: [number, string] }[] = [];
    while (Date.now() < deadline && result.length === 0) {
      try {
        const body = (await (await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent('trackz_monitor_status{status="down"} == 1')}`)).json()) as { data?: { result: typeof result } };
        result = body.data?.result ?? [];
      } catch {
        // not listening yet
      }
      if (result.length === 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(result.map((v) => v.metric.monitor), log).toEqual(['api']);
  });
});
