/** A real trackz server on 127.0.0.1 over a real SQLite file, with a config that holds secrets to look for. */
import { request } from 'node:http';
import { hashToken, newApiKey, newDashboardToken } from '../../../src/access/tokens.js';
import { loadConfig } from '../../../src/config/load.js';
import { createLogger } from '../../../src/core/log.js';
import { createTrackzServer, type TrackzServer } from '../../../src/server/create-server.js';
import { openStorage } from '../../../src/storage/open.js';
import type { Storage } from '../../../src/storage/ports/index.js';
import type { Workspace } from '../../helpers/workspace.js';

export const SECRETS = {
  header: 'hdr-value-9f8e7d6c5b4a',
  webhook: 'https://hooks.example.com/services/T0SECRETWEBHOOK42',
  smtp: 'smtp-pass-1a2b3c4d5e',
};

export const CONFIG = `
workspace: serve-test
monitors:
  - name: web
    type: uptime
    url: http://127.0.0.1:9/
    tags: [public]
    headers: { X-Api-Token: "${SECRETS.header}" }
  - name: api
    type: uptime
    url: http://127.0.0.1:9/api
    tags: [public]
  - name: secret-backend
    type: tcp
    host: 127.0.0.1
    port: 9
alerts:
  channels:
    - name: chat
      type: webhook
      url: ${SECRETS.webhook}
    - name: mail
      type: email
      to: [ops@example.com]
      smtp: { host: 127.0.0.1, port: 2525, user: u, pass: "${SECRETS.smtp}" }
  rules:
    - name: all
      channels: [chat]
dashboards:
  - name: status
    title: "Status <img src=x onerror=alert(1)>"
    description: Our services
    monitors: [tag:public]
`;

export interface Fixture {
  storage: Storage;
  app: TrackzServer;
  base: string;
  token: string;
  viewerKey: string;
  operatorKey: string;
}

export async function startFixture(ws: Workspace, options: { throttle?: { freeMisses: number; stepMs: number }; postgresUrl?: string; metricsToken?: string; config?: string } = {}): Promise<Fixture> {
  const storageYaml = options.postgresUrl ? `storage:\n  url: "${options.postgresUrl}"\n` : 'storage:\n  path: ./trackz.db\n';
  const serveYaml = options.metricsToken ? `serve:\n  metricsToken: ${options.metricsToken}\n` : '';
  const file = ws.write('trackz.yaml', `${storageYaml}${serveYaml}${options.config ?? CONFIG}`);
  const config = await loadConfig({ configPath: file, env: {} });
  const storage = await openStorage({ target: config.storage.target, workspace: config.workspace });
  const token = newDashboardToken();
  await storage.access.shareDashboard('status', hashToken(token), Date.now());
  const viewerKey = newApiKey();
  const operatorKey = newApiKey();
  await storage.access.createKey('viewer1', 'viewer', hashToken(viewerKey), Date.now());
  await storage.access.createKey('op1', 'operator', hashToken(operatorKey), Date.now());
  const throttle = { freeMisses: 1_000, windowMs: 60_000, stepMs: 250, maxDelayMs: 5_000, maxPending: 4, maxAddresses: 100, ...options.throttle };
  const app = createTrackzServer({ config, storage, log: createLogger('test', 'silent'), throttle, timeouts: { headersMs: 1_000, requestMs: 2_000 } });
  const address = await app.listen(0, '127.0.0.1');
  return { storage, app, base: `http://127.0.0.1:${address.port}`, token, viewerKey, operatorKey };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request with node:http (fetch refuses some of the hostile shapes these tests send). */
export function call(base: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base);
    // The path goes out as written (a URL would normalise the dot segments these tests send).
    const req = request({ host: hostname, port, path, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
