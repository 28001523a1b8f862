/**
 * A real Prometheus (Debian's prometheus package, the one that ships promtool) scrapes renderMetrics
 * from a node:http server on 127.0.0.1 and answers queries for trackz's series through its HTTP API:
 * the exposition is not only lint-clean but what a scraper reads, hostile label values included.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMetrics, type MetricsSnapshot } from '../../../src/server/views/metrics.js';
import { PROMETHEUS_CONTENT_TYPE } from '../../../src/server/views/prometheus-text.js';
import { closedPort } from '../../helpers/ports.js';
import { useWorkspace } from '../../helpers/workspace.js';

const workspace = useWorkspace('trackz-prometheus-');
const HOSTILE = 'web "edge" \\ {a="b"}';
const SNAPSHOT: MetricsSnapshot = {
  monitors: [
    { name: HOSTILE, type: 'uptime', status: 'down', checkedAt: Date.now(), latencyMs: null, phasesMs: { dns: 2 }, uptimePercent: { '24h': 97.5 } },
    { name: 'api', type: 'uptime', status: 'up', checkedAt: Date.now(), latencyMs: 120, phasesMs: { dns: 1, connect: 2, tls: 8, ttfb: 100, transfer: 9, total: 120 }, certDaysLeft: 40 },
  ],
  alerts: [{ monitor: HOSTILE, rule: 'default', phase: 'down', muted: false }],
  schedulerLagMs: 4,
};

let target: Server;
let prometheus: ChildProcess;
let api: string;
let log = '';

beforeAll(async () => {
  target = createServer((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE }).end(renderMetrics(SNAPSHOT));
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const targetPort = (target.address() as AddressInfo).port;
  const config = workspace.write(
    'prometheus.yml',
    `global: { scrape_interval: 1s, evaluation_interval: 1s }\nscrape_configs:\n  - job_name: trackz\n    static_configs: [{ targets: ['127.0.0.1:${targetPort}'] }]\n`,
  );
  const port = await closedPort();
  api = `http://127.0.0.1:${port}/api/v1`;
  prometheus = spawn(
    '/usr/bin/prometheus',
    [`--config.file=${config}`, `--storage.tsdb.path=${workspace.path('data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  prometheus.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
});

afterAll(async () => {
  if (prometheus && prometheus.exitCode === null) {
    const exited = new Promise((resolve) => prometheus.once('exit', resolve));
    prometheus.kill('SIGTERM');
    await exited;
  }
  await new Promise<void>((resolve) => (target ? target.close(() => resolve()) : resolve()));
});

interface Vector {
  metric: Record<string, string>;
  value: [number, string];
}

/** Queries until the result is non-empty (bounded: Prometheus needs a moment to start and scrape). */
async function query(expression: string): Promise<Vector[]> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${api}/query?query=${encodeURIComponent(expression)}`);
      const body = (await response.json()) as { status: string; data?: { result: Vector[] } };
      if (body.status === 'success' && body.data!.result.length > 0) return body.data!.result;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no answer for ${expression} within 30 s; prometheus said:\n${log}`);
}

describe('a real Prometheus scraping renderMetrics', () => {
  it('scrapes the target and answers queries for trackz series, hostile label values intact', { timeout: 60_000 }, async () => {
    const up = await query('up{job="trackz"}');
    expect(up[0]!.value[1]).toBe('1');
    const down = await query('trackz_monitor_status{status="down"} == 1');
    expect(down.map((v) => v.metric.monitor)).toEqual([HOSTILE]);
    const phases = await query('trackz_monitor_phase_seconds{monitor="api"}');
    expect(phases.map((v) => v.metric.phase).sort()).toEqual(['connect', 'dns', 'tls', 'total', 'transfer', 'ttfb']);
    const cert = await query('trackz_certificate_time_left_seconds / 86400');
    expect(Number(cert[0]!.value[1])).toBe(40);
    const alert = await query('trackz_alert_state{state="down"}');
    expect(alert[0]!.metric).toMatchObject({ monitor: HOSTILE, rule: 'default' });
  });
});
